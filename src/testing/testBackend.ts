import type { Table } from 'dynamodb-toolbox/table'

import type { BatchWriteInput } from '../client/batch/batchWrite.js'
import { createClient, type MonotableClient } from '../client/createClient.js'
import { ensureTable } from '../schema/ensureTable.js'
import { type LocalBackend, startLocal } from '../local/startLocal.js'

export interface TestBackendOptions {
  /**
   * Point the AWS SDK of this process at the backend through `AWS_ENDPOINT_URL_DYNAMODB` (and set
   * a region and dummy credentials where none are set), so an app that builds its own client from
   * the environment reaches it. Default `true`.
   */
  env?: boolean
}

/** The embedded backend of this test worker, and what tests do with it. */
export interface TestBackend {
  /** e.g. `http://127.0.0.1:40123` */
  readonly endpoint: string
  /** A client on the backend. */
  readonly client: MonotableClient
  readonly local: LocalBackend
  /** Creates the tables that do not exist yet in this worker's backend; a table is created once. */
  createTables(...tables: readonly Table[]): Promise<void>
  /** Removes every item of these tables (of every table when none is given); the tables stay. */
  reset(...tables: readonly Table[]): Promise<void>
  /** Writes fixtures built by entities (`Customer.batchPut(...)`, ...); resolves with the count. */
  load(requests: BatchWriteInput): Promise<number>
}

const WORKER_BACKEND = Symbol.for('monotable.testing.backend')
const LOCAL_REGION = 'us-east-1'

/**
 * The embedded backend for this test worker: started on the first call (in about 5 ms, in this
 * process, on a random port), the same one on every later call. The options of the first call apply.
 *
 * @example
 * // vitest setupFiles: runs before each test file imports the app
 * await startTestBackend()
 */
export function startTestBackend(options: TestBackendOptions = {}): Promise<TestBackend> {
  const worker = globalThis as { [WORKER_BACKEND]?: Promise<TestBackend> }
  worker[WORKER_BACKEND] ??= createTestBackend(options).catch(error => {
    delete worker[WORKER_BACKEND]
    throw error
  })
  return worker[WORKER_BACKEND]
}

async function createTestBackend(options: TestBackendOptions): Promise<TestBackend> {
  const local = await startLocal()
  if (options.env !== false) pointEnvironmentAt(local.endpoint)
  const client = createClient({ endpoint: local.endpoint })
  const created = new Map<string, Promise<unknown>>()
  return {
    endpoint: local.endpoint,
    client,
    local,
    async createTables(...tables) {
      await Promise.all(
        tables.map(table => {
          const name = table.getName()
          let creation = created.get(name)
          if (creation === undefined) {
            creation = ensureTable(table)
            // A failed creation may be retried by a later call.
            creation.catch(() => created.delete(name))
            created.set(name, creation)
          }
          return creation
        })
      )
    },
    reset: (...tables) =>
      local.clearItems(tables.length === 0 ? undefined : tables.map(table => table.getName())),
    async load(requests) {
      const { written } = await client.batchWrite(requests)
      return written
    }
  }
}

function pointEnvironmentAt(endpoint: string): void {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint
  process.env.AWS_REGION ??= LOCAL_REGION
  if (process.env.AWS_ACCESS_KEY_ID === undefined && process.env.AWS_PROFILE === undefined) {
    process.env.AWS_ACCESS_KEY_ID = 'local'
    process.env.AWS_SECRET_ACCESS_KEY = 'local'
  }
}

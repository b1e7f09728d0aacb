import type { Table } from 'dynamodb-toolbox/table'

import type { BatchWriteInput } from '../client/batch/batchWrite.js'
import { startTestBackend, type TestBackend, type TestBackendOptions } from './testBackend.js'

/** The hooks of the test framework: vitest's `{ beforeAll, beforeEach }`, or jest's globals. */
export interface TestHooks {
  beforeAll(hook: () => Promise<void>): void
  beforeEach(hook: () => Promise<void>): void
}

/** What a test file declares on the worker's backend. */
export interface TestTablesSetup {
  /** Created once per worker. */
  tables: readonly Table[]
  /** Written before every test, after the reset. */
  fixtures?: () => BatchWriteInput
}

export type TestTables<SETUP extends TestTablesSetup> = SETUP & { readonly backend: TestBackend }

/**
 * Wires a test file to the worker's embedded backend: before all tests, starts it (once per
 * worker), calls `setup` with it (build your tables and entities on `backend.client`) and creates
 * the tables (once per worker); before each test, empties them and loads the fixtures. The object
 * returned is filled in before the first test runs.
 *
 * @example
 * const t = useTestTables({ beforeAll, beforeEach }, ({ client }) => {
 *   const app = createApp(client)
 *   return { app, tables: [app.table], fixtures: () => [app.User.batchPut(ada)] }
 * })
 * it('reads a fixture', async () => expect(await t.app.User.get({ userId: 'ada' })).toBeDefined())
 */
export function useTestTables<SETUP extends TestTablesSetup>(
  hooks: TestHooks,
  setup: (backend: TestBackend) => SETUP | Promise<SETUP>,
  options: TestBackendOptions = {}
): TestTables<SETUP> {
  const context = {} as TestTables<SETUP>
  hooks.beforeAll(async () => {
    const backend = await startTestBackend(options)
    const declared = await setup(backend)
    await backend.createTables(...declared.tables)
    Object.assign(context, declared, { backend })
  })
  hooks.beforeEach(async () => {
    const { backend, tables, fixtures } = context
    await backend.reset(...tables)
    if (fixtures !== undefined) await backend.load(fixtures())
  })
  return context
}

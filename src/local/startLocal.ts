import type { RequestListener, Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { extendDynalite } from './dynalite/extendDynalite.js'
import { createDynalite } from './dynalite/internals.js'
import { countItemSizesInUtf8 } from './dynalite/utf8ItemSize.js'
import { IdempotencyTokens } from './idempotencyTokens.js'
import { ReadWriteLock } from './readWriteLock.js'
import { createRouter } from './router.js'

export interface StartLocalOptions {
  /** Port to listen on; a random free port when absent. */
  port?: number
  /** Interface to bind; loopback by default so nothing outside this machine can reach it. */
  host?: string
}

export interface LocalBackend {
  /** e.g. `http://127.0.0.1:40123`, ready for `createClient({ endpoint })`. */
  readonly endpoint: string
  readonly port: number
  /** Stops listening, drops open connections and frees the port. */
  close(): Promise<void>
}

const DEFAULT_HOST = '127.0.0.1'

/**
 * Starts an in-memory DynamoDB-compatible server in this process: dynalite, plus
 * TransactWriteItems and TransactGetItems, global secondary indexes with multi-attribute keys,
 * indexes added and removed by UpdateTable, and DynamoDB's behaviour where dynalite differs (batch
 * limits counted across tables, 16 MB BatchGetItem responses, complete UnprocessedKeys, item sizes
 * in UTF-8, `ReturnValuesOnConditionCheckFailure`, index key checks, set member order). Tables and
 * indexes become ACTIVE at once. No Docker, Java or AWS account is involved; it speaks HTTP to any
 * DynamoDB client.
 *
 * @example
 * const local = await startLocal()
 * const client = createClient({ endpoint: local.endpoint })
 * // ...
 * await local.close()
 */
export async function startLocal(options: StartLocalOptions = {}): Promise<LocalBackend> {
  const host = options.host ?? DEFAULT_HOST
  countItemSizesInUtf8()
  extendDynalite()
  const { server, store } = createDynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  routeRequests(
    server,
    createRouter.bind(null, { store, lock: new ReadWriteLock(), tokens: new IdempotencyTokens() })
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const endpointHost = host.includes(':') ? `[${host}]` : host
  let closing: Promise<void> | undefined
  return {
    endpoint: `http://${endpointHost}:${port}`,
    port,
    close: () => (closing ??= closeServer(server))
  }
}

/** Puts monotable's router in front of dynalite's own request handler. */
function routeRequests(
  server: Server,
  router: (dynaliteHandler: RequestListener) => RequestListener
): void {
  const [dynaliteHandler] = server.listeners('request') as RequestListener[]
  if (dynaliteHandler === undefined) throw new Error('dynalite exposes no request handler')
  server.removeAllListeners('request')
  server.on('request', router(dynaliteHandler))
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    // dynalite's close also closes its store once the HTTP server has stopped.
    server.close(error => (error ? reject(error) : resolve()))
    server.closeAllConnections()
  })
}

import type { RequestListener, Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { ERROR_CODES, MonotableError } from '../client/errors/index.js'
import { clearItems } from './clearItems.js'
import { databaseOf } from './dynalite/database.js'
import { extendDynalite } from './dynalite/extendDynalite.js'
import { countItemSizesInUtf8 } from './dynalite/utf8ItemSize.js'
import { IdempotencyTokens } from './idempotencyTokens.js'
import { resolveLocalOptions } from './localOptions.js'
import { openDynalite } from './openDynalite.js'
import type { LocalContext } from './operations/context.js'
import { ReadWriteLock } from './readWriteLock.js'
import { createRouter } from './router.js'
import { expireItems } from './timeToLive/expireItems.js'
import { ExpirySweeper } from './timeToLive/expirySweeper.js'
import { TimeToLiveSettings } from './timeToLive/timeToLiveSettings.js'

export interface StartLocalOptions {
  /** Port to listen on; a random free port when absent. */
  port?: number
  /** Interface to bind; loopback by default so nothing outside this machine can reach it. */
  host?: string
  /**
   * A directory to keep tables and items in (a LevelDB database, created when missing), so that a
   * backend started again on it finds them; in memory when absent. One backend at a time may have
   * a directory open: another, in this process or in another one, fails to start with a
   * `DataDirError`.
   */
  dataDir?: string
  /**
   * How often expired items (time to live) are deleted, in milliseconds: 1000 by default; 0 never
   * in the background (`expireNow()` still deletes them).
   */
  ttlSweepIntervalMs?: number
  /**
   * The backend's clock, in epoch milliseconds like `Date.now` (the default): what time to live
   * compares TTL attributes with, and what the 10-minute idempotency window is counted on.
   */
  now?: () => number
}

export interface LocalBackend {
  /** e.g. `http://127.0.0.1:40123`, ready for `createClient({ endpoint })`. */
  readonly endpoint: string
  readonly port: number
  /**
   * Stops listening, drops open connections, frees the port, and closes the database (releasing
   * the data directory, if any). Waits for a running `expireNow` or `clearItems` first.
   */
  close(): Promise<void>
  /**
   * Deletes, now, every item whose time to live has expired by the backend's clock, as the
   * background sweep does; resolves with how many it deleted.
   */
  expireNow(): Promise<number>
  /**
   * Removes every item (and every secondary index entry) of the tables, all of them when no
   * names are given; the tables themselves stay. Far faster than deleting items one by one, for
   * resetting state between tests. Rejects with code `local.tableNotFound` if a table is missing.
   */
  clearItems(tableNames?: readonly string[]): Promise<void>
}

/**
 * Starts a DynamoDB-compatible server in this process: dynalite, plus TransactWriteItems and
 * TransactGetItems, time to live, global secondary indexes with multi-attribute keys, indexes
 * added and removed by UpdateTable, and DynamoDB's behaviour where dynalite differs (batch limits
 * counted across tables, 16 MB BatchGetItem responses, complete UnprocessedKeys, item sizes in
 * UTF-8, `ReturnValuesOnConditionCheckFailure`, index key checks, set member order). Tables and
 * indexes become ACTIVE at once. In memory unless given a `dataDir`. No Docker, Java or AWS
 * account is involved; it speaks HTTP to any DynamoDB client.
 *
 * @example
 * const local = await startLocal() // or startLocal({ dataDir: '.monotable' }) to keep data
 * const client = createClient({ endpoint: local.endpoint })
 * // ...
 * await local.clearItems() // between tests: empty every table, keep the tables
 * await local.close()
 */
export async function startLocal(options: StartLocalOptions = {}): Promise<LocalBackend> {
  const { port, host, dataDir, ttlSweepIntervalMs, now } = resolveLocalOptions(options)
  countItemSizesInUtf8()
  extendDynalite()
  const { server, store, releaseDataDir } = await openDynalite(dataDir)
  const context: LocalContext = {
    store,
    lock: new ReadWriteLock(),
    tokens: new IdempotencyTokens(now),
    timeToLive: new TimeToLiveSettings(databaseOf(store))
  }
  routeRequests(server, createRouter.bind(null, context))
  try {
    await listen(server, port, host)
  } catch (error) {
    await databaseOf(store)
      .close()
      .catch(() => undefined)
    releaseDataDir()
    throw error
  }
  const sweeper = new ExpirySweeper(() => expireItems(context, now()), ttlSweepIntervalMs)
  const clearing = new Set<Promise<void>>()
  let closing: Promise<void> | undefined
  const ifOpen = <RESULT>(work: () => Promise<RESULT>): Promise<RESULT> =>
    closing === undefined
      ? work()
      : Promise.reject(new MonotableError(ERROR_CODES.localClosed, 'The local backend is closed'))

  const { port: boundPort } = server.address() as AddressInfo
  const endpointHost = host.includes(':') ? `[${host}]` : host
  return {
    endpoint: `http://${endpointHost}:${boundPort}`,
    port: boundPort,
    close: () =>
      (closing ??= (async () => {
        // The database must outlive what runs on it in this process.
        await Promise.allSettled([sweeper.stop(), ...clearing])
        await closeServer(server).finally(releaseDataDir)
      })()),
    expireNow: () => ifOpen(() => sweeper.sweepNow()),
    clearItems: tableNames =>
      ifOpen(() => {
        const cleared = clearItems(context, tableNames)
        clearing.add(cleared)
        const forget = () => clearing.delete(cleared)
        cleared.then(forget, forget)
        return cleared
      })
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
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

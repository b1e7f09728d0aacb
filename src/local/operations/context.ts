import type { Store } from '../dynalite/internals.js'
import type { IdempotencyTokens } from '../idempotencyTokens.js'
import type { ReadWriteLock } from '../readWriteLock.js'
import type { TimeToLiveSettings } from '../timeToLive/timeToLiveSettings.js'

/** What every operation of the embedded backend works with. */
export interface LocalContext {
  readonly store: Store
  /** Transactions run exclusive; every other request shared. */
  readonly lock: ReadWriteLock
  readonly tokens: IdempotencyTokens
  readonly timeToLive: TimeToLiveSettings
}

export type Request = Record<string, unknown>
export type Response = Record<string, unknown>
export type Operation = (context: LocalContext, request: Request) => Promise<Response>

import type { Store } from './internals.js'

/** A key range of {@link LevelDatabase}; keys are strings (see ./storeLayout.ts). */
export interface KeyRange {
  gte: string
  lt: string
}

/** What we use of dynalite's abstract-level database (promise forms; dynalite adds callbacks). */
export interface LevelDatabase {
  readonly status: string
  open(): Promise<void>
  get(key: string): Promise<unknown>
  put(key: string, value: unknown): Promise<void>
  del(key: string): Promise<void>
  clear(range: KeyRange): Promise<void>
  keys(range: KeyRange): AsyncIterable<string>
  values(range: KeyRange): AsyncIterable<unknown>
  close(): Promise<void>
}

/**
 * The database behind dynalite's store (LevelDB with a data directory, memory-level without):
 * every table, item and index lives in it. dynalite's store holds it as `db`.
 */
export function databaseOf(store: Store): LevelDatabase {
  return (store as Store & { db: LevelDatabase }).db
}

import type { Entity } from 'dynamodb-toolbox/entity'

/**
 * What the batch engine needs to know of an operation (batchWrite, batchGet) and of its requests.
 */

/** One request (a write, or a distinct key to read) as the engine tracks it. */
export interface BatchEntry {
  /** Position in the caller's input. */
  readonly index: number
  readonly entity: Entity
  /** Table name plus the item's key values: the identity DynamoDB deduplicates on. */
  readonly keyId: string
  readonly table: string
  /** Bytes this entry adds to a call's body (0 for gets: their limit is on the response). */
  readonly wireBytes: number
  /** HTTP attempts that carried it. */
  attempts: number
  /** Epoch ms before which the entry must not be sent again. */
  notBefore: number
  /** Why its last attempt failed: a DynamoDB error name or `UnprocessedItems`. */
  lastFailure?: string
  /** Whether an attempt may have been applied although it failed (a reset, a 5xx, an abort). */
  mayHaveBeenApplied: boolean
  /** Epoch ms of the first time the table refused it (throttled, or handed back unprocessed). */
  firstRefusedAt?: number
}

export interface BatchOperation<ENTRY extends BatchEntry, OUTPUT> {
  readonly maxEntriesPerCall: number
  /** Request body budget per call, when the operation has one. */
  readonly maxBytesPerCall: number
  /** Cause recorded for entries a successful response left unprocessed. */
  readonly unprocessedCause: string
  /**
   * One HTTP attempt, no retries inside. An abort does not cut it short: the run waits for the
   * calls in flight (one attempt each), so that every request ends written or handed back, never
   * both.
   */
  send(entries: readonly ENTRY[]): Promise<OUTPUT>
  /** The entries of `sent` that the response says were not processed. */
  unprocessed(output: OUTPUT, sent: readonly ENTRY[]): ENTRY[]
  /**
   * Takes in the entries a response processed; returns those it could not use (an item that does
   * not match its entity, say), which are given up on with `completionFailure` as the cause.
   */
  completed?(output: OUTPUT, processed: readonly ENTRY[]): readonly ENTRY[]
  readonly completionFailure?: string
}

/** Where entries come from: pulled lazily, one at a time, only when the queue has room. */
export interface EntrySource<ENTRY> {
  /** The next entry, or `undefined` when the input is exhausted. May throw a validation error. */
  next(): Promise<ENTRY | undefined> | ENTRY | undefined
  /**
   * Entries not pulled yet, when the source holds them (an array): a run that stops early (abort,
   * interruption) hands them back too. A stream's unpulled rest stays with its iterator.
   */
  rest?(): ENTRY[]
}

/** A source over entries already in memory. */
export function arraySource<ENTRY>(entries: readonly ENTRY[]): EntrySource<ENTRY> {
  let position = 0
  return {
    next: () => entries[position++],
    rest: () => entries.slice(position)
  }
}

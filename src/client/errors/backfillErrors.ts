import { defineHidden, ERROR_CODES, MonotableError } from './base.js'

/** What a backfill did, and where to resume it. */
export interface BackfillCounts {
  /** Items of the entity read (those a resumed run had settled before are not read again). */
  readonly scanned: number
  /** Items the transform returned a new item for. */
  readonly changed: number
  /** Items the transform left as they were (it returned `undefined`). */
  readonly unchanged: number
  /** Changed items written (none on a dry run). */
  readonly written: number
  /** Changed items a concurrent writer deleted before they could be written. */
  readonly deleted: number
  /** Writes refused because a concurrent writer changed the item first: read and transformed again. */
  readonly conflicts: number
  /** Items that could not be read as the entity, with `onInvalidItem: 'skip'`. */
  readonly skipped: number
  /** Resumes the backfill after every item settled so far; `undefined` once it is complete. */
  readonly cursor: string | undefined
}

/** An item a backfill could not settle: its primary key (hidden from logs) and why. */
export interface BackfillFailure {
  readonly key: Readonly<Record<string, unknown>>
  readonly error: Error
}

/**
 * A backfill stopped before the end: aborted (`backfill.aborted`), or an item it could not write,
 * a transform, or `onProgress` failed (`backfill.failed`, the first failure as `cause`). Writes in
 * flight were settled first, so `result` says exactly what was done and `result.cursor` resumes
 * the rest without writing an item twice.
 */
export class BackfillError extends MonotableError {
  readonly result: BackfillCounts
  /** The items that failed (their keys are data: not enumerable). */
  declare readonly failures: readonly BackfillFailure[]

  constructor(
    entity: string,
    aborted: boolean,
    result: BackfillCounts,
    failures: readonly BackfillFailure[]
  ) {
    const [first] = failures
    super(
      aborted ? ERROR_CODES.backfillAborted : ERROR_CODES.backfillFailed,
      aborted
        ? `${entity} backfill aborted after ${result.scanned} item(s) read, ${result.written} written`
        : `${entity} backfill stopped: ${failures.length} item(s) failed (${first?.error.name ?? 'Error'}) after ${result.scanned} read, ${result.written} written`,
      first === undefined ? {} : { cause: first.error }
    )
    this.result = result
    defineHidden(this, 'failures', failures)
  }
}

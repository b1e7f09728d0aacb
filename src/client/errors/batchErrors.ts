import { defineHidden, MonotableError, type MonotableErrorCode, ValidationError } from './base.js'

/** A batch request was rejected before the network: it names the request's index (and the other one for duplicates). */
export class BatchValidationError extends ValidationError {
  readonly otherIndex: number | undefined

  constructor(
    code: MonotableErrorCode,
    message: string,
    readonly index: number,
    details: { entity?: string; attribute?: string; otherIndex?: number } = {}
  ) {
    super(code, message, details)
    this.otherIndex = details.otherIndex
  }
}

/** Why requests were not written or read, as counts by DynamoDB error name or `UnprocessedItems`. */
export type FailureCounts = Readonly<Record<string, number>>

export interface BatchOutcome {
  code: MonotableErrorCode
  /** e.g. `batchWrite: 12 of 5000 requests not written` */
  summary: string
  byEntity: FailureCounts
  causes: FailureCounts
  /** DynamoDB's reason (values removed) by cause, where it gave one. */
  reasons?: Readonly<Record<string, string>>
  /** Failed calls (HTTP attempts) by error name. */
  failedCalls?: FailureCounts
  cause?: Error
}

/** What a batch that did not finish reports: counts by entity and by cause, never items. */
abstract class BatchError extends MonotableError {
  readonly byEntity: FailureCounts
  /** The requests not done, by the cause of their last failure. */
  readonly causes: FailureCounts
  /** The calls (HTTP attempts) that failed, by error name. */
  readonly failedCalls: FailureCounts

  constructor({
    code,
    summary,
    byEntity,
    causes,
    reasons = {},
    failedCalls = {},
    cause
  }: BatchOutcome) {
    const list = (counts: FailureCounts, explained = false) =>
      Object.entries(counts)
        .map(([name, count]) => {
          const reason = explained ? reasons[name] : undefined
          return `${name} ${count}${reason === undefined ? '' : ` (${reason})`}`
        })
        .join(', ')
    super(
      code,
      `${summary} (${list(byEntity)}); causes: ${list(causes, true)}`,
      cause ? { cause } : {}
    )
    this.byEntity = byEntity
    this.causes = causes
    this.failedCalls = failedCalls
  }
}

/**
 * Some write requests were not written. `unprocessed` holds exactly those request objects, as the
 * caller passed them; every other request was written.
 */
export class BatchWriteError<REQUEST = unknown> extends BatchError {
  declare readonly unprocessed: readonly REQUEST[]
  /**
   * Whether some of `unprocessed` may have been written all the same: their call's answer was lost
   * (a reset, a timeout, an abort in flight) or DynamoDB failed internally. Sending `unprocessed`
   * again, as it is, is safe either way: puts and deletes are idempotent, and per-key order keeps a
   * later request to an item behind an earlier one.
   */
  readonly ambiguous: boolean

  constructor(
    outcome: BatchOutcome,
    readonly written: number,
    unprocessed: readonly REQUEST[],
    ambiguousCount = 0
  ) {
    super({
      ...outcome,
      summary:
        ambiguousCount === 0
          ? outcome.summary
          : `${outcome.summary} (${ambiguousCount} of them may have been written: their answer was lost)`
    })
    this.ambiguous = ambiguousCount > 0
    defineHidden(this, 'unprocessed', unprocessed)
  }
}

/**
 * Some keys were not read. `unprocessedKeys` holds those request objects; `items` holds, at each
 * request's index, the item that was read (`undefined` for a missing item or a key not read).
 */
export class BatchGetError<REQUEST = unknown> extends BatchError {
  declare readonly unprocessedKeys: readonly REQUEST[]
  declare readonly items: readonly unknown[]

  constructor(
    outcome: BatchOutcome,
    readonly unprocessedIndexes: readonly number[],
    unprocessedKeys: readonly REQUEST[],
    items: readonly unknown[]
  ) {
    super(outcome)
    defineHidden(this, 'unprocessedKeys', unprocessedKeys)
    defineHidden(this, 'items', items)
  }
}

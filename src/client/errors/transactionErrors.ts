import type { AttemptSummary } from '../attemptHistory.js'
import {
  defineHidden,
  ERROR_CODES,
  MonotableError,
  type MonotableErrorCode,
  ValidationError
} from './base.js'

/** A transaction was rejected before the network; `index` (and `otherIndex`) name its actions. */
export class TransactionValidationError extends ValidationError {
  readonly index: number | undefined
  readonly otherIndex: number | undefined

  constructor(
    code: MonotableErrorCode,
    message: string,
    details: { index?: number; otherIndex?: number; entity?: string; attribute?: string } = {}
  ) {
    super(code, message, details)
    this.index = details.index
    this.otherIndex = details.otherIndex
  }
}

export type TransactionActionKind = 'put' | 'update' | 'delete' | 'check' | 'get'

/** Why one action of a canceled transaction failed. `item` is non-enumerable: it holds data. */
export interface CancellationReason {
  readonly index: number
  readonly entity: string
  readonly action: TransactionActionKind
  /** DynamoDB's code: `ConditionalCheckFailed`, `TransactionConflict`, `ValidationError`, ... */
  readonly code: string
  /** DynamoDB's explanation, values removed, when it gave one beyond the code. */
  readonly message?: string
  /** The item as it was, formatted by its entity, when `ALL_OLD` was asked for and it existed. */
  readonly item?: unknown
  /**
   * What the failed condition was, for monotable's entity actions: the item to update did not
   * exist (`notFound`), its version was not the one read (`version`), another item holds a unique
   * value (`unique`, naming `constraint`), the item changed since it was read for this transaction
   * (`changed`: send it again), or the caller's own condition (`condition`).
   */
  readonly failure?: CancellationFailure
  /** The unique constraint of a `unique` failure. */
  readonly constraint?: string
}

export type CancellationFailure = 'notFound' | 'version' | 'unique' | 'changed' | 'condition'

/** What an entity part says of its own failed condition. */
export interface FailureExplanation {
  failure: CancellationFailure
  constraint?: string
}

/** DynamoDB canceled the transaction; nothing was written. `reasons` lists the failed actions only. */
export class TransactionCanceledError extends MonotableError {
  /** HTTP attempts made, the canceled one included. */
  readonly attempts: number
  /** Each failed attempt's error name, in order. */
  readonly attemptErrors: readonly string[]
  /**
   * Whether an earlier attempt may have been applied although this one was canceled (its answer
   * was lost): then send the transaction again with `clientRequestToken` to know.
   */
  readonly ambiguous: boolean

  constructor(
    readonly operation: string,
    readonly reasons: readonly CancellationReason[],
    cause: Error,
    readonly clientRequestToken: string | undefined = undefined,
    history: AttemptSummary = { attempts: 1, attemptErrors: [], ambiguous: false }
  ) {
    const summary = reasons.map(({ index, entity, action, code, message, failure, constraint }) => {
      const why =
        failure === undefined
          ? ''
          : ` (${failure}${constraint === undefined ? '' : ` '${constraint}'`})`
      return `[${index}] ${entity} ${action}: ${code}${why}${message === undefined ? '' : ` (${message})`}`
    })
    const outcome = history.ambiguous
      ? `; an earlier attempt may have been applied (${history.attemptErrors.join(', ')})`
      : ''
    super(
      ERROR_CODES.transactionCanceled,
      `${operation} canceled: ${summary.join('; ')}${outcome}`,
      { cause }
    )
    this.attempts = history.attempts
    this.attemptErrors = history.attemptErrors
    this.ambiguous = history.ambiguous
  }
}

/**
 * The signal stopped a transaction between attempts. Whether an earlier attempt was applied may be
 * unknown (a reset after the server applied it): sending it again with `clientRequestToken` within
 * ten minutes is safe, it cannot apply twice.
 */
export class TransactionAbortedError extends MonotableError {
  /** HTTP attempts made before the abort (one cut short in flight included). */
  readonly attempts: number
  /** Each failed attempt's error name, in order. */
  readonly attemptErrors: readonly string[]
  /** Whether an attempt may have been applied: then send it again with the token to know. */
  readonly ambiguous: boolean

  constructor(
    readonly operation: string,
    readonly clientRequestToken: string | undefined,
    history: AttemptSummary = { attempts: 0, attemptErrors: [], ambiguous: false }
  ) {
    super(
      ERROR_CODES.transactionAborted,
      `${operation} aborted after ${history.attempts} attempt(s)${history.ambiguous ? '; it may have been applied' : ''}`
    )
    this.attempts = history.attempts
    this.attemptErrors = history.attemptErrors
    this.ambiguous = history.ambiguous
  }
}

/** A reason whose `item` stays off logs and JSON. */
export function cancellationReason(
  fields: Omit<CancellationReason, 'item'>,
  item: unknown
): CancellationReason {
  const reason = { ...fields }
  if (item !== undefined) defineHidden(reason, 'item', item)
  return Object.freeze(reason)
}

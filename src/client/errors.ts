import { safeReasonOf } from './awsReason.js'

/**
 * Every error monotable throws is a `MonotableError` with a stable string `code`.
 *
 * Safety rule: `message`, `String(err)` and every enumerable property hold only names, counts,
 * indexes, codes, table and entity names, never attribute values (items may hold PII). Data a
 * caller needs back (the item of a failed condition, unprocessed requests) lives on
 * non-enumerable properties, so loggers and `util.inspect` do not print it by default.
 */

/** The error-code registry: a typo in a code is a compile error. */
export const ERROR_CODES = {
  invalidOptions: 'validation.options',
  invalidItem: 'validation.item',
  invalidRequest: 'validation.request',
  invalidKey: 'validation.key',
  invalidQuery: 'validation.query',
  invalidCursor: 'validation.cursor',
  invalidDeclaration: 'schema.declaration',
  tableMismatch: 'table.mismatch',
  duplicateKey: 'validation.duplicateKey',
  itemTooLarge: 'validation.itemTooLarge',
  conditionFailed: 'condition.failed',
  requestFailed: 'request.failed',
  batchUnprocessed: 'batch.unprocessed',
  batchAborted: 'batch.aborted',
  batchInvalidInput: 'batch.invalidInput',
  batchInterrupted: 'batch.interrupted',
  emptyTransaction: 'validation.emptyTransaction',
  tooManyActions: 'validation.tooManyActions',
  transactionTooLarge: 'validation.transactionTooLarge',
  transactionCanceled: 'transaction.canceled',
  transactionAborted: 'transaction.aborted',
  notFound: 'item.notFound',
  duplicateToolbox: 'setup.duplicateToolbox',
  localDataDirInUse: 'local.dataDirInUse',
  localDataDirUnusable: 'local.dataDirUnusable',
  localTableNotFound: 'local.tableNotFound',
  localClosed: 'local.closed'
} as const

export type MonotableErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES]

const BRAND = Symbol.for('monotable.error')

export interface MonotableErrorOptions {
  /** A value-free error (see {@link redactAwsError}) to keep as `cause`. */
  cause?: Error
}

export class MonotableError extends Error {
  readonly code: MonotableErrorCode

  constructor(code: MonotableErrorCode, message: string, options: MonotableErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.name = new.target.name
    Object.defineProperty(this, BRAND, { value: true })
  }

  /** `instanceof` that also holds when two copies of monotable are loaded. */
  static is(error: unknown): error is MonotableError {
    return typeof error === 'object' && error !== null && BRAND in error
  }
}

/**
 * The app loads monotable's peers in a way that cannot work, found before any network call: a
 * second copy of dynamodb-toolbox, say, whose schemas and update markers monotable cannot read.
 */
export class SetupError extends MonotableError {}

/** Input, options or a declaration were rejected before any network call. */
export class ValidationError extends MonotableError {
  /** The entity concerned, when there is one. */
  readonly entity: string | undefined
  /** The top-level attribute (or key attribute) at fault, when known. */
  readonly attribute: string | undefined

  constructor(
    code: MonotableErrorCode,
    message: string,
    details: { entity?: string; attribute?: string } = {}
  ) {
    super(code, message)
    this.entity = details.entity
    this.attribute = details.attribute
  }
}

/** `ensureTable` found a table whose keys or indexes differ from the declaration. */
export class TableMismatchError extends MonotableError {
  constructor(
    readonly table: string,
    readonly differences: readonly string[]
  ) {
    super(
      ERROR_CODES.tableMismatch,
      `Table '${table}' exists with a different definition: ${differences.join('; ')}`
    )
  }
}

/** A write's condition was not met. `item` holds the current item when `ALL_OLD` was asked for. */
export class ConditionFailedError extends MonotableError {
  declare readonly item: unknown

  constructor(
    readonly entity: string,
    readonly operation: string,
    item: unknown,
    cause: Error
  ) {
    super(ERROR_CODES.conditionFailed, `${entity}.${operation}: the condition was not met`, {
      cause
    })
    defineHidden(this, 'item', item)
  }
}

/** DynamoDB answered with an error that retries did not cure, or that must not be retried. */
export class RequestFailedError extends MonotableError {
  /** The DynamoDB/SDK error name, e.g. `ValidationException` or `ThrottlingException`. */
  readonly awsErrorName: string
  readonly httpStatusCode: number | undefined
  /** Attempts the SDK made, first one included. */
  readonly attempts: number | undefined
  /** The original SDK error. Its message may quote request data, so it is not enumerable. */
  declare readonly awsError: unknown

  constructor(context: string, awsError: unknown) {
    const redacted = redactAwsError(awsError)
    const metadata = readMetadata(awsError)
    const reason = safeReasonOf(awsError)
    const attempts = metadata.attempts === undefined ? '' : ` after ${metadata.attempts} attempt(s)`
    super(
      ERROR_CODES.requestFailed,
      `${context} failed: ${redacted.name}${reason === undefined ? '' : `: ${reason}`}${attempts}`,
      { cause: redacted }
    )
    this.awsErrorName = redacted.name
    this.httpStatusCode = metadata.httpStatusCode
    this.attempts = metadata.attempts
    defineHidden(this, 'awsError', awsError)
  }
}

/** Defines a property that holds data: readable, but skipped by loggers and JSON. */
export function defineHidden(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: false })
}

interface AwsMetadata {
  httpStatusCode?: number
  requestId?: string
  attempts?: number
  totalRetryDelay?: number
}

function readMetadata(error: unknown): AwsMetadata {
  const metadata = (error as { $metadata?: AwsMetadata } | undefined)?.$metadata
  return typeof metadata === 'object' && metadata !== null ? metadata : {}
}

/** The error name as DynamoDB or Node reports it (`ThrottlingException`, `ECONNRESET`, ...). */
export function awsErrorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'UnknownError'
  const { name, code } = error as { name?: unknown; code?: unknown }
  if (typeof code === 'string' && (name === 'Error' || name === undefined)) return code
  return typeof name === 'string' ? name : 'UnknownError'
}

/**
 * A copy of an SDK error with its name, fault and request metadata, and its message reduced to the
 * reason without values ({@link safeReasonOf}): DynamoDB (and dynalite even more) may quote request
 * values in messages.
 */
export function redactAwsError(error: unknown): Error {
  const redacted = new Error(safeReasonOf(error) ?? awsErrorName(error))
  redacted.name = awsErrorName(error)
  const { httpStatusCode, requestId, attempts, totalRetryDelay } = readMetadata(error)
  Object.assign(redacted, {
    $fault: (error as { $fault?: unknown } | undefined)?.$fault,
    $metadata: { httpStatusCode, requestId, attempts, totalRetryDelay }
  })
  return redacted
}

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
  cause?: Error
}

/** What a batch that did not finish reports: counts by entity and by cause, never items. */
abstract class BatchError extends MonotableError {
  readonly byEntity: FailureCounts
  readonly causes: FailureCounts

  constructor({ code, summary, byEntity, causes, reasons = {}, cause }: BatchOutcome) {
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
  }
}

/**
 * Some write requests were not written. `unprocessed` holds exactly those request objects, as the
 * caller passed them; every other request was written.
 */
export class BatchWriteError<REQUEST = unknown> extends BatchError {
  declare readonly unprocessed: readonly REQUEST[]

  constructor(
    outcome: BatchOutcome,
    readonly written: number,
    unprocessed: readonly REQUEST[]
  ) {
    super(outcome)
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
}

/** DynamoDB canceled the transaction; nothing was written. `reasons` lists the failed actions only. */
export class TransactionCanceledError extends MonotableError {
  constructor(
    readonly operation: string,
    readonly reasons: readonly CancellationReason[],
    cause: Error
  ) {
    const summary = reasons.map(
      ({ index, entity, action, code, message }) =>
        `[${index}] ${entity} ${action}: ${code}${message === undefined ? '' : ` (${message})`}`
    )
    super(ERROR_CODES.transactionCanceled, `${operation} canceled: ${summary.join('; ')}`, {
      cause
    })
  }
}

/**
 * The signal stopped a transaction between attempts. Whether an earlier attempt was applied may be
 * unknown (a reset after the server applied it): sending it again with `clientRequestToken` within
 * ten minutes is safe, it cannot apply twice.
 */
export class TransactionAbortedError extends MonotableError {
  constructor(
    readonly operation: string,
    readonly clientRequestToken: string | undefined,
    readonly attempts: number
  ) {
    super(ERROR_CODES.transactionAborted, `${operation} aborted after ${attempts} attempt(s)`)
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

/** An operation needed an item that does not exist (an order to cancel, a product to order). */
export class NotFoundError extends MonotableError {
  constructor(
    readonly entity: string,
    readonly operation: string
  ) {
    super(ERROR_CODES.notFound, `${operation}: no such ${entity}`)
  }
}

import { safeReasonOf } from '../awsReason.js'

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
  requestAmbiguous: 'request.ambiguous',
  requestAborted: 'request.aborted',
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
  invalidStoredItem: 'item.invalid',
  uniqueConflict: 'condition.unique',
  versionConflict: 'condition.version',
  missingVersion: 'validation.version',
  backfillAborted: 'backfill.aborted',
  backfillFailed: 'backfill.failed',
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

/** An operation needed an item that does not exist (an order to cancel, a product to order). */
export class NotFoundError extends MonotableError {
  constructor(
    readonly entity: string,
    readonly operation: string
  ) {
    super(ERROR_CODES.notFound, `${operation}: no such ${entity}`)
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

export function readMetadata(error: unknown): AwsMetadata {
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

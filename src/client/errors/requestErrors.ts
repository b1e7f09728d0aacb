import { summarizeAttempts } from '../attemptHistory.js'
import { safeReasonOf } from '../awsReason.js'
import { defineHidden, ERROR_CODES, MonotableError, readMetadata, redactAwsError } from './base.js'

/** A write's condition was not met. `item` holds the current item when `ALL_OLD` was asked for. */
export class ConditionFailedError extends MonotableError {
  declare readonly item: unknown
  /**
   * An earlier attempt of this same write may have been applied (its answer was lost), so the
   * condition may have failed on the write's own result. Read the item to know.
   */
  readonly ambiguous: boolean

  constructor(
    readonly entity: string,
    readonly operation: string,
    item: unknown,
    cause: Error,
    ambiguous = false
  ) {
    super(
      ERROR_CODES.conditionFailed,
      `${entity}.${operation}: the condition was not met${ambiguous ? ' (an earlier attempt may have been applied)' : ''}`,
      { cause }
    )
    this.ambiguous = ambiguous
    defineHidden(this, 'item', item)
  }
}

/** DynamoDB answered with an error that retries did not cure, or that must not be retried. */
export class RequestFailedError extends MonotableError {
  /** The DynamoDB/SDK error name of the last attempt, e.g. `ValidationException`, `ECONNRESET`. */
  readonly awsErrorName: string
  readonly httpStatusCode: number | undefined
  /** HTTP attempts made, the last one included. */
  readonly attempts: number | undefined
  /** Each failed attempt's error name, in order (when monotable made the attempts). */
  readonly attemptErrors: readonly string[]
  /**
   * Whether DynamoDB may have applied the request: an attempt's answer was lost (a reset, a
   * timeout, an abort in flight) or DynamoDB failed internally (5xx). Then read the item to know,
   * or, for a transaction, send it again with `clientRequestToken` within ten minutes.
   */
  readonly ambiguous: boolean
  /** The token of a transaction, to send it again without applying it twice. */
  readonly clientRequestToken: string | undefined
  /** The original SDK error. Its message may quote request data, so it is not enumerable. */
  declare readonly awsError: unknown

  constructor(context: string, awsError: unknown, details: { clientRequestToken?: string } = {}) {
    const redacted = redactAwsError(awsError)
    const metadata = readMetadata(awsError)
    const reason = safeReasonOf(awsError)
    const history = summarizeAttempts(awsError)
    const attempts = history?.attempts ?? metadata.attempts
    const ambiguous = history?.ambiguous ?? false
    const code =
      redacted.name === 'AbortError'
        ? ERROR_CODES.requestAborted
        : ambiguous
          ? ERROR_CODES.requestAmbiguous
          : ERROR_CODES.requestFailed
    const tried =
      attempts === undefined
        ? ''
        : ` after ${attempts} attempt(s)${history === undefined || attempts < 2 ? '' : ` (${history.attemptErrors.join(', ')})`}`
    const outcome = ambiguous ? '; it may have been applied' : ''
    super(
      code,
      `${context} failed: ${redacted.name}${reason === undefined ? '' : `: ${reason}`}${tried}${outcome}`,
      { cause: redacted }
    )
    this.awsErrorName = redacted.name
    this.httpStatusCode = metadata.httpStatusCode
    this.attempts = attempts
    this.attemptErrors = history?.attemptErrors ?? []
    this.ambiguous = ambiguous
    this.clientRequestToken = details.clientRequestToken
    defineHidden(this, 'awsError', awsError)
  }
}

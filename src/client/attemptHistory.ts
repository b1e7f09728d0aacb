import type { FailedAttempt } from './classify.js'

/**
 * The attempts an engine made for one request, kept (hidden) on the error it finally failed with,
 * so the MonotableError built from it can say what is known: how many attempts, which errors, and
 * whether any of them may have been applied.
 */
const HISTORY = Symbol.for('monotable.attemptHistory')

export function recordAttempts(error: unknown, attempts: readonly FailedAttempt[]): void {
  if (typeof error !== 'object' || error === null) return
  Object.defineProperty(error, HISTORY, {
    value: [...attempts],
    enumerable: false,
    configurable: true
  })
}

export function attemptHistoryOf(error: unknown): readonly FailedAttempt[] | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  return (error as { [HISTORY]?: readonly FailedAttempt[] })[HISTORY]
}

/** What an error says about the attempts behind it. */
export interface AttemptSummary {
  /** HTTP attempts made, the last one included. */
  readonly attempts: number
  /** Each failed attempt's error name, in order. */
  readonly attemptErrors: readonly string[]
  /** Whether DynamoDB may have applied the request in one of them. */
  readonly ambiguous: boolean
}

export function summarizeAttempts(error: unknown): AttemptSummary | undefined {
  const history = attemptHistoryOf(error)
  if (history === undefined) return undefined
  return {
    attempts: history.length,
    attemptErrors: history.map(attempt => attempt.name),
    ambiguous: history.some(attempt => attempt.mayHaveApplied)
  }
}

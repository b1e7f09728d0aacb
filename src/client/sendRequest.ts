import { attachRequestValues } from './awsReason.js'
import { recordAttempts } from './attemptHistory.js'
import { classifyAttempt, type FailedAttempt } from './classify.js'
import { withSingleAttempt } from './oneAttempt.js'
import type { RetryPolicy } from './retryPolicy.js'
import { sleep } from './timers.js'

/** An SDK or lib-dynamodb command: its input is what the request carries. */
export interface RequestCommand {
  readonly input: object
}

interface Sender {
  send(command: never, options?: { abortSignal?: AbortSignal }): Promise<unknown>
}

export interface Sent<OUTPUT> {
  output: OUTPUT
  /** HTTP attempts, the successful one included. */
  attempts: number
}

export interface RequestRun {
  policy: RetryPolicy
  signal?: AbortSignal | undefined
  /**
   * Whether an attempt that may have been applied (its answer lost, or a 5xx) can be sent again
   * without changing the outcome: reads, puts, deletes, updates that only set values, and
   * transactions (their token makes a repeat a no-op). When false, such a failure ends the call.
   */
  repeatable: boolean
  /** Overrides how a failure is read (transactions: retryable cancellations). */
  classify?: (error: unknown) => FailedAttempt
  random?: () => number
}

/**
 * One HTTP attempt of a command, no SDK retries, cut short when `signal` aborts. A failure keeps the
 * request's values (hidden) on the error, so DynamoDB's reason can be shown without them.
 */
export async function sendOnce<OUTPUT>(
  client: Sender,
  command: RequestCommand,
  signal?: AbortSignal
): Promise<OUTPUT> {
  try {
    return (await client.send(withSingleAttempt(command) as never, {
      abortSignal: signal
    })) as OUTPUT
  } catch (error) {
    attachRequestValues(error, command.input)
    throw error
  }
}

/**
 * Sends one request, owning every attempt: the SDK makes exactly one per `send` (with the abort
 * signal, so an abort ends the call in flight), and this loop applies the call's policy: attempts,
 * full-jitter pauses and what may be sent again. A final failure keeps its attempt history and the
 * request's values (hidden) for the error built from it.
 */
export async function sendRequest<OUTPUT>(
  client: Sender,
  command: RequestCommand,
  run: RequestRun
): Promise<Sent<OUTPUT>> {
  const history: FailedAttempt[] = []
  const classify = run.classify ?? classifyAttempt
  for (;;) {
    if (run.signal?.aborted) {
      // Stopped between attempts: this one was never sent.
      const error = abortError(run.signal)
      recordAttempts(error, history)
      throw error
    }
    try {
      const output = await sendOnce<OUTPUT>(client, command, run.signal)
      return { output, attempts: history.length + 1 }
    } catch (error) {
      const failed = classify(error)
      history.push(failed)
      const again =
        (failed.kind === 'throttling' || failed.kind === 'transient') &&
        history.length < run.policy.maxAttempts &&
        (run.repeatable || !failed.mayHaveApplied) &&
        run.signal?.aborted !== true
      if (!again) {
        recordAttempts(error, history)
        throw error
      }
      await sleep(run.policy.delayMs(history.length, run.random), run.signal)
    }
  }
}

/** What a call stopped by its signal fails with, the reason kept as `cause`. */
export function abortError(signal: AbortSignal): Error {
  const error = new Error('The call was aborted', { cause: signal.reason })
  error.name = 'AbortError'
  return error
}

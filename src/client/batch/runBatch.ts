import { safeReasonOf } from '../awsReason.js'
import { classifyAttempt } from '../classify.js'
import type { RetryPolicy } from '../retryPolicy.js'
import { delay, sleep, whenAborted } from '../timers.js'
import type { BatchEntry, BatchOperation, EntrySource } from './batchOperation.js'
import { type BatchProgress, BatchTally } from './batchTally.js'
import { RequestQueue } from './requestQueue.js'
import { SendRateLimiter } from './sendRate.js'

/**
 * The one retry loop behind batchWrite and batchGet. What differs between the two operations
 * (call size, building the input, reading what was not processed) is described by a
 * {@link BatchOperation}; what waits is the {@link RequestQueue} (per-key order), the pace is the
 * {@link SendRateLimiter}, the counts are the {@link BatchTally}. The loop itself reads top to
 * bottom: pull -> queue -> chunk -> pace -> send with bounded concurrency -> classify -> back off
 * -> hand back.
 */

export type { BatchProgress } from './batchTally.js'
export {
  arraySource,
  type BatchEntry,
  type BatchOperation,
  type EntrySource
} from './batchOperation.js'

export interface RunBatchOptions {
  concurrency: number
  policy: RetryPolicy
  /** How long a refused entry keeps being retried beside its attempts (see `BatchOptions`). */
  refusalBudgetMs?: number
  signal?: AbortSignal | undefined
  onProgress?: ((progress: BatchProgress) => void) | undefined
  /** Injected for deterministic tests. */
  now?: () => number
  random?: () => number
}

export interface BatchRunResult<ENTRY> {
  processed: number
  calls: number
  retries: number
  throttled: number
  /** Entries not processed, in input order, with the cause of their last failure. */
  failed: ENTRY[]
  /** DynamoDB's reason (values removed) for each error name that failed a call. */
  reasons: Record<string, string>
  /** Failed calls by error name (`UnprocessedItems` not included: those calls succeeded). */
  failedCalls: Record<string, number>
  /** How many of `failed` may have been applied nonetheless. */
  ambiguous: number
  aborted: boolean
  /** A validation error the input raised part-way (streams only); the run stopped there. */
  inputError?: unknown
  /** What interrupted the run otherwise: the caller's `onProgress` threw, say. */
  interruption?: unknown
}

const ABORTED = 'Aborted'
/** Stopped because `onProgress` threw, or the engine hit an error of its own. */
const INTERRUPTED = 'Interrupted'
/** Pulled, but never sent because the input failed part-way. */
const NOT_SENT = 'NotSent'
/** Not sent because an earlier request to the same item was not written (per-key order). */
export const EARLIER_REQUEST_FAILED = 'EarlierRequestFailed'
/** JSON around each request of a batch call (`{"PutRequest":{"Item":...}}`, table names). */
const REQUEST_OVERHEAD_BYTES = 64

export async function runBatch<ENTRY extends BatchEntry, OUTPUT>(
  operation: BatchOperation<ENTRY, OUTPUT>,
  source: EntrySource<ENTRY>,
  options: RunBatchOptions
): Promise<BatchRunResult<ENTRY>> {
  const { concurrency, policy, signal } = options
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const queue = new RequestQueue<ENTRY>()
  const tally = new BatchTally<ENTRY>()
  const limiter = new SendRateLimiter({ now })
  const calls = new Set<Promise<void>>()
  let entriesInFlight = 0
  let pulling: Promise<void> | undefined
  let sourceDone = false
  let inputError: unknown
  let interruption: unknown
  // Fresh input waits while this many entries are queued or in flight: a saturated table should
  // drain its backlog before taking more, and a streamed input stays a few calls deep in memory.
  const maxPendingEntries = 2 * concurrency * operation.maxEntriesPerCall

  // A throwing progress hook must not break the accounting: the run stops as for an abort.
  const report = () => {
    try {
      options.onProgress?.(tally.progress())
    } catch (error) {
      interruption ??= error
    }
  }

  /** Gives up on entries, and on every later request to their keys (per-key order). */
  const giveUp = (entries: readonly ENTRY[], cause: string) => {
    tally.giveUp(entries, cause)
    for (const entry of entries) tally.giveUp(queue.abandon(entry), EARLIER_REQUEST_FAILED)
  }

  const admit = (entry: ENTRY | undefined) => {
    if (entry === undefined) {
      sourceDone = true
      return
    }
    tally.pulled += 1
    if (queue.add(entry) === 'abandoned') tally.giveUp([entry], EARLIER_REQUEST_FAILED)
  }

  /** Takes what the input has at once (arrays), and starts one pull of what it does not (streams). */
  const fill = () => {
    while (
      !sourceDone &&
      pulling === undefined &&
      inputError === undefined &&
      queue.size + entriesInFlight < maxPendingEntries
    ) {
      let next: ReturnType<EntrySource<ENTRY>['next']>
      try {
        next = source.next()
      } catch (error) {
        inputError = error
        return
      }
      if (!(next instanceof Promise)) {
        admit(next)
        continue
      }
      pulling = next.then(
        entry => {
          pulling = undefined
          admit(entry)
        },
        error => {
          pulling = undefined
          inputError = error
        }
      )
    }
  }

  /**
   * Schedules entries for another attempt, or gives up on them. One the table refused (throttled,
   * unprocessed) has a time budget beside its attempts: a saturated table gets its time to drain.
   */
  const retryLater = (entries: readonly ENTRY[], cause: string, refused: boolean) => {
    const budgetMs = options.refusalBudgetMs ?? 0
    for (const entry of entries) {
      entry.lastFailure = cause
      if (refused) entry.firstRefusedAt ??= now()
      const refusedFor = refused
        ? now() - (entry.firstRefusedAt as number)
        : Number.POSITIVE_INFINITY
      if (entry.attempts >= policy.maxAttempts && refusedFor >= budgetMs) {
        giveUp([entry], cause)
        continue
      }
      tally.retries += 1
      entry.notBefore = now() + policy.delayMs(entry.attempts, random)
      queue.retry(entry)
    }
  }

  const send = async (chunk: ENTRY[]) => {
    const sentAt = now()
    tally.calls += 1
    for (const entry of chunk) entry.attempts += 1
    let output: OUTPUT
    try {
      output = await operation.send(chunk)
    } catch (error) {
      const failed = classifyAttempt(error)
      tally.failedCall(failed.name, safeReasonOf(error))
      if (failed.mayHaveApplied) for (const entry of chunk) entry.mayHaveBeenApplied = true
      if (failed.kind === 'throttling') {
        tally.throttled += 1
        // The table refused the whole call. (A reset or a 5xx says nothing about its capacity.)
        limiter.record(chunk.length, chunk.length, sentAt)
      }
      if (failed.kind === 'aborted') giveUp(chunk, ABORTED)
      else if (failed.kind === 'nonRetryable') giveUp(chunk, failed.name)
      else retryLater(chunk, failed.name, failed.kind === 'throttling')
      return report()
    }
    const unprocessed = operation.unprocessed(output, chunk)
    const refused = new Set(unprocessed)
    const processed = refused.size === 0 ? chunk : chunk.filter(entry => !refused.has(entry))
    const unusable = new Set(operation.completed?.(output, processed) ?? [])
    for (const entry of processed) {
      if (unusable.has(entry)) continue
      tally.processed += 1
      queue.settle(entry)
    }
    if (unusable.size > 0) giveUp([...unusable], operation.completionFailure ?? INTERRUPTED)
    if (unprocessed.length > 0) tally.throttled += 1
    limiter.record(chunk.length, unprocessed.length, sentAt)
    retryLater(unprocessed, operation.unprocessedCause, true)
    report()
  }

  const launch = (chunk: ENTRY[]) => {
    entriesInFlight += chunk.length
    const call = send(chunk)
      .catch(error => {
        // Only a bug of ours gets here; stop rather than leave a rejection no one awaits.
        interruption ??= error
      })
      .finally(() => {
        entriesInFlight -= chunk.length
        calls.delete(call)
      })
    calls.add(call)
  }

  /** Due entries, in the order they became sendable, up to the call's count and byte budget. */
  const takeChunk = () => {
    let count = 0
    let bytes = 0
    return queue.take(now(), entry => {
      const entryBytes = entry.wireBytes + REQUEST_OVERHEAD_BYTES
      if (count >= operation.maxEntriesPerCall || bytes + entryBytes > operation.maxBytesPerCall)
        return false
      count += 1
      bytes += entryBytes
      return true
    })
  }

  const aborted = signal === undefined ? undefined : whenAborted(signal)
  const stopped = () =>
    signal?.aborted === true || inputError !== undefined || interruption !== undefined
  while (!stopped()) {
    fill()
    if (calls.size === 0 && queue.size === 0 && sourceDone && pulling === undefined) break
    if (calls.size < concurrency) {
      const chunk = takeChunk()
      if (chunk.length > 0) {
        const pauseMs = limiter.reserve(chunk.length)
        if (pauseMs > 0) await sleep(pauseMs, signal)
        // Once the input failed or the caller aborted, nothing new is sent.
        if (stopped()) for (const entry of chunk) queue.retry(entry)
        else launch(chunk)
        continue
      }
    }
    const wakeAt = calls.size < concurrency ? queue.earliestDue() : Number.POSITIVE_INFINITY
    const timer = Number.isFinite(wakeAt) ? delay(Math.max(0, wakeAt - now())) : undefined
    await raceDefined([...calls, pulling, timer?.promise, aborted?.promise])
    timer?.cancel()
  }

  // A pulled request must be either sent or handed back: wait for a pull under way.
  await Promise.all([...calls, pulling])
  aborted?.cancel()
  const wasAborted = signal?.aborted === true
  // Empty when the input ran out; otherwise the run stopped early and hands the rest back.
  const rest = [...queue.drain(), ...(source.rest?.() ?? [])]
  const stopCause = wasAborted ? ABORTED : interruption !== undefined ? INTERRUPTED : NOT_SENT
  tally.giveUp(rest, stopCause, true)
  report()
  tally.failed.sort((left, right) => left.index - right.index)
  return {
    processed: tally.processed,
    calls: tally.calls,
    retries: tally.retries,
    throttled: tally.throttled,
    failed: tally.failed,
    reasons: tally.reasons,
    failedCalls: tally.failedCalls,
    ambiguous: tally.ambiguous,
    aborted: wasAborted,
    ...(inputError === undefined ? {} : { inputError }),
    ...(interruption === undefined ? {} : { interruption })
  }
}

/** Waits for the first of the promises given; absent ones (undefined) do not count. */
function raceDefined(promises: readonly (Promise<void> | undefined)[]): Promise<void> {
  return Promise.race(promises.filter(promise => promise !== undefined))
}

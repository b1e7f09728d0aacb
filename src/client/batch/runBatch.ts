import type { Entity } from 'dynamodb-toolbox/entity'

import type { RetryPolicy } from '../retryPolicy.js'
import { attemptsOf, classifyFailure } from '../classify.js'
import { safeReasonOf } from '../awsReason.js'
import { awsErrorName } from '../errors.js'
import { delay, sleep, whenAborted } from '../timers.js'
import { SendRateLimiter } from './sendRate.js'

/**
 * The one retry loop behind batchWrite and batchGet. What differs between the two operations
 * (call size, building the input, reading what was not processed) is described by a
 * {@link BatchOperation}; the loop itself reads top to bottom:
 * pull -> chunk -> pace -> send with bounded concurrency -> classify -> back off -> hand back.
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
  attempts: number
  /** Epoch ms before which the entry must not be sent again. */
  notBefore: number
  /** Why its last attempt failed: a DynamoDB error name or `UnprocessedItems`. */
  lastFailure?: string
}

export interface BatchOperation<ENTRY extends BatchEntry, OUTPUT> {
  readonly maxEntriesPerCall: number
  /** Request body budget per call, when the operation has one. */
  readonly maxBytesPerCall: number
  /** Cause recorded for entries a successful response left unprocessed. */
  readonly unprocessedCause: string
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

/** Where entries come from: pulled lazily, one at a time, only when a call needs filling. */
export interface EntrySource<ENTRY> {
  /** The next entry, or `undefined` when the input is exhausted. May throw a validation error. */
  next(): Promise<ENTRY | undefined> | ENTRY | undefined
  /**
   * Entries not pulled yet, when the source holds them (an array): a run that stops early (abort,
   * interruption) hands them back too. A stream's unpulled rest stays with its iterator.
   */
  rest?(): ENTRY[]
}

export interface BatchProgress {
  /** Entries processed so far. */
  readonly processed: number
  /** Entries pulled from the input and not settled yet. */
  readonly pending: number
  /** Entries given up on so far. */
  readonly failed: number
  readonly calls: number
  readonly retries: number
  readonly throttled: number
}

export interface RunBatchOptions<ENTRY> {
  concurrency: number
  policy: RetryPolicy
  signal?: AbortSignal | undefined
  onProgress?: ((progress: BatchProgress) => void) | undefined
  /**
   * When given, a pulled entry whose key is still pending (queued or in flight) stops the run with
   * the error this returns: two writes to one key must not share a call nor race each other.
   */
  onPendingDuplicate?: (entry: ENTRY, pending: ENTRY) => unknown
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
/** JSON around each request of a batch call (`{"PutRequest":{"Item":...}}`, table names). */
const REQUEST_OVERHEAD_BYTES = 64

export async function runBatch<ENTRY extends BatchEntry, OUTPUT>(
  operation: BatchOperation<ENTRY, OUTPUT>,
  source: EntrySource<ENTRY>,
  options: RunBatchOptions<ENTRY>
): Promise<BatchRunResult<ENTRY>> {
  const { concurrency, policy, signal } = options
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const limiter = new SendRateLimiter({ now })
  const waiting: ENTRY[] = []
  const failed: ENTRY[] = []
  const reasons: Record<string, string> = {}
  const inFlight = new Set<Promise<void>>()
  const result = { processed: 0, calls: 0, retries: 0, throttled: 0 }
  const pendingKeys = new Map<string, ENTRY>()
  const trackKeys = options.onPendingDuplicate !== undefined
  let sourceDone = false
  let inputError: unknown
  let pulled = 0
  let entriesInFlight = 0
  let interruption: unknown
  // Fresh input waits while this many entries are queued or in flight: a saturated table should
  // drain its backlog before taking more, and a streamed input stays a few calls deep in memory.
  const maxPendingEntries = 2 * concurrency * operation.maxEntriesPerCall

  const settled = () => result.processed + failed.length
  // A throwing progress hook must not break the accounting: the run stops as for an abort.
  const report = () => {
    try {
      options.onProgress?.(
        Object.freeze({ ...result, pending: pulled - settled(), failed: failed.length })
      )
    } catch (error) {
      interruption ??= error
    }
  }

  const settle = (entry: ENTRY) => {
    if (trackKeys && pendingKeys.get(entry.keyId) === entry) pendingKeys.delete(entry.keyId)
  }
  /** `cause` replaces the entries' last failure unless `keepCause` and they have one. */
  const giveUp = (entries: readonly ENTRY[], cause: string, keepCause = false) => {
    for (const entry of entries) {
      if (!keepCause || entry.lastFailure === undefined) entry.lastFailure = cause
      failed.push(entry)
      settle(entry)
    }
  }

  const retryLater = (entries: readonly ENTRY[], attempts: number, cause: string) => {
    for (const entry of entries) {
      entry.attempts += attempts
      entry.lastFailure = cause
      if (entry.attempts >= policy.maxAttempts) {
        failed.push(entry)
        settle(entry)
        continue
      }
      result.retries += 1
      entry.notBefore = now() + policy.delayMs(entry.attempts, random)
      waiting.push(entry)
    }
  }

  /** Due retries first, then fresh entries, up to the call's count and byte budget. */
  const takeChunk = async (): Promise<ENTRY[]> => {
    const chunk: ENTRY[] = []
    let bytes = 0
    const fits = (entry: ENTRY) =>
      chunk.length < operation.maxEntriesPerCall &&
      bytes + entry.wireBytes + REQUEST_OVERHEAD_BYTES <= operation.maxBytesPerCall
    const at = now()
    for (let position = 0; position < waiting.length;) {
      const entry = waiting[position] as ENTRY
      if (entry.notBefore <= at && fits(entry)) {
        waiting.splice(position, 1)
        chunk.push(entry)
        bytes += entry.wireBytes + REQUEST_OVERHEAD_BYTES
      } else position += 1
    }
    while (
      !sourceDone &&
      inputError === undefined &&
      chunk.length < operation.maxEntriesPerCall &&
      waiting.length + entriesInFlight + chunk.length < maxPendingEntries
    ) {
      let entry: ENTRY | undefined
      try {
        const next = source.next()
        // Arrays answer at once: awaiting a plain value would still cost a tick per entry.
        entry = next instanceof Promise ? await next : next
      } catch (error) {
        inputError = error
        break
      }
      if (entry === undefined) {
        sourceDone = true
        break
      }
      pulled += 1
      if (trackKeys) {
        const pending = pendingKeys.get(entry.keyId)
        if (pending !== undefined) {
          inputError = options.onPendingDuplicate?.(entry, pending)
          waiting.push(entry)
          break
        }
        pendingKeys.set(entry.keyId, entry)
      }
      if (!fits(entry)) {
        entry.notBefore = 0
        waiting.unshift(entry)
        break
      }
      chunk.push(entry)
      bytes += entry.wireBytes + REQUEST_OVERHEAD_BYTES
    }
    return chunk
  }

  const send = async (chunk: ENTRY[]) => {
    const sentAt = now()
    let output: OUTPUT
    try {
      output = await operation.send(chunk)
    } catch (error) {
      const attempts = attemptsOf(error)
      result.calls += attempts
      const reason = safeReasonOf(error)
      if (reason !== undefined) reasons[awsErrorName(error)] ??= reason
      const failure = classifyFailure(error)
      if (failure === 'throttling') result.throttled += 1
      if (failure === 'nonRetryable') giveUp(chunk, awsErrorName(error))
      else {
        limiter.record(chunk.length * attempts, chunk.length * attempts, sentAt)
        retryLater(chunk, attempts, awsErrorName(error))
      }
      report()
      return
    }
    const attempts = attemptsOf(output)
    result.calls += attempts
    const unprocessed = operation.unprocessed(output, chunk)
    const refused = new Set(unprocessed)
    const processed = refused.size === 0 ? chunk : chunk.filter(entry => !refused.has(entry))
    const unusable = operation.completed?.(output, processed) ?? []
    if (trackKeys) for (const entry of processed) settle(entry)
    result.processed += processed.length - unusable.length
    if (unusable.length > 0) giveUp(unusable, operation.completionFailure ?? INTERRUPTED)
    if (unprocessed.length > 0) result.throttled += 1
    // Attempts the SDK retried were refused whole (throttled, or failed on the way).
    limiter.record(
      chunk.length * attempts,
      unprocessed.length + chunk.length * (attempts - 1),
      sentAt
    )
    retryLater(unprocessed, attempts, operation.unprocessedCause)
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
        inFlight.delete(call)
      })
    inFlight.add(call)
  }

  const earliestRetryAt = () =>
    waiting.reduce(
      (earliest, entry) => Math.min(earliest, entry.notBefore),
      Number.POSITIVE_INFINITY
    )

  const aborted = signal === undefined ? undefined : whenAborted(signal)
  const stopped = () =>
    signal?.aborted === true || inputError !== undefined || interruption !== undefined
  while (!stopped()) {
    const moreInput = !sourceDone
    if (inFlight.size === 0 && waiting.length === 0 && !moreInput) break
    const canPull = moreInput && waiting.length + entriesInFlight < maxPendingEntries
    if (inFlight.size < concurrency && (canPull || earliestRetryAt() <= now())) {
      const chunk = await takeChunk()
      const pauseMs = chunk.length === 0 ? 0 : limiter.reserve(chunk.length)
      if (pauseMs > 0) await sleep(pauseMs, signal)
      // Once the input failed or the caller aborted, nothing new is sent.
      if (stopped()) waiting.push(...chunk)
      else if (chunk.length > 0) launch(chunk)
      continue
    }
    const wakeAt = earliestRetryAt()
    const timer = Number.isFinite(wakeAt) ? delay(Math.max(0, wakeAt - now())) : undefined
    await raceDefined([...inFlight, timer?.promise, aborted?.promise])
    timer?.cancel()
  }

  await Promise.all(inFlight)
  aborted?.cancel()
  const wasAborted = signal?.aborted === true
  // Empty when the input ran out; otherwise the run stopped early and hands the rest back.
  waiting.push(...(source.rest?.() ?? []))
  const stopCause = wasAborted ? ABORTED : interruption !== undefined ? INTERRUPTED : NOT_SENT
  if (waiting.length > 0) giveUp(waiting.splice(0), stopCause, true)
  report()
  failed.sort((left, right) => left.index - right.index)
  return {
    ...result,
    failed,
    reasons,
    aborted: wasAborted,
    ...(inputError === undefined ? {} : { inputError }),
    ...(interruption === undefined ? {} : { interruption })
  }
}

/** A source over entries already in memory. */
export function arraySource<ENTRY>(entries: readonly ENTRY[]): EntrySource<ENTRY> {
  let position = 0
  return {
    next: () => entries[position++],
    rest: () => entries.slice(position)
  }
}

/** Waits for the first of the promises given; absent ones (undefined) do not count. */
function raceDefined(promises: readonly (Promise<void> | undefined)[]): Promise<void> {
  return Promise.race(promises.filter(promise => promise !== undefined))
}

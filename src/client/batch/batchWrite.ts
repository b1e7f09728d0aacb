import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

import { BatchWriteError } from '../errors/index.js'
import { MAX_BATCH_BYTES, MAX_BATCH_WRITE_REQUESTS } from '../limits.js'
import { sendOnce } from '../sendRequest.js'
import type { RetryPolicy } from '../retryPolicy.js'
import { type BatchOptions, countBy, resolveBatchOptions, stopOf } from './batchOptions.js'
import {
  type BatchWriteRequest,
  prepareWrite,
  matchReturned,
  type WriteEntry,
  type WriteRequestParams
} from './batchRequests.js'
import { arraySource, type BatchOperation, type EntrySource, runBatch } from './runBatch.js'

export interface BatchWriteProgress {
  readonly written: number
  /** Requests pulled from the input and not settled yet. */
  readonly pending: number
  /** Requests given up on so far. */
  readonly failed: number
  /** Requests in the input, when it is an array. */
  readonly total: number | undefined
  readonly calls: number
  readonly retries: number
  readonly throttled: number
}

export interface BatchWriteOptions extends BatchOptions {
  /** Called after every call with counts (never with items). */
  onProgress?: (progress: BatchWriteProgress) => void
}

export interface BatchWriteResult {
  /** Requests written (puts and deletes). */
  written: number
  /** HTTP calls made, the SDK's own retries included. */
  calls: number
  /** Requests sent again after being unprocessed or after a failed call. */
  retries: number
  /** Calls that came back with unprocessed items or failed with throttling. */
  throttled: number
}

export type BatchWriteInput = Iterable<BatchWriteRequest> | AsyncIterable<BatchWriteRequest>

interface WriteClient {
  documentClient: DynamoDBDocumentClient
  retryPolicy: RetryPolicy
}

const OPERATION = 'batchWrite'

/**
 * Writes puts and deletes from any entities and tables, split into DynamoDB's limits (25 requests
 * and 16 MB per call, counted across tables), with calls in flight concurrently, and unprocessed
 * items retried with backoff until written or out of attempts.
 *
 * An array is validated whole before the first call: an invalid or oversized item rejects with a
 * `BatchValidationError` and nothing is written. Writes to one item go in input order (see
 * `requestQueue.ts`), so an input may repeat keys. An
 * (async) iterable is pulled lazily, so a bad request is found when it is reached; the run then
 * stops and rejects with a `BatchWriteError` (code `batch.invalidInput`) holding what was not
 * written.
 *
 * @throws BatchWriteError with `.unprocessed`, exactly the requests that were not written
 * @example
 * const { written } = await client.batchWrite([
 *   Customer.batchPut({ customerId: 'c1', email: 'ada@example.com', name: 'Ada' }),
 *   Order.batchDelete({ orderId: 'o-old' })
 * ])
 */
export async function batchWrite(
  client: WriteClient,
  requests: BatchWriteInput,
  options: BatchWriteOptions = {}
): Promise<BatchWriteResult> {
  const resolved = resolveBatchOptions(options, client.retryPolicy)
  const total = Array.isArray(requests) ? requests.length : undefined
  const input = createWriteSource(requests)
  const operation = writeOperation(client.documentClient)
  const run = await runBatch(operation, input.source, {
    ...resolved,
    onProgress:
      options.onProgress &&
      (progress =>
        options.onProgress?.(Object.freeze({ ...progress, written: progress.processed, total })))
  })
  const result = {
    written: run.processed,
    calls: run.calls,
    retries: run.retries,
    throttled: run.throttled
  }
  const invalid = input.invalidRequest()
  const stoppedEarly = run.inputError !== undefined || run.interruption !== undefined
  if (run.failed.length === 0 && invalid === undefined && !stoppedEarly) {
    return result
  }

  const unprocessed = run.failed.map(entry => ({ index: entry.index, request: entry.request }))
  if (invalid !== undefined) unprocessed.push(invalid)
  unprocessed.sort((left, right) => left.index - right.index)
  const causes = countBy(run.failed, entry => entry.lastFailure ?? 'Unknown')
  if (invalid !== undefined) causes.InvalidRequest = 1
  throw new BatchWriteError(
    {
      ...stopOf(run),
      summary: `${OPERATION}: ${unprocessed.length} request(s) not written, ${run.processed} written`,
      byEntity: countBy(unprocessed, ({ request }) => request?.entity?.entityName ?? 'Unknown'),
      causes,
      reasons: run.reasons,
      failedCalls: run.failedCalls
    },
    run.processed,
    unprocessed.map(({ request }) => request),
    run.ambiguous
  )
}

function writeOperation(
  documentClient: DynamoDBDocumentClient
): BatchOperation<WriteEntry, UnprocessedOutput> {
  return {
    maxEntriesPerCall: MAX_BATCH_WRITE_REQUESTS,
    maxBytesPerCall: MAX_BATCH_BYTES,
    unprocessedCause: 'UnprocessedItems',
    send: entries => {
      const RequestItems: Record<string, WriteRequestParams[]> = {}
      for (const entry of entries) (RequestItems[entry.table] ??= []).push(entry.params)
      return sendOnce<UnprocessedOutput>(
        documentClient,
        new BatchWriteCommand({ RequestItems: RequestItems as never })
      )
    },
    unprocessed: (output, sent) => {
      const returned = Object.fromEntries(
        Object.entries(output.UnprocessedItems ?? {}).map(([table, writes]) => [
          table,
          (writes ?? []).map(write => write.PutRequest?.Item ?? write.DeleteRequest?.Key ?? {})
        ])
      )
      // A write DynamoDB returned that we cannot place: resend the whole call (writes repeat safely).
      return matchReturned(returned, sent) ?? [...sent]
    }
  }
}

interface UnprocessedOutput {
  UnprocessedItems?: Record<
    string,
    {
      PutRequest?: { Item?: Record<string, unknown> }
      DeleteRequest?: { Key?: Record<string, unknown> }
    }[]
  >
}

/**
 * Arrays are prepared and checked whole before the first call. Iterables are prepared as they are
 * pulled; the request that failed preparation is kept so it can be handed back.
 */
function createWriteSource(requests: BatchWriteInput): {
  source: EntrySource<WriteEntry>
  invalidRequest(): { index: number; request: BatchWriteRequest } | undefined
} {
  if (Array.isArray(requests)) {
    const entries = requests.map((request, index) => prepareWrite(request, index, OPERATION))
    return { source: arraySource(entries), invalidRequest: () => undefined }
  }
  const iterator =
    Symbol.asyncIterator in requests
      ? (requests as AsyncIterable<BatchWriteRequest>)[Symbol.asyncIterator]()
      : (requests as Iterable<BatchWriteRequest>)[Symbol.iterator]()
  let index = 0
  let invalid: { index: number; request: BatchWriteRequest } | undefined
  return {
    source: {
      next: async () => {
        const step = await iterator.next()
        if (step.done) return undefined
        const position = index++
        try {
          return prepareWrite(step.value, position, OPERATION)
        } catch (error) {
          invalid = { index: position, request: step.value }
          throw error
        }
      }
    },
    invalidRequest: () => invalid
  }
}

import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Entity } from 'dynamodb-toolbox/entity'

import { BatchGetError } from '../errors/index.js'
import { type ItemReader, readerFor } from '../itemReader.js'
import { projectionExpression, type RequestedItem } from '../projections.js'
import { sendOnce } from '../sendRequest.js'
import { MAX_BATCH_GET_KEYS } from '../limits.js'
import type { RetryPolicy } from '../retryPolicy.js'
import { type BatchOptions, countBy, resolveBatchOptions, stopOf } from './batchOptions.js'
import {
  type BatchGetKeyRequest,
  type GetEntry,
  keyIdOfStored,
  matchReturned,
  prepareGet
} from './batchRequests.js'
import { arraySource, type BatchOperation, runBatch } from './runBatch.js'

export interface BatchGetProgress {
  /** Distinct keys read so far (found or not). */
  readonly read: number
  readonly pending: number
  readonly failed: number
  /** Distinct keys requested. */
  readonly total: number
  readonly calls: number
  readonly retries: number
  readonly throttled: number
}

export interface BatchGetOptions extends BatchOptions {
  /** Strongly consistent reads (default: eventually consistent, as DynamoDB's). */
  consistentRead?: boolean
  onProgress?: (progress: BatchGetProgress) => void
}

/** What `batchGet` resolves with: at each request's index, its item or `undefined`. */
export type BatchGetItems<REQUESTS extends readonly BatchGetKeyRequest[]> = {
  -readonly [INDEX in keyof REQUESTS]: RequestedItem<REQUESTS[INDEX]> | undefined
}

interface ReadClient {
  documentClient: DynamoDBDocumentClient
  retryPolicy: RetryPolicy
}

type StoredItem = Record<string, unknown>
interface GetOutput {
  Responses?: Record<string, StoredItem[]>
  UnprocessedKeys?: Record<string, { Keys?: StoredItem[] }>
}

const OPERATION = 'batchGet'

/**
 * Reads keys from any entities and tables: split into calls of at most 100 keys (across tables),
 * run concurrently, `UnprocessedKeys` retried with backoff. A key asked for twice is read once.
 * Responses are matched to requests by table and key, never by position.
 *
 * @returns the items in request order, each formatted by its entity; `undefined` for a missing key
 * @throws BatchGetError with `.unprocessedKeys` and the `.items` it did read
 * @example
 * const [ada, lamp] = await client.batchGet([Customer.batchGet({ customerId: 'c1' }), Product.batchGet({ sku: 'LAMP' })])
 */
export async function batchGet<const REQUESTS extends readonly BatchGetKeyRequest[]>(
  client: ReadClient,
  requests: REQUESTS,
  options: BatchGetOptions = {}
): Promise<BatchGetItems<REQUESTS>> {
  return readBatch(client, requests, options, entity => readerFor(entity)) as never
}

/** `batchGet`, with the items as DynamoDB stores them (unformatted), for callers that read them. */
export async function batchGetStored(
  client: ReadClient,
  requests: readonly BatchGetKeyRequest[],
  options: BatchGetOptions = {}
): Promise<(StoredItem | undefined)[]> {
  return readBatch(client, requests, options, () => STORED) as Promise<(StoredItem | undefined)[]>
}

const STORED: ItemReader = { read: stored => stored }

async function readBatch(
  client: ReadClient,
  requests: readonly BatchGetKeyRequest[],
  options: BatchGetOptions,
  readerOf: (entity: Entity) => ItemReader
): Promise<unknown[]> {
  const resolved = resolveBatchOptions(options, client.retryPolicy)
  const list: readonly BatchGetKeyRequest[] = Array.from(requests)
  const entries = dedupe(list.map((request, index) => prepareGet(request, index, OPERATION)))
  const items: unknown[] = new Array(list.length).fill(undefined)
  const operation = getOperation(
    client.documentClient,
    options.consistentRead === true,
    items,
    readerOf
  )
  const run = await runBatch(operation, arraySource(entries), {
    ...resolved,
    onProgress:
      options.onProgress &&
      (progress =>
        options.onProgress?.(
          Object.freeze({ ...progress, read: progress.processed, total: entries.length })
        ))
  })
  if (run.failed.length === 0 && run.interruption === undefined) {
    return items
  }

  const unprocessedIndexes = run.failed.flatMap(entry => entry.indexes).sort((a, b) => a - b)
  throw new BatchGetError(
    {
      ...stopOf(run),
      summary: `${OPERATION}: ${unprocessedIndexes.length} of ${list.length} key(s) not read`,
      byEntity: countBy(run.failed, entry => entry.entity.entityName),
      causes: countBy(run.failed, entry => entry.lastFailure ?? 'Unknown'),
      reasons: run.reasons,
      failedCalls: run.failedCalls
    },
    unprocessedIndexes,
    unprocessedIndexes.map(index => list[index]),
    items
  )
}

/** One entry per distinct table and key, remembering every index that asked for it. */
function dedupe(entries: readonly GetEntry[]): GetEntry[] {
  const byKey = new Map<string, GetEntry>()
  for (const entry of entries) {
    const first = byKey.get(entry.keyId)
    if (first === undefined) byKey.set(entry.keyId, entry)
    else {
      first.indexes.push(entry.index)
      first.projections.push(...entry.projections)
    }
  }
  return [...byKey.values()]
}

function getOperation(
  documentClient: DynamoDBDocumentClient,
  consistentRead: boolean,
  items: unknown[],
  readerOf: (entity: Entity) => ItemReader
): BatchOperation<GetEntry, GetOutput> {
  return {
    maxEntriesPerCall: MAX_BATCH_GET_KEYS,
    // The 16 MB limit is on the response: DynamoDB hands the rest back as UnprocessedKeys.
    maxBytesPerCall: Number.POSITIVE_INFINITY,
    unprocessedCause: 'UnprocessedKeys',
    send: entries => {
      // Built from our entries on every call, never from the echoed UnprocessedKeys: dynalite
      // drops projection and attribute names from those.
      const RequestItems: Record<string, { Keys: StoredItem[]; ConsistentRead?: boolean }> = {}
      const projected = new Map<string, Set<string> | null>()
      for (const entry of entries) {
        const table = (RequestItems[entry.table] ??= {
          Keys: [],
          ...(consistentRead ? { ConsistentRead: true } : {})
        })
        table.Keys.push(entry.key)
        // A table's keys share one projection: the union, or the whole items if one asks for them.
        const attributes = projected.get(entry.table)
        if (attributes === null) continue
        if (entry.projections.some(projection => projection === undefined)) {
          projected.set(entry.table, null)
          continue
        }
        const union = attributes ?? new Set<string>()
        for (const projection of entry.projections) projection?.forEach(name => union.add(name))
        projected.set(entry.table, union)
      }
      for (const [table, attributes] of projected) {
        const entity = entries.find(entry => entry.table === table)?.entity
        if (attributes === null || entity === undefined) continue
        Object.assign(RequestItems[table] as object, projectionExpression(entity, attributes))
      }
      return sendOnce<GetOutput>(
        documentClient,
        new BatchGetCommand({ RequestItems: RequestItems as never })
      )
    },
    unprocessed: (output, sent) => {
      const returned = Object.fromEntries(
        Object.entries(output.UnprocessedKeys ?? {}).map(([table, { Keys = [] }]) => [table, Keys])
      )
      // A key DynamoDB returned that we cannot place: read the whole call again.
      return matchReturned(returned, sent) ?? [...sent]
    },
    completed: (output, processed) => {
      const found = new Map<string, StoredItem>()
      for (const [table, stored] of Object.entries(output.Responses ?? {})) {
        const entity = processed.find(entry => entry.table === table)?.entity
        if (entity === undefined) continue
        for (const item of stored) found.set(keyIdOfStored(entity, table, item), item)
      }
      const unusable: GetEntry[] = []
      for (const entry of processed) {
        const stored = found.get(entry.keyId)
        const read: unknown[] = []
        try {
          for (const attributes of entry.projections) {
            const options = attributes === undefined ? {} : { attributes }
            read.push(
              stored === undefined ? undefined : readerOf(entry.entity).read(stored, options)
            )
          }
        } catch {
          unusable.push(entry)
          continue
        }
        entry.indexes.forEach((index, position) => (items[index] = read[position]))
      }
      return unusable
    },
    completionFailure: 'ItemDoesNotMatchEntity'
  }
}

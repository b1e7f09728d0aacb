import type { FaultDecision, FaultPolicy, FaultRequest } from './faultProxy.js'

/**
 * Fault policies for batch calls, deterministic per item: whether a write request or key is
 * withheld depends only on the seed, the item's key and how many times that key was seen, never
 * on the order in which concurrent calls reach the proxy.
 */
export interface BatchFaultOptions {
  seed: number
  /** Share of write requests (BatchWriteItem) and keys (BatchGetItem) returned unprocessed. */
  unprocessed?: number
  /** Share of calls answered ProvisionedThroughputExceededException. */
  throttle?: number
  /** Share of calls answered 500 InternalServerError. */
  serverError?: number
  /** Share of calls whose connection is reset before the backend sees them. */
  resetBefore?: number
  /** Share of calls applied by the backend whose connection is then reset. */
  resetAfter?: number
  /** Keys (`table|pk|sk`, marshalled) refused on every attempt. */
  refuseAlways?: (key: string) => boolean
}

export type AttributeMap = Record<string, Record<string, unknown>>
type WriteRequest = { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } }
type KeysAndAttributes = { Keys: AttributeMap[] } & Record<string, unknown>

/**
 * FNV-1a over the parts, finished with murmur3's fmix32 (FNV alone leaves the top bits nearly
 * unchanged by the last characters, so `key|1` and `key|2` would be decided alike), as a number
 * in [0, 1).
 */
export function chance(...parts: (string | number)[]): number {
  let hash = 0x811c9dc5
  for (const char of parts.join('|')) {
    hash ^= char.charCodeAt(0)
    hash = Math.imul(hash, 0x01000193)
  }
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b)
  hash ^= hash >>> 13
  hash = Math.imul(hash, 0xc2b2ae35)
  hash ^= hash >>> 16
  return (hash >>> 0) / 4294967296
}

/** `table|pk|sk` from a marshalled item or key of a pk/sk table. */
export function keyOf(table: string, attributes: AttributeMap): string {
  const value = (name: string) => JSON.stringify(attributes[name] ?? null)
  return `${table}|${value('pk')}|${value('sk')}`
}

export function batchFaults(options: BatchFaultOptions): FaultPolicy {
  const seen = new Map<string, number>()
  const occurrence = (key: string) => {
    const next = (seen.get(key) ?? 0) + 1
    seen.set(key, next)
    return next
  }
  const withheld = (key: string) =>
    options.refuseAlways?.(key) === true ||
    chance(options.seed, 'unprocessed', key, occurrence(key)) < (options.unprocessed ?? 0)

  return (request: FaultRequest): FaultDecision => {
    const keys = batchKeys(request)
    if (keys === undefined) return { kind: 'forward' }
    const [firstKey = ''] = keys
    const roll = chance(options.seed, 'call', firstKey, occurrence(`call:${firstKey}`))
    let threshold = 0
    for (const [share, decision] of [
      [
        options.throttle,
        { kind: 'respond', status: 400, errorType: 'ProvisionedThroughputExceededException' }
      ],
      [options.serverError, { kind: 'respond', status: 500, errorType: 'InternalServerError' }],
      [options.resetBefore, { kind: 'resetBefore' }],
      [options.resetAfter, { kind: 'resetAfter' }]
    ] as const) {
      threshold += share ?? 0
      if (roll < threshold) return decision
    }
    return withholdItems(request, withheld)
  }
}

/** Token-bucket capacity: write (and read) units per second; what does not fit is refused. */
export interface CapacityOptions {
  writeUnitsPerSecond: number
  readUnitsPerSecond?: number
  /** Bucket size in seconds of capacity (default 1). */
  burstSeconds?: number
  now?: () => number
  /** An item's size in bytes, from its marshalled attributes (default: their JSON length). */
  sizeOf?: (attributes: AttributeMap) => number
}

export function capacityFaults(options: CapacityOptions): FaultPolicy {
  const now = options.now ?? Date.now
  const burst = options.burstSeconds ?? 1
  const bucket = (unitsPerSecond: number) => {
    let tokens = unitsPerSecond * burst
    let at = now()
    return (cost: number) => {
      const time = now()
      tokens = Math.min(unitsPerSecond * burst, tokens + ((time - at) / 1_000) * unitsPerSecond)
      at = time
      if (tokens < cost) return false
      tokens -= cost
      return true
    }
  }
  const writes = bucket(options.writeUnitsPerSecond)
  const reads = bucket(options.readUnitsPerSecond ?? Number.POSITIVE_INFINITY)
  return request => {
    if (request.operation === 'BatchWriteItem') {
      return withholdItems(
        request,
        (_key, size) => !writes(Math.max(1, Math.ceil(size / 1_024))),
        options.sizeOf
      )
    }
    if (request.operation === 'BatchGetItem') {
      return withholdItems(request, () => !reads(1))
    }
    return { kind: 'forward' }
  }
}

/** Withholds the writes `refuse` picks (by key and marshalled item), as UnprocessedItems. */
export function withholdWrites(
  request: FaultRequest,
  refuse: (key: string, attributes: AttributeMap) => boolean
): FaultDecision {
  return withholdItems(request, (key, _size, attributes) => refuse(key, attributes))
}

function batchKeys(request: FaultRequest): string[] | undefined {
  const requestItems = request.body.RequestItems as Record<string, unknown> | undefined
  if (requestItems === undefined) return undefined
  if (request.operation === 'BatchWriteItem') {
    return Object.entries(requestItems as Record<string, WriteRequest[]>).flatMap(
      ([table, writes]) =>
        writes.map(write => keyOf(table, write.PutRequest?.Item ?? write.DeleteRequest?.Key ?? {}))
    )
  }
  if (request.operation === 'BatchGetItem') {
    return Object.entries(requestItems as Record<string, KeysAndAttributes>).flatMap(
      ([table, { Keys }]) => Keys.map(key => keyOf(table, key))
    )
  }
  return undefined
}

/**
 * Forwards only the requests or keys `refuse` lets through and answers the rest as
 * UnprocessedItems / UnprocessedKeys, merged with whatever the backend left unprocessed.
 * When everything is refused, the call is answered ProvisionedThroughputExceededException, as
 * DynamoDB does when it can process none of a batch.
 */
function withholdItems(
  request: FaultRequest,
  refuse: (key: string, size: number, attributes: AttributeMap) => boolean,
  sizeOf: (attributes: AttributeMap) => number = attributes => JSON.stringify(attributes).length
): FaultDecision {
  const requestItems = request.body.RequestItems as Record<string, unknown>
  const forwarded: Record<string, unknown> = {}
  const refused: Record<string, unknown> = {}
  let forwardedCount = 0
  let refusedCount = 0
  for (const [table, value] of Object.entries(requestItems)) {
    if (request.operation === 'BatchWriteItem') {
      const [keep, drop] = split(value as WriteRequest[], write => {
        const attributes = write.PutRequest?.Item ?? write.DeleteRequest?.Key ?? {}
        return !refuse(keyOf(table, attributes), sizeOf(attributes), attributes)
      })
      if (keep.length > 0) forwarded[table] = keep
      if (drop.length > 0) refused[table] = drop
      forwardedCount += keep.length
      refusedCount += drop.length
    } else {
      const { Keys, ...rest } = value as KeysAndAttributes
      const [keep, drop] = split(Keys, key => !refuse(keyOf(table, key), 0, key))
      if (keep.length > 0) forwarded[table] = { ...rest, Keys: keep }
      if (drop.length > 0) refused[table] = { ...rest, Keys: drop }
      forwardedCount += keep.length
      refusedCount += drop.length
    }
  }
  if (refusedCount === 0) return { kind: 'forward' }
  if (forwardedCount === 0) {
    return { kind: 'respond', status: 400, errorType: 'ProvisionedThroughputExceededException' }
  }
  const field = request.operation === 'BatchWriteItem' ? 'UnprocessedItems' : 'UnprocessedKeys'
  return {
    kind: 'forward',
    body: { ...request.body, RequestItems: forwarded },
    rewriteResponse: response => ({
      ...response,
      [field]: mergeUnprocessed(
        response[field] as Record<string, unknown> | undefined,
        refused,
        field
      )
    })
  }
}

function mergeUnprocessed(
  fromBackend: Record<string, unknown> | undefined,
  refused: Record<string, unknown>,
  field: string
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...fromBackend }
  for (const [table, value] of Object.entries(refused)) {
    const existing = merged[table]
    if (existing === undefined) merged[table] = value
    else if (field === 'UnprocessedItems')
      merged[table] = [...(existing as unknown[]), ...(value as unknown[])]
    else {
      const keys = (existing as KeysAndAttributes).Keys
      merged[table] = {
        ...(value as KeysAndAttributes),
        Keys: [...keys, ...(value as KeysAndAttributes).Keys]
      }
    }
  }
  return merged
}

function split<T>(values: readonly T[], keep: (value: T) => boolean): [T[], T[]] {
  const kept: T[] = []
  const dropped: T[] = []
  for (const value of values) (keep(value) ? kept : dropped).push(value)
  return [kept, dropped]
}

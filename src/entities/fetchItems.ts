import { batchGetStored } from '../client/batch/batchGet.js'
import type { CallOptions } from '../client/callPolicy.js'
import { setProjection } from '../client/projections.js'
import { clientOf } from '../schema/defineTable.js'
import { StoredKeyGetRequest } from './fastRequests.js'
import type { EntityModel } from './writes/entityModel.js'

type Stored = Record<string, unknown>

/**
 * The whole items behind what a partial index returned, read by primary key in one batch read
 * (concurrent calls of up to 100 keys, unprocessed keys retried), in the index's order. An item
 * deleted since the index was read is left out, as a later query would leave it out.
 */
export async function fetchWholeItems(
  model: EntityModel,
  entries: readonly Stored[],
  options: CallOptions & {
    consistent?: boolean | undefined
    attributes?: readonly string[] | undefined
  }
): Promise<Stored[]> {
  if (entries.length === 0) return []
  const { entity } = model
  const { partitionKey, sortKey } = entity.table
  const requests = entries.map(entry => {
    const key: Stored = { [partitionKey.name]: entry[partitionKey.name] }
    if (sortKey !== undefined) key[sortKey.name] = entry[sortKey.name]
    const request = new StoredKeyGetRequest(entity, key)
    setProjection(request, options.attributes)
    return request
  })
  const { maxAttempts, baseDelayMs, maxDelayMs, signal } = options
  const callOptions = Object.fromEntries(
    Object.entries({ maxAttempts, baseDelayMs, maxDelayMs, signal }).filter(
      ([, value]) => value !== undefined
    )
  )
  const items = await batchGetStored(clientOf(entity.table), requests, {
    ...callOptions,
    consistentRead: options.consistent === true
  })
  return items.filter((item): item is Stored => item !== undefined)
}

import { QueryCommand as DocumentQueryCommand } from '@aws-sdk/lib-dynamodb'
import type { FormattedItem } from 'dynamodb-toolbox/entity'
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query'

import { assertInteger } from '../client/assertOptions.js'
import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
import { readerFor } from '../client/itemReader.js'
import { type CallOptions, resolveCallPolicy } from '../client/callPolicy.js'
import { sendRequest } from '../client/sendRequest.js'
import { toMonotableError } from '../client/translateError.js'
import { clientOf } from '../schema/defineTable.js'
import type { MonotableEntity } from './defineEntity.js'
import type { KeyTemplates } from './entityKeys.js'
import type { PartitionValues } from './keyQuery.js'
import { compileKeyQuery } from './keyQuery.js'
import { decodeCursor, encodeCursor } from './cursor.js'

/** What a collection query needs of an entity. */
export type CollectionEntity = Pick<
  MonotableEntity,
  'name' | 'entity' | 'table' | 'key' | 'primaryKey'
>

interface QueryOutput {
  Items?: Record<string, unknown>[]
  LastEvaluatedKey?: Record<string, unknown>
}

/** Items of an item collection, grouped by entity name. */
export type CollectionItems<ENTITIES extends readonly CollectionEntity[]> = {
  [ENTITY in ENTITIES[number] as ENTITY['name']]: FormattedItem<ENTITY['entity']>[]
}

type FirstKey<ENTITIES> = ENTITIES extends readonly [
  { key: infer KEY extends KeyTemplates },
  ...unknown[]
]
  ? KEY
  : KeyTemplates

export interface QueryCollectionOptions extends CallOptions {
  /** Items evaluated per page (of every entity, and of others in the collection). */
  limit?: number
  /** Descending sort-key order. */
  reverse?: boolean
  /** The `cursor` of a previous page. */
  cursor?: string
  /** Strongly consistent read. */
  consistent?: boolean
}

/** One page of a collection: its items by entity, and the cursor of the next page. */
export type CollectionPage<ENTITIES extends readonly CollectionEntity[]> =
  CollectionItems<ENTITIES> & {
    /** Pass it as `cursor` to read the next page; `undefined` on the last page. */
    cursor: string | undefined
  }

/**
 * Reads one page (up to 1 MB, or `limit` items) of an item collection: one partition holding
 * several entities, such as an order and its items, grouped by entity. The entities must share
 * their partition-key template. `queryCollectionAll` reads every page.
 *
 * @example
 * const { Order: [order], OrderItem: items, cursor } = await queryCollection([Order, OrderItem], { orderId })
 */
export async function queryCollection<const ENTITIES extends readonly CollectionEntity[]>(
  entities: ENTITIES,
  partition: PartitionValues<FirstKey<ENTITIES>>,
  options: QueryCollectionOptions = {}
): Promise<CollectionPage<ENTITIES>> {
  return readCollectionPage(planCollection(entities, partition, options), options.cursor)
}

/** Every page of an item collection, read one at a time as the loop asks for it. */
export async function* queryCollectionAll<const ENTITIES extends readonly CollectionEntity[]>(
  entities: ENTITIES,
  partition: PartitionValues<FirstKey<ENTITIES>>,
  options: QueryCollectionOptions = {}
): AsyncGenerator<CollectionPage<ENTITIES>> {
  const plan = planCollection(entities, partition, options)
  let cursor = options.cursor
  do {
    const page: CollectionPage<ENTITIES> = await readCollectionPage(plan, cursor)
    yield page
    cursor = page.cursor
  } while (cursor !== undefined)
}

interface CollectionPlan {
  entities: readonly CollectionEntity[]
  params: Record<string, unknown>
  send: (params: Record<string, unknown>) => Promise<QueryOutput>
  cursorAttributes: ReadonlySet<string>
}

function planCollection(
  entities: readonly CollectionEntity[],
  partition: Readonly<Record<string, unknown>>,
  options: QueryCollectionOptions
): CollectionPlan {
  const [first] = entities
  if (first === undefined) {
    throw new ValidationError(ERROR_CODES.invalidQuery, 'queryCollection: no entities given')
  }
  const mismatched = entities.find(
    entity =>
      entity.table !== first.table ||
      entity.primaryKey.partition.source !== first.primaryKey.partition.source
  )
  if (mismatched !== undefined) {
    throw new ValidationError(
      ERROR_CODES.invalidQuery,
      `queryCollection: ${mismatched.name} and ${first.name} do not share a table and partition-key template`
    )
  }
  if (options.limit !== undefined) assertInteger('limit', options.limit, 1)
  const { partition: partitionKey } = compileKeyQuery(
    first.name,
    first.primaryKey,
    partition,
    undefined
  )
  const params = first.table
    .build(QueryCommand)
    .entities(...entities.map(entity => entity.entity))
    .query({ partition: partitionKey })
    .options({
      consistent: options.consistent ?? false,
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(options.reverse === undefined ? {} : { reverse: options.reverse })
    } as never)
    .params()
  const client = clientOf(first.table)
  const call = { ...resolveCallPolicy(options, client.retryPolicy), repeatable: true }
  const { partitionKey: pk, sortKey: sk } = first.table
  return {
    entities,
    params,
    send: async input =>
      (
        await sendRequest<QueryOutput>(
          client.documentClient,
          new DocumentQueryCommand(input as never),
          call
        )
      ).output,
    cursorAttributes: new Set([pk.name, ...(sk === undefined ? [] : [sk.name])])
  }
}

async function readCollectionPage<ENTITIES extends readonly CollectionEntity[]>(
  plan: CollectionPlan,
  cursor: string | undefined
): Promise<CollectionPage<ENTITIES>> {
  const { entities } = plan
  const names = entities.map(entity => entity.name).join('+')
  try {
    const ExclusiveStartKey =
      cursor === undefined ? undefined : decodeCursor(cursor, plan.cursorAttributes, names)
    const page = await plan.send({ ...plan.params, ExclusiveStartKey })
    const grouped: Record<string, Record<string, unknown>[]> = Object.fromEntries(
      entities.map(entity => [entity.name, []])
    )
    const byName = new Map(entities.map(entity => [entity.name as string, entity.entity]))
    const entityAttribute = (entities[0] as CollectionEntity).table.entityAttributeSavedAs
    for (const stored of page.Items ?? []) {
      const name = stored[entityAttribute]
      const entity = typeof name === 'string' ? byName.get(name) : undefined
      const item = entity === undefined ? undefined : readerFor(entity).read(stored)
      if (item !== undefined) grouped[name as string]?.push(item)
    }
    return { ...grouped, cursor: encodeCursor(page.LastEvaluatedKey) } as CollectionPage<ENTITIES>
  } catch (error) {
    throw toMonotableError(error, { entity: names, operation: 'queryCollection' })
  }
}

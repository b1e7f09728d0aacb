import { QueryCommand as DocumentQueryCommand } from '@aws-sdk/lib-dynamodb'
import type { FormattedItem } from 'dynamodb-toolbox/entity'
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query'

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
  /** Strongly consistent read. */
  consistent?: boolean
}

/**
 * Reads a whole item collection (every page) in one go: one partition holding several entities,
 * such as an order and its items. The entities must share their partition-key template.
 *
 * @example
 * const { Order: [order], OrderItem: items } = await queryCollection([Order, OrderItem], { orderId })
 */
export async function queryCollection<const ENTITIES extends readonly CollectionEntity[]>(
  entities: ENTITIES,
  partition: PartitionValues<FirstKey<ENTITIES>>,
  options: QueryCollectionOptions = {}
): Promise<CollectionItems<ENTITIES>> {
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
  const { partition: partitionKey } = compileKeyQuery(
    first.name,
    first.primaryKey,
    partition,
    undefined
  )
  const grouped: Record<string, Record<string, unknown>[]> = Object.fromEntries(
    entities.map(entity => [entity.name, []])
  )
  const params = first.table
    .build(QueryCommand)
    .entities(...entities.map(entity => entity.entity))
    .query({ partition: partitionKey })
    .options({ consistent: options.consistent ?? false } as never)
    .params()
  const client = clientOf(first.table)
  const call = { ...resolveCallPolicy(options, client.retryPolicy), repeatable: true }
  const byName = new Map(entities.map(entity => [entity.name as string, entity.entity]))
  const entityAttribute = first.table.entityAttributeSavedAs
  try {
    let ExclusiveStartKey: Record<string, unknown> | undefined
    do {
      const { output: page } = await sendRequest<QueryOutput>(
        client.documentClient,
        new DocumentQueryCommand({ ...params, ExclusiveStartKey }),
        call
      )
      for (const stored of page.Items ?? []) {
        const name = stored[entityAttribute]
        const entity = typeof name === 'string' ? byName.get(name) : undefined
        const item = entity === undefined ? undefined : readerFor(entity).read(stored)
        if (item !== undefined) grouped[name as string]?.push(item)
      }
      ExclusiveStartKey = page.LastEvaluatedKey
    } while (ExclusiveStartKey !== undefined)
  } catch (error) {
    throw toMonotableError(error, {
      entity: entities.map(entity => entity.name).join('+'),
      operation: 'queryCollection'
    })
  }
  return grouped as CollectionItems<ENTITIES>
}

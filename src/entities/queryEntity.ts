import { QueryCommand as DocumentQueryCommand } from '@aws-sdk/lib-dynamodb'
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query'

import { assertInteger } from '../client/assertOptions.js'
import { resolveCallPolicy, type CallOptions } from '../client/callPolicy.js'
import { sendRequest } from '../client/sendRequest.js'
import { clientOf, PARTITION_KEY, SORT_KEY } from '../schema/defineTable.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import type { ParsedKey } from './entityKeys.js'
import { compileKeyQuery, isExcludedItem } from './keyQuery.js'
import { type ReadPage, type ReadPageOptions, readPage } from './readPage.js'
import type { EntityModel } from './writes/entityModel.js'

export interface QueryPage<ITEM> extends ReadPage<ITEM> {
  /** Pass it as `cursor` to read the next page; `undefined` on the last page. */
  cursor: string | undefined
}

interface EntityQueryInput {
  index?: string | undefined
  partition: Readonly<Record<string, unknown>>
  range?: Readonly<Record<string, unknown>> | undefined
}

interface EntityQueryPageOptions extends CallOptions, ReadPageOptions {
  limit?: number | undefined
  reverse?: boolean | undefined
  cursor?: string | undefined
  consistent?: boolean | undefined
  filter?: unknown
}

interface QueryOutput {
  Items?: Record<string, unknown>[]
  LastEvaluatedKey?: Record<string, unknown>
}

/** One page of a query, holding only this entity's items (toolbox filters on the entity attribute). */
export async function queryEntityPage(
  model: EntityModel,
  key: ParsedKey,
  query: EntityQueryInput,
  options: EntityQueryPageOptions = {}
): Promise<QueryPage<never>> {
  const { entity, name } = model
  if (options.limit !== undefined) assertInteger('limit', options.limit, 1)
  const { excluded, ...keyQuery } = compileKeyQuery(name, key, query.partition, query.range)
  const cursorAttributes = new Set([
    PARTITION_KEY.name,
    SORT_KEY.name,
    key.partitionAttribute,
    key.sortAttribute
  ])
  const exclusiveStartKey =
    options.cursor === undefined ? undefined : decodeCursor(options.cursor, cursorAttributes, name)

  const command = entity.table
    .build(QueryCommand)
    .entities(entity)
    .query(keyQuery as never)
    .options({
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(options.reverse === undefined ? {} : { reverse: options.reverse }),
      ...(options.consistent === undefined ? {} : { consistent: options.consistent }),
      ...(exclusiveStartKey === undefined ? {} : { exclusiveStartKey }),
      ...(options.filter === undefined ? {} : { filters: { [name]: options.filter } })
    } as never)
  const client = clientOf(entity.table)
  const { output } = await sendRequest<QueryOutput>(
    client.documentClient,
    new DocumentQueryCommand(command.params()),
    { ...resolveCallPolicy(options, client.retryPolicy), repeatable: true }
  )
  const { Items = [], LastEvaluatedKey } = output
  const entityAttribute = entity.table.entityAttributeSavedAs
  // The filter on the entity attribute keeps other entities out; this guards a page anyway.
  const mine = Items.filter(stored => stored[entityAttribute] === name)
  // Dropping one item can leave a page short, or empty with a cursor, as a filter can.
  const page = readPage(model, mine, options, item =>
    excluded === undefined ? true : !isExcludedItem(item, excluded)
  )
  return { ...page, items: page.items as never[], cursor: encodeCursor(LastEvaluatedKey) }
}

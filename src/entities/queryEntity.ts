import { QueryCommand as DocumentQueryCommand } from '@aws-sdk/lib-dynamodb'
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query'

import { assertInteger } from '../client/assertOptions.js'
import { resolveCallPolicy, type CallOptions } from '../client/callPolicy.js'
import { sendRequest } from '../client/sendRequest.js'
import { clientOf } from '../schema/defineTable.js'
import { compileAttributeQuery } from './attributeKeyQuery.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import type { ParsedKey } from './entityKeys.js'
import { fetchWholeItems } from './fetchItems.js'
import type { IndexView } from './indexView.js'
import { compileKeyQuery, isExcludedItem, type KeyExclusion } from './keyQuery.js'
import { projectedAttributes } from './projection.js'
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
  fetchItems?: boolean | undefined
  attributes?: readonly string[] | undefined
}

interface QueryOutput {
  Items?: Record<string, unknown>[]
  LastEvaluatedKey?: Record<string, unknown>
}

/**
 * One page of a query, holding only this entity's items: DynamoDB filters on the entity tag where
 * the index holds it, else items are told apart by the shape of their primary key.
 */
export async function queryEntityPage(
  model: EntityModel,
  key: ParsedKey,
  view: IndexView,
  query: EntityQueryInput,
  options: EntityQueryPageOptions = {}
): Promise<QueryPage<never>> {
  const { entity, name } = model
  if (options.limit !== undefined) assertInteger('limit', options.limit, 1)
  let excluded: KeyExclusion | undefined
  let keyQuery: object
  if (key.kind === 'composed') {
    const { excluded: exclusion, ...compiled } = compileKeyQuery(
      name,
      key,
      query.partition,
      query.range
    )
    excluded = exclusion
    keyQuery = compiled
  } else {
    keyQuery = compileAttributeQuery(name, key, query.partition, query.range)
  }
  const attributes = projectedAttributes(entity, options.attributes, 'query')
  const exclusiveStartKey =
    options.cursor === undefined
      ? undefined
      : decodeCursor(options.cursor, view.cursorAttributes, name)

  const command = entity.table
    .build(QueryCommand)
    .entities(entity)
    .query(keyQuery as never)
    .options({
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(options.reverse === undefined ? {} : { reverse: options.reverse }),
      ...(options.consistent === undefined ? {} : { consistent: options.consistent }),
      ...(exclusiveStartKey === undefined ? {} : { exclusiveStartKey }),
      ...(options.filter === undefined ? {} : { filters: { [name]: options.filter } }),
      ...(attributes === undefined ? {} : { attributes }),
      ...(view.holdsEntityTag ? {} : { entityAttrFilter: false })
    } as never)
  const client = clientOf(entity.table)
  const policy = { ...resolveCallPolicy(options, client.retryPolicy), repeatable: true }
  const { output } = await sendRequest<QueryOutput>(
    client.documentClient,
    new DocumentQueryCommand(command.params()),
    policy
  )
  const { Items = [], LastEvaluatedKey } = output
  // DynamoDB's filter keeps other entities out where it can; this guards a page anyway.
  let mine = Items.filter(view.isOwn)
  let partial = !view.holdsItems
  if (partial && options.fetchItems === true) {
    mine = await fetchWholeItems(model, mine, { ...options, attributes })
    partial = false
  }
  // Dropping an item can leave a page short, or empty with a cursor, as a filter can.
  const page = readPage(
    model,
    partial ? mine.map(view.restore) : mine,
    { ...options, partial, attributes },
    item => (excluded === undefined ? true : !isExcludedItem(item, excluded))
  )
  return { ...page, items: page.items as never[], cursor: encodeCursor(LastEvaluatedKey) }
}

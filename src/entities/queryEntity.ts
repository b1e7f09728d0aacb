import type { Entity } from 'dynamodb-toolbox/entity'
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query'

import { assertInteger } from '../client/assertOptions.js'
import { ERROR_CODES, ValidationError } from '../client/errors.js'
import { PARTITION_KEY, SORT_KEY } from '../schema/defineTable.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import type { ParsedKey } from './entityKeys.js'
import { compileKeyQuery } from './keyQuery.js'

export interface QueryPage<ITEM> {
  items: ITEM[]
  /** Pass it as `cursor` to read the next page; `undefined` on the last page. */
  cursor: string | undefined
}

interface EntityQueryInput {
  index?: string | undefined
  partition: Readonly<Record<string, unknown>>
  range?: Readonly<Record<string, unknown>> | undefined
}

interface EntityQueryPageOptions {
  limit?: number | undefined
  reverse?: boolean | undefined
  cursor?: string | undefined
  consistent?: boolean | undefined
  filter?: unknown
}

/** One page of a query, holding only this entity's items (toolbox filters on the entity attribute). */
export async function queryEntityPage(
  entity: Entity,
  key: ParsedKey,
  query: EntityQueryInput,
  options: EntityQueryPageOptions = {}
): Promise<QueryPage<never>> {
  const name = entity.entityName
  if (typeof query !== 'object' || query === null) {
    throw new ValidationError(
      ERROR_CODES.invalidQuery,
      `${name}.query: the query must be an object`,
      {
        entity: name
      }
    )
  }
  if (options.limit !== undefined) assertInteger('limit', options.limit, 1)
  const keyQuery = compileKeyQuery(name, key, query.partition, query.range)
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
  const { Items = [], LastEvaluatedKey } = await command.send()
  return { items: Items as never[], cursor: encodeCursor(LastEvaluatedKey) }
}

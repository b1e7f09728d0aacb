import { isDeepStrictEqual } from 'node:util'

import { GetCommand } from '@aws-sdk/lib-dynamodb'

import { sendRequest } from '../../client/sendRequest.js'
import { clientOf } from '../../schema/defineTable.js'
import type { EntityModel } from '../writes/entityModel.js'

type Stored = Record<string, unknown>

/** An item's primary key, as stored. */
export function primaryKeyOf(model: EntityModel, stored: Readonly<Stored>): Stored {
  const { partitionKey, sortKey } = model.entity.table
  return {
    [partitionKey.name]: stored[partitionKey.name],
    ...(sortKey === undefined ? {} : { [sortKey.name]: stored[sortKey.name] })
  }
}

/** The item as stored now (strongly consistent), or `undefined` when it is gone. */
export async function readAgain(
  model: EntityModel,
  basis: Readonly<Stored>
): Promise<Stored | undefined> {
  const { table } = model.entity
  const client = clientOf(table)
  const { output } = await sendRequest<{ Item?: Stored }>(
    client.documentClient,
    new GetCommand({
      TableName: table.getName(),
      Key: primaryKeyOf(model, basis),
      ConsistentRead: true
    }),
    { policy: client.retryPolicy, repeatable: true }
  )
  return output.Item
}

/**
 * Whether the item as stored now (`current`) holds what the transform changed from the item as
 * read, so that a write whose answer was lost went through: other attributes may have moved since,
 * by concurrent writers. The version and timestamps, which the write itself sets, do not count.
 */
export function wroteTransform(
  model: EntityModel,
  read: Readonly<Stored>,
  next: unknown,
  current: Readonly<Stored>
): boolean {
  const formatted = model.reader.read(current, { includeExpired: true }) ?? {}
  const skip = new Set([model.version?.attribute, ...model.timestamps])
  return Object.entries(next as Stored).every(([attribute, given]) => {
    const value = given instanceof Date ? Math.floor(given.getTime() / 1000) : given
    return (
      skip.has(attribute) ||
      isDeepStrictEqual(read[attribute], value) ||
      isDeepStrictEqual(formatted[attribute], value)
    )
  })
}

import {
  type AttributeValue,
  getTable,
  isDynamoFailure,
  keyOf,
  runAction,
  type StoredItem,
  type TableDescription,
  validateRequest
} from '../dynalite/internals.js'
import { databaseOf } from '../dynalite/database.js'
import { itemsRange } from '../dynalite/storeLayout.js'
import type { LocalContext } from '../operations/context.js'
import { isExpired } from './isExpired.js'

const GONE = ['#ConditionalCheckFailedException', '#ResourceNotFoundException']

interface Expired {
  key: StoredItem
  value: AttributeValue
}

/**
 * Deletes every item whose TTL attribute has expired at `nowMs`, in every table with time to live
 * enabled; resolves with how many were deleted. Each deletion is a DeleteItem through dynalite
 * (so secondary indexes follow) under the shared lock, conditional on the TTL value read, so an
 * item rewritten in between with a later expiry stays. Tables are read from a snapshot under the
 * shared lock, so requests go on while the backend sweeps.
 */
export async function expireItems(context: LocalContext, nowMs: number): Promise<number> {
  let deleted = 0
  for (const tableName of await context.timeToLive.tableNames()) {
    const found = await context.lock.shared(() => findExpired(context, tableName, nowMs))
    if (found === undefined) continue
    for (const item of found.expired) {
      if (await context.lock.shared(() => deleteUnchanged(context, found, item))) deleted += 1
    }
  }
  return deleted
}

interface Found {
  table: TableDescription
  attributeName: string
  expired: Expired[]
}

async function findExpired(
  context: LocalContext,
  tableName: string,
  nowMs: number
): Promise<Found | undefined> {
  const table = await getTable(context.store, tableName).catch(() => undefined)
  if (table === undefined) return undefined
  const attributeName = await context.timeToLive.attributeOf(table)
  if (attributeName === undefined) return undefined
  const expired: Expired[] = []
  for await (const stored of databaseOf(context.store).values(itemsRange(tableName))) {
    const item = stored as StoredItem
    const value = item[attributeName]
    if (value !== undefined && isExpired(value, nowMs)) {
      expired.push({ key: keyOf(table, item), value })
    }
  }
  return { table, attributeName, expired }
}

async function deleteUnchanged(
  context: LocalContext,
  { table, attributeName }: Found,
  { key, value }: Expired
): Promise<boolean> {
  const data = validateRequest(context.store, 'deleteItem', {
    TableName: table.TableName,
    Key: key,
    ConditionExpression: '#ttl = :expiresAt',
    ExpressionAttributeNames: { '#ttl': attributeName },
    ExpressionAttributeValues: { ':expiresAt': value }
  })
  try {
    await runAction(context.store, 'deleteItem', data)
    return true
  } catch (error) {
    // Rewritten or deleted since it was read, or its table is gone: nothing to expire any more.
    if (isDynamoFailure(error) && GONE.some(type => error.body.__type.endsWith(type))) return false
    throw error
  }
}

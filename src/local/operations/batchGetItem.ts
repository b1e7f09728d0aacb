import { MAX_BATCH_BYTES } from '../../client/limits.js'
import {
  dynaliteDb,
  getStoredItem,
  getTable,
  type StoredItem,
  type TableDescription,
  validateRequest
} from '../dynalite/internals.js'
import { utf8ItemSize } from '../dynalite/utf8ItemSize.js'
import type { LocalContext, Request, Response } from './context.js'

/** What UnprocessedKeys echoes of each table's request, so it can be sent again as it is. */
const ECHOED = [
  'AttributesToGet',
  'ConsistentRead',
  'ProjectionExpression',
  'ExpressionAttributeNames'
]

interface TableRequest {
  Keys: StoredItem[]
  AttributesToGet?: string[]
  ConsistentRead?: boolean
  _projection?: { paths: unknown }
}

/**
 * BatchGetItem with DynamoDB's response limit (dynalite stops at about 1 MB) and complete
 * UnprocessedKeys (dynalite drops ProjectionExpression and ExpressionAttributeNames from them).
 * Items come back in request order; DynamoDB promises no order, so clients must not rely on it.
 * ConsumedCapacity lists every table asked for, with the `Table` part under `INDEXES`, as
 * DynamoDB Local answers (reads use no index, so there is no index part).
 */
export async function batchGetItem(context: LocalContext, request: Request): Promise<Response> {
  const data = validateRequest(context.store, 'batchGetItem', request)
  const requested = data.RequestItems as Record<string, TableRequest>
  const original = request.RequestItems as Record<string, Record<string, unknown>>
  const wantsCapacity = ['TOTAL', 'INDEXES'].includes(data.ReturnConsumedCapacity as string)
  const byIndex = data.ReturnConsumedCapacity === 'INDEXES'

  return context.lock.shared(async () => {
    const tables: [string, TableDescription, TableRequest][] = []
    for (const [name, tableRequest] of Object.entries(requested)) {
      const table = await getTable(context.store, name)
      for (const key of tableRequest.Keys) {
        const invalid = dynaliteDb.validateKey(key, table)
        if (invalid) throw invalid
      }
      tables.push([name, table, tableRequest])
    }

    const Responses: Record<string, StoredItem[]> = {}
    const UnprocessedKeys: Record<string, Record<string, unknown>> = {}
    const capacity: Record<string, number> = {}
    let responseBytes = 0
    for (const [name, table, tableRequest] of tables) {
      Responses[name] = []
      const paths = tableRequest._projection?.paths ?? tableRequest.AttributesToGet
      for (const key of tableRequest.Keys) {
        const item = await getStoredItem(context.store, table, key)
        // DynamoDB Local charges a BatchGetItem nothing for a key without an item.
        if (wantsCapacity && item !== undefined) {
          const used = dynaliteDb.addConsumedCapacity(
            { ...data, TableName: name, ConsistentRead: tableRequest.ConsistentRead },
            true,
            item
          )
          capacity[name] = (capacity[name] ?? 0) + (used?.CapacityUnits ?? 0)
        }
        if (item === undefined) continue
        // 16 MB per response, counted on whole items even when projected.
        const size = utf8ItemSize(item)
        if (responseBytes + size > MAX_BATCH_BYTES || name in UnprocessedKeys) {
          responseBytes = MAX_BATCH_BYTES
          const echo = (UnprocessedKeys[name] ??= {
            ...pick(original[name] ?? {}, ECHOED),
            Keys: []
          })
          ;(echo.Keys as StoredItem[]).push(key)
          continue
        }
        responseBytes += size
        Responses[name].push(paths ? dynaliteDb.mapPaths(paths, item) : item)
      }
    }
    return {
      Responses,
      UnprocessedKeys,
      ...(wantsCapacity
        ? {
            ConsumedCapacity: tables.map(([TableName]) => {
              const CapacityUnits = capacity[TableName] ?? 0
              return byIndex
                ? { TableName, CapacityUnits, Table: { CapacityUnits } }
                : { TableName, CapacityUnits }
            })
          }
        : {})
    }
  })
}

function pick(source: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    names.filter(name => source[name] !== undefined).map(name => [name, source[name]])
  )
}

import {
  type ActionName,
  getStoredItem,
  getTable,
  isDynamoFailure,
  keyOf,
  runAction,
  type StoredItem,
  validateRequest
} from '../dynalite/internals.js'
import { inLocalWords, isUnsupportedTypeFailure } from '../indexes/updatedIndexKeys.js'
import { sortIncomingSets } from '../sets/incomingSets.js'
import type { LocalContext, Operation, Request } from './context.js'

/**
 * PutItem, UpdateItem and DeleteItem as dynalite runs them, plus what dynalite ignores:
 * `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'` puts the current item on the
 * ConditionalCheckFailedException. Such a write runs exclusive, so the item reported is the one the
 * condition was checked against.
 */
function singleItemWrite(
  action: Extract<ActionName, 'putItem' | 'updateItem' | 'deleteItem'>
): Operation {
  return async (context: LocalContext, request: Request) => {
    const data = validateRequest(context.store, action, request)
    sortIncomingSets(data)
    const write = () =>
      runAction(context.store, action, data).catch(async (error: unknown) => {
        if (!isUnsupportedTypeFailure(error)) throw error
        throw inLocalWords(error, await getTable(context.store, data.TableName as string), data)
      })
    if (request.ReturnValuesOnConditionCheckFailure !== 'ALL_OLD') return context.lock.shared(write)
    return context.lock.exclusive(async () => {
      try {
        return await write()
      } catch (error) {
        if (
          isDynamoFailure(error) &&
          error.body.__type.endsWith('#ConditionalCheckFailedException')
        ) {
          const table = await getTable(context.store, data.TableName as string)
          const key = (data.Key as StoredItem | undefined) ?? keyOf(table, data.Item as StoredItem)
          const current = await getStoredItem(context.store, table, key)
          if (current !== undefined) error.body.Item = current
        }
        throw error
      }
    })
  }
}

export const putItem = singleItemWrite('putItem')
export const updateItem = singleItemWrite('updateItem')
export const deleteItem = singleItemWrite('deleteItem')

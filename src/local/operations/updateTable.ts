import {
  failure,
  getTable,
  runAction,
  type TableDescription,
  validateWith
} from '../dynalite/internals.js'
import {
  createGlobalIndex,
  deleteGlobalIndex,
  INDEX_UPDATE_MESSAGES,
  type IndexCreation
} from '../tables/globalIndexUpdates.js'
import { updateTableValidation } from '../tables/tableValidations.js'
import type { LocalContext, Request, Response } from './context.js'

interface IndexUpdate {
  Create?: IndexCreation
  Delete?: { IndexName: string }
  Update?: unknown
}

/**
 * UpdateTable: dynalite changes throughput and billing but ignores the creation and deletion of
 * global secondary indexes, which are done here, one per call as DynamoDB allows, while every
 * other request waits (a new index is filled with the existing items before anyone writes again).
 * What else the call asks for is then left to dynalite.
 */
export async function updateTable(context: LocalContext, request: Request): Promise<Response> {
  const data = validateWith(context.store, updateTableValidation, request)
  const updates = (data.GlobalSecondaryIndexUpdates as IndexUpdate[] | undefined) ?? []
  const indexChanges = updates.filter(update => update.Create != null || update.Delete != null)
  if (indexChanges.length === 0) {
    return context.lock.shared(() => runAction(context.store, 'updateTable', data))
  }
  if (indexChanges.length > 1) {
    throw failure('LimitExceededException', INDEX_UPDATE_MESSAGES.oneAtATime)
  }
  const [change] = indexChanges as [IndexUpdate]
  const rest = { ...data, GlobalSecondaryIndexUpdates: updates.filter(update => update !== change) }

  return context.lock.exclusive(async () => {
    const table = await getTable(context.store, data.TableName as string)
    const described = change.Create
      ? await createGlobalIndex(
          context.store,
          table,
          change.Create,
          data.AttributeDefinitions as TableDescription['AttributeDefinitions'] | undefined
        )
      : await deleteGlobalIndex(
          context.store,
          table,
          (change.Delete as { IndexName: string }).IndexName
        )
    if (!hasOtherChanges(rest)) return { TableDescription: described }
    const { TableDescription } = await runAction(context.store, 'updateTable', rest)
    return {
      TableDescription: {
        ...(TableDescription as TableDescription),
        GlobalSecondaryIndexes: described.GlobalSecondaryIndexes
      }
    }
  })
}

function hasOtherChanges(data: Record<string, unknown>): boolean {
  return (
    data.ProvisionedThroughput != null ||
    data.BillingMode != null ||
    (data.GlobalSecondaryIndexUpdates as unknown[]).length > 0
  )
}

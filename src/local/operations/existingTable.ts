import {
  failure,
  getTable,
  isDynamoFailure,
  type Store,
  type TableDescription
} from '../dynalite/internals.js'
import { LOCAL_MESSAGES } from '../localErrors.js'

/**
 * The table, or DynamoDB's ResourceNotFoundException worded as DynamoDB does (dynalite's own
 * calls say `Requested resource not found`).
 */
export async function getExistingTable(store: Store, name: string): Promise<TableDescription> {
  try {
    return await getTable(store, name)
  } catch (error) {
    if (isDynamoFailure(error) && error.body.__type.endsWith('#ResourceNotFoundException')) {
      throw failure('ResourceNotFoundException', LOCAL_MESSAGES.missingTable)
    }
    throw error
  }
}

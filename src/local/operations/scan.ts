import { actionValidations, getTable, runAction, validateWith } from '../dynalite/internals.js'
import { findIndex } from '../indexes/indexSchema.js'
import { checkProjectedAttributes } from '../indexes/projectionChecks.js'
import type { LocalContext, Request, Response } from './context.js'

/**
 * Scan as dynalite runs it (multi-attribute indexes included: their entries are read in key
 * order through the patched `createIndexKey`), refusing, as DynamoDB does, to return or filter on
 * attributes a global secondary index does not project.
 */
export async function scan(context: LocalContext, request: Request): Promise<Response> {
  const data = validateWith(context.store, actionValidations.scan, request)
  return context.lock.shared(async () => {
    if (typeof data.IndexName === 'string') {
      const table = await getTable(context.store, data.TableName as string)
      const found = findIndex(table, data.IndexName)
      const unprojected = found?.isGlobal && checkProjectedAttributes(table, found.index, data)
      if (unprojected) throw unprojected
    }
    return runAction(context.store, 'scan', data)
  })
}

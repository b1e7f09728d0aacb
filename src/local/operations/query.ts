import {
  type ActionValidation,
  actionValidations,
  getTable,
  runAction,
  validateWith,
  validationFailure
} from '../dynalite/internals.js'
import { findIndex, isMultiAttributeKey } from '../indexes/indexSchema.js'
import { queryMultiAttributeIndex } from '../indexes/multiAttributeQuery.js'
import { checkProjectedAttributes } from '../indexes/projectionChecks.js'
import type { LocalContext, Request, Response } from './context.js'

const CONDITION_COUNT = 'Conditions can be of length 1 or 2 only'
const MORE_CONDITIONS = Symbol('more than two key conditions')

/**
 * dynalite's Query checks, except that more than two key conditions are left for later: they
 * are fine on a multi-attribute index, which only the table tells.
 */
const queryValidation: ActionValidation = {
  types: actionValidations.query.types,
  custom: (data, store) => {
    const message = actionValidations.query.custom?.(data, store)
    if (message !== CONDITION_COUNT) return message
    ;(data as Record<symbol, unknown>)[MORE_CONDITIONS] = true
    return undefined
  }
}

/**
 * Query: on a multi-attribute global secondary index, monotable's own checks and key range over
 * dynalite's reading; everywhere else dynalite's Query. Either way a global secondary index can
 * only be asked for the attributes it projects.
 */
export async function query(context: LocalContext, request: Request): Promise<Response> {
  const data = validateWith(context.store, queryValidation, request)
  const moreConditions = (data as Record<symbol, unknown>)[MORE_CONDITIONS] === true
  if (moreConditions && data.IndexName == null) throw validationFailure(CONDITION_COUNT)
  return context.lock.shared(async () => {
    const table = await getTable(context.store, data.TableName as string)
    const found = typeof data.IndexName === 'string' ? findIndex(table, data.IndexName) : undefined
    if (found?.isGlobal && isMultiAttributeKey(found.index.KeySchema)) {
      return queryMultiAttributeIndex(context.store, table, found.index, data)
    }
    if (moreConditions) throw validationFailure(CONDITION_COUNT)
    const unprojected = found?.isGlobal && checkProjectedAttributes(table, found.index, data)
    if (unprojected) throw unprojected
    return runAction(context.store, 'query', data)
  })
}

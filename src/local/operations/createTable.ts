import { type IndexDescription, runAction, validateWith } from '../dynalite/internals.js'
import { javaHashMapOrder } from '../tables/javaHashMapOrder.js'
import { createTableValidation } from '../tables/tableValidations.js'
import type { LocalContext, Request, Response } from './context.js'

const INDEX_LISTS = ['GlobalSecondaryIndexes', 'LocalSecondaryIndexes'] as const

/**
 * CreateTable as dynalite runs it, with DynamoDB's rules for global secondary index keys: up to
 * four partition and four sort attributes each, checked as DynamoDB Local checks them. Local
 * keeps a table's indexes in a Java HashMap, so they are described in its iteration order.
 */
export async function createTable(context: LocalContext, request: Request): Promise<Response> {
  const data = validateWith(context.store, createTableValidation, request)
  for (const list of INDEX_LISTS) {
    const indexes = data[list] as IndexDescription[] | undefined
    if (indexes !== undefined) data[list] = javaHashMapOrder(indexes, index => index.IndexName)
  }
  return context.lock.shared(() => runAction(context.store, 'createTable', data))
}

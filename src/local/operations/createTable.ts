import { runAction, validateWith } from '../dynalite/internals.js'
import { createTableValidation } from '../tables/tableValidations.js'
import type { LocalContext, Request, Response } from './context.js'

/**
 * CreateTable as dynalite runs it, with DynamoDB's rules for global secondary index keys: up to
 * four partition and four sort attributes each, checked as DynamoDB Local checks them.
 */
export async function createTable(context: LocalContext, request: Request): Promise<Response> {
  const data = validateWith(context.store, createTableValidation, request)
  return context.lock.shared(() => runAction(context.store, 'createTable', data))
}

import { MAX_BATCH_WRITE_REQUESTS } from '../../client/limits.js'
import { runAction, validateRequest, validationFailure } from '../dynalite/internals.js'
import { LOCAL_MESSAGES } from '../localErrors.js'
import { sortIncomingSets } from '../sets/incomingSets.js'
import type { LocalContext, Request, Response } from './context.js'

/**
 * BatchWriteItem as dynalite runs it, with the checks it lacks: the 25-request limit counted across
 * tables (dynalite counts per table), and a WriteRequest holding both a put and a delete. (Item sizes are counted in UTF-8 by
 * the patched size function.)
 */
export async function batchWriteItem(context: LocalContext, request: Request): Promise<Response> {
  const requestItems = request.RequestItems
  if (typeof requestItems === 'object' && requestItems !== null) {
    const writes = Object.values(requestItems as Record<string, unknown>).flatMap(value =>
      Array.isArray(value) ? (value as Record<string, unknown>[]) : []
    )
    if (writes.some(write => write?.PutRequest != null && write?.DeleteRequest != null)) {
      throw validationFailure(LOCAL_MESSAGES.twoWriteTypes)
    }
    if (writes.length > MAX_BATCH_WRITE_REQUESTS)
      throw validationFailure(LOCAL_MESSAGES.tooManyBatchWrites)
  }
  const data = validateRequest(context.store, 'batchWriteItem', request)
  sortIncomingSets(data)
  return context.lock.shared(() => runAction(context.store, 'batchWriteItem', data))
}

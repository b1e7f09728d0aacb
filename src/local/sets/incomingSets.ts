import type { AttributeValue, StoredItem } from '../dynalite/internals.js'
import { sortItemSets, sortSets } from './setOrder.js'

interface WriteRequest {
  Item?: StoredItem
  ExpressionAttributeValues?: StoredItem
  AttributeUpdates?: Record<string, { Value?: AttributeValue }>
  RequestItems?: Record<string, { PutRequest?: { Item?: StoredItem } }[]>
}

/**
 * DynamoDB Local reads every set of a write request in Java's order, and stores it so: a put
 * item, a SET operand, a new attribute made by ADD, an AttributeUpdates value (whose legacy ADD
 * then appends the new members to an existing set, unsorted). Sorting the request's values in
 * place, once validated, gives dynalite's actions the same values to store.
 */
export function sortIncomingSets(request: Record<string, unknown>): void {
  const { Item, ExpressionAttributeValues, AttributeUpdates, RequestItems } =
    request as WriteRequest
  if (Item) sortItemSets(Item, 'java')
  if (ExpressionAttributeValues) sortItemSets(ExpressionAttributeValues, 'java')
  for (const update of Object.values(AttributeUpdates ?? {})) {
    if (update.Value) sortSets(update.Value, 'java')
  }
  for (const writes of Object.values(RequestItems ?? {})) {
    for (const write of writes)
      if (write.PutRequest?.Item) sortItemSets(write.PutRequest.Item, 'java')
  }
}

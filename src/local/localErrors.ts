/**
 * Error texts the embedded backend answers with where dynalite has none, as DynamoDB Local 3.3.0
 * words them (../shared/reference/dynamodb-semantics.md). Clients should match on the error name.
 */
export const LOCAL_MESSAGES = {
  tooManyBatchWrites: 'Too many items requested for the BatchWriteItem call',
  twoWriteTypes:
    'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
  updateTooLarge: 'Item size to update has exceeded the maximum allowed size',
  sameItemTwice: 'Transaction request cannot include multiple operations on one item',
  oneActionPerItem: 'TransactItems can only contain one of Check, Put, Update or Delete',
  missingTable: 'Cannot do operations on a non-existent table',
  cancelled: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
  conditionFailed: 'The conditional request failed'
} as const

/** The Coral-style message for a list parameter outside its length bounds. */
export function lengthConstraint(
  parameter: string,
  value: string,
  bound: 'min' | 'max',
  limit: number
): string {
  const rule = bound === 'min' ? 'greater than or equal to' : 'less than or equal to'
  return `1 validation error detected: Value '${value}' at '${parameter}' failed to satisfy constraint: Member must have length ${rule} ${limit}`
}

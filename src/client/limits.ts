/**
 * DynamoDB's limits, each stated once with its unit in the name.
 * Source: the DynamoDB API reference and ../shared/reference/dynamodb-semantics.md (verified
 * against DynamoDB Local 3.3.0).
 */

/** Partition key values: at most 2048 bytes of UTF-8. */
export const MAX_PARTITION_KEY_BYTES = 2048
/** Sort key values: at most 1024 bytes of UTF-8. */
export const MAX_SORT_KEY_BYTES = 1024
/** An item: at most 400 KB, attribute names included. */
export const MAX_ITEM_BYTES = 400 * 1024

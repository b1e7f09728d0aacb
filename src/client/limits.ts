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

/** BatchWriteItem: at most 25 put or delete requests, counted across all tables of a call. */
export const MAX_BATCH_WRITE_REQUESTS = 25
/** BatchGetItem: at most 100 keys, counted across all tables of a call. */
export const MAX_BATCH_GET_KEYS = 100
/** BatchWriteItem requests and BatchGetItem responses: at most 16 MB. */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024
/** TransactWriteItems / TransactGetItems: at most 100 actions. */
export const MAX_TRANSACTION_ACTIONS = 100
/** TransactWriteItems: the items of a transaction weigh at most 4 MB together. */
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024
/** ClientRequestToken: 1 to 36 characters; DynamoDB remembers one for 10 minutes. */
export const MAX_CLIENT_REQUEST_TOKEN_LENGTH = 36

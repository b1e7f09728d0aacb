// schema: the table
export {
  defineTable,
  DEFAULT_INDEXES,
  DEFAULT_KEYS,
  type DefineTableOptions,
  type SingleTable,
  type TableKeysDeclaration
} from './schema/defineTable.js'
export type {
  AttributeGlobalIndex,
  AttributeIndexDeclaration,
  ComposedGlobalIndex,
  ComposedIndexDeclaration,
  IndexDeclaration,
  IndexesDeclaration,
  IndexProjection,
  IndexSlot,
  KeyType,
  LocalIndex,
  LocalIndexDeclaration,
  TableIndex
} from './schema/indexDeclarations.js'
export { tableDefinition } from './schema/tableDefinition.js'
export { timeToLiveSpecification } from './schema/timeToLive.js'
export {
  ensureTable,
  type EnsureTableOptions,
  type EnsureTableResult
} from './schema/ensureTable.js'
export {
  escapeKeyValue,
  KEY_DELIMITER,
  type KeyPartValue,
  type TemplateAttributes
} from './schema/keyTemplate.js'

// entities
export {
  defineEntity,
  type EntityDeclaration,
  type EntityIndexes,
  type EntityQuery,
  type QueriedItem,
  type SlotCondition,
  type DeleteOptions,
  type EntityQueryOptions,
  type EntityScanOptions,
  type EntityTransactAction,
  type TransactWriteOptions as EntityTransactWriteOptions,
  type GetOptions,
  type PutOptions,
  type UpdateOptions,
  type IndexTemplates,
  type MonotableEntity,
  type ToolboxEntity
} from './entities/defineEntity.js'
export type {
  AttributeKey,
  ComposedKey,
  EntityIndexDeclaration,
  KeyTemplates,
  ParsedKey,
  SlotMapping
} from './entities/entityKeys.js'
export type { PartitionValues, RangeValues, SortKeyCondition } from './entities/keyQuery.js'
export type { QueryPage } from './entities/queryEntity.js'
export type { ScanPage } from './entities/scan/scanEntity.js'
export type {
  AttributeName,
  KeyAttributeName,
  Projected,
  ProjectedItem,
  ProjectionOption
} from './entities/projection.js'
export type { BackfillOptions, BackfillTransform } from './entities/backfill/backfill.js'
export type { ReadPageOptions, SkippedItem } from './entities/readPage.js'
export type { UniqueDeclaration } from './entities/features/uniqueValues.js'
export type { TimestampsDeclaration } from './entities/features/timestamps.js'
export { epochSeconds } from './entities/writes/writeInputs.js'
export {
  queryCollection,
  queryCollectionAll,
  type CollectionEntity,
  type CollectionPage,
  type CollectionItems,
  type QueryCollectionOptions
} from './entities/queryCollection.js'

// client
export {
  createClient,
  DEFAULT_MAX_SOCKETS,
  type CreateClientOptions,
  type MonotableClient
} from './client/createClient.js'
export {
  computeBackoffDelayMs,
  createRetryPolicy,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_DELAY_MS,
  type RetryPolicy,
  type RetryPolicyOptions
} from './client/retryPolicy.js'
export * from './client/limits.js'
export { DEFAULT_BATCH_CONCURRENCY, type BatchOptions } from './client/batch/batchOptions.js'
export type {
  BatchWriteInput,
  BatchWriteOptions,
  BatchWriteProgress,
  BatchWriteResult
} from './client/batch/batchWrite.js'
export type { BatchGetItems, BatchGetOptions, BatchGetProgress } from './client/batch/batchGet.js'
export type { BatchGetKeyRequest, BatchWriteRequest } from './client/batch/batchRequests.js'
export type {
  TransactWriteOptions,
  TransactWriteResult
} from './client/transaction/transactWrite.js'
export type { TransactGetItems, TransactGetOptions } from './client/transaction/transactGet.js'
export type {
  TransactGetAction,
  TransactWriteAction
} from './client/transaction/transactionActions.js'
export { RETRYABLE_CANCELLATION_CODES } from './client/transaction/sendTransaction.js'

// local backend
export { startLocal, type LocalBackend, type StartLocalOptions } from './local/startLocal.js'
export { DataDirError, type DataDirProblem } from './local/dataDirError.js'

// errors
export {
  BackfillError,
  type BackfillCounts,
  type BackfillFailure,
  BatchGetError,
  BatchValidationError,
  BatchWriteError,
  ConditionFailedError,
  ERROR_CODES,
  InvalidItemError,
  NotFoundError,
  MonotableError,
  RequestFailedError,
  SetupError,
  TableMismatchError,
  TransactionAbortedError,
  TransactionCanceledError,
  TransactionValidationError,
  UniqueConstraintError,
  ValidationError,
  VersionConflictError,
  type CancellationFailure,
  type CancellationReason,
  type TransactionActionKind,
  type FailureCounts,
  type MonotableErrorCode
} from './client/errors/index.js'

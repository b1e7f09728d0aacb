import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'

import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { ConfiguredRetryStrategy } from '@smithy/core/retry'
import { NodeHttpHandler } from '@smithy/node-http-handler'

import { assertInteger, assertNonNegative } from './assertOptions.js'
import { batchGet, type BatchGetItems, type BatchGetOptions } from './batch/batchGet.js'
import {
  batchWrite,
  type BatchWriteInput,
  type BatchWriteOptions,
  type BatchWriteResult
} from './batch/batchWrite.js'
import type { BatchGetKeyRequest } from './batch/batchRequests.js'
import {
  transactGet,
  type TransactGetItems,
  type TransactGetOptions
} from './transaction/transactGet.js'
import type { TransactGetAction, TransactWriteAction } from './transaction/transactionActions.js'
import {
  transactWrite,
  type TransactWriteOptions,
  type TransactWriteResult
} from './transaction/transactWrite.js'
import { createRetryPolicy, type RetryPolicy, type RetryPolicyOptions } from './retryPolicy.js'
import {
  backfill,
  type BackfillOptions,
  type BackfillTransform
} from '../entities/backfill/backfill.js'
import type { MonotableEntity } from '../entities/entityTypes.js'
import type { BackfillCounts } from './errors/index.js'
import type { FormattedItem } from 'dynamodb-toolbox/entity'
import type { PutItemInput } from 'dynamodb-toolbox/entity/actions/put'

/** Sockets per client. The SDK's own default is 50 as well; `npm run bench` is where it is tuned. */
export const DEFAULT_MAX_SOCKETS = 50

export interface CreateClientOptions extends RetryPolicyOptions {
  /** e.g. the `endpoint` of `startLocal()`. A loopback endpoint gets dummy credentials and a region. */
  endpoint?: string
  region?: string
  credentials?: DynamoDBClientConfig['credentials']
  /** Keep-alive sockets per origin (default {@link DEFAULT_MAX_SOCKETS}). */
  maxSockets?: number
  /** Time allowed to open a connection; unlimited when absent. */
  connectionTimeoutMs?: number
  /** Time allowed for a response; the request fails (and is retried) when exceeded. */
  requestTimeoutMs?: number
  /**
   * Wrap this client instead of building one. It keeps its own HTTP and retry settings (the SDK
   * resolves them at construction); monotable's batch and transaction engines still follow the
   * RetryPolicy built from the options above.
   */
  dynamoDBClient?: DynamoDBClient
}

/** The handle every table, entity and engine goes through. */
export interface MonotableClient {
  /** Marshalls with `removeUndefinedValues`; every call is retried per {@link retryPolicy}. */
  readonly documentClient: DynamoDBDocumentClient
  readonly dynamoDBClient: DynamoDBClient
  readonly retryPolicy: RetryPolicy
  /**
   * Writes puts and deletes from any entities, split into DynamoDB's limits, concurrently, retrying
   * unprocessed items until written or handed back in a `BatchWriteError`. See `batchWrite.ts`.
   */
  batchWrite(requests: BatchWriteInput, options?: BatchWriteOptions): Promise<BatchWriteResult>
  /** Reads keys from any entities; items come back in request order, `undefined` when missing. */
  batchGet<const REQUESTS extends readonly BatchGetKeyRequest[]>(
    requests: REQUESTS,
    options?: BatchGetOptions
  ): Promise<BatchGetItems<REQUESTS>>
  /**
   * Writes up to 100 actions from any entities all-or-nothing, retried under one idempotency
   * token. See `transactWrite.ts`.
   */
  transactWrite(
    actions: readonly TransactWriteAction[],
    options?: TransactWriteOptions
  ): Promise<TransactWriteResult>
  /** Reads up to 100 items as one snapshot; in action order, `undefined` when missing. */
  transactGet<const ACTIONS extends readonly TransactGetAction[]>(
    actions: ACTIONS,
    options?: TransactGetOptions
  ): Promise<TransactGetItems<ACTIONS>>
  /**
   * Rewrites every item of an entity through `transform` (return the new item, or `undefined` to
   * leave it): a parallel scan, and a write of each changed item only if it is still as read, so a
   * concurrent write is never lost. Resumable from a cursor. See `entities/backfill/backfill.ts`.
   */
  backfill<ENTITY extends Pick<MonotableEntity, 'name' | 'entity'>>(
    entity: ENTITY,
    transform: BackfillTransform<FormattedItem<ENTITY['entity']>, PutItemInput<ENTITY['entity']>>,
    options?: BackfillOptions
  ): Promise<BackfillCounts>
  /** Closes pooled sockets. A wrapped `dynamoDBClient` is left to its owner. */
  destroy(): void
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]'])
const LOCAL_REGION = 'us-east-1'
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

/**
 * Builds a DynamoDB document client that retries throttling, 5xx, resets and timeouts with
 * exponential backoff and full jitter, over pooled keep-alive connections.
 *
 * @example
 * const local = await startLocal()
 * const client = createClient({ endpoint: local.endpoint })
 * const table = defineTable({ name: 'app', client })
 */
export function createClient(options: CreateClientOptions = {}): MonotableClient {
  const retryPolicy = createRetryPolicy(options)
  const ownsClient = options.dynamoDBClient === undefined
  const dynamoDBClient = options.dynamoDBClient ?? buildDynamoDBClient(options, retryPolicy)
  const documentClient = DynamoDBDocumentClient.from(dynamoDBClient, {
    marshallOptions: { removeUndefinedValues: true }
  })
  const engines = { documentClient, retryPolicy }
  return {
    documentClient,
    dynamoDBClient,
    retryPolicy,
    batchWrite: (requests, options) => batchWrite(engines, requests, options),
    batchGet: (requests, options) => batchGet(engines, requests, options),
    transactWrite: (actions, options) => transactWrite(engines, actions, options),
    transactGet: (actions, options) => transactGet(engines, actions, options),
    backfill: (entity, transform, options) => backfill(entity, transform as never, options),
    destroy: () => {
      if (ownsClient) dynamoDBClient.destroy()
    }
  }
}

function buildDynamoDBClient(options: CreateClientOptions, policy: RetryPolicy): DynamoDBClient {
  const maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS
  assertInteger('maxSockets', maxSockets, 1)
  if (options.connectionTimeoutMs !== undefined) {
    assertNonNegative('connectionTimeoutMs', options.connectionTimeoutMs)
  }
  if (options.requestTimeoutMs !== undefined)
    assertNonNegative('requestTimeoutMs', options.requestTimeoutMs)
  const agentOptions = { keepAlive: true, maxSockets }
  const local = options.endpoint !== undefined && isLoopbackEndpoint(options.endpoint)
  return new DynamoDBClient({
    endpoint: options.endpoint,
    region: options.region ?? (local ? LOCAL_REGION : undefined),
    credentials: options.credentials ?? (local ? LOCAL_CREDENTIALS : undefined),
    maxAttempts: policy.maxAttempts,
    // The SDK's DynamoDB defaults are 4 attempts from a 25 ms base; ours replace them for every
    // error type, throttling included, while the SDK keeps deciding what is retryable.
    retryStrategy: new ConfiguredRetryStrategy(policy.maxAttempts, attempt =>
      policy.delayMs(attempt)
    ),
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      // Without this the SDK only logs a warning when requestTimeout passes.
      throwOnRequestTimeout: options.requestTimeoutMs !== undefined,
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions)
    })
  })
}

export function isLoopbackEndpoint(endpoint: string): boolean {
  try {
    const { hostname } = new URL(endpoint)
    return LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost')
  } catch {
    return false
  }
}

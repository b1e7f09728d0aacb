import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'

import { type CallOptions, resolveCallPolicy } from '../callPolicy.js'
import type { RetryPolicy } from '../retryPolicy.js'
import { resolveClientRequestToken } from './clientRequestToken.js'
import { sendTransaction } from './sendTransaction.js'
import { prepareActions, type TransactWriteAction } from './transactionActions.js'

export interface TransactWriteOptions extends CallOptions {
  /**
   * Idempotency token (1 to 36 characters), sent on every attempt. Generated when absent. Reusing
   * it within ten minutes makes a repeat succeed without applying again.
   */
  clientRequestToken?: string
  /** `ALL_OLD` puts the current item on each failed condition's reason (default for every action). */
  returnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE'
}

export interface TransactWriteResult {
  /** The token the transaction was sent with. */
  clientRequestToken: string
  /** HTTP attempts, the SDK's retries included. */
  attempts: number
}

interface TransactionClient {
  documentClient: DynamoDBDocumentClient
  retryPolicy: RetryPolicy
}

const OPERATION = 'transactWrite'

/**
 * Writes up to 100 actions from any entities all-or-nothing. Checked before the network (count,
 * size, one action per item); conflicts, throttling, 5xx and resets are retried with the client's
 * policy under one ClientRequestToken, so an attempt that was applied but whose answer was lost is
 * not applied twice.
 *
 * @throws TransactionValidationError before any call
 * @throws TransactionCanceledError with `reasons`: the failed actions, by index, entity and action
 * @example
 * await client.transactWrite([
 *   Product.transactUpdate({ sku, stock: $subtract(1) }, { condition: { attr: 'stock', gte: 1 } }),
 *   Order.transactPut(order, { condition: { attr: 'orderId', exists: false } })
 * ])
 */
export async function transactWrite(
  client: TransactionClient,
  actions: readonly TransactWriteAction[],
  options: TransactWriteOptions = {}
): Promise<TransactWriteResult> {
  const { policy, signal } = resolveCallPolicy(options, client.retryPolicy)
  const clientRequestToken = resolveClientRequestToken(options.clientRequestToken, OPERATION)
  const { returnValuesOnConditionCheckFailure } = options
  const prepared = await prepareActions(
    actions,
    ['put', 'update', 'delete', 'check'],
    OPERATION,
    returnValuesOnConditionCheckFailure === undefined
      ? {}
      : { ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure }
  )
  const command = new TransactWriteCommand({
    TransactItems: prepared.map(action => action.item) as never,
    ClientRequestToken: clientRequestToken
  })
  const { attempts } = await sendTransaction(client.documentClient, command, prepared, {
    operation: OPERATION,
    policy,
    signal,
    clientRequestToken
  })
  return { clientRequestToken, attempts }
}

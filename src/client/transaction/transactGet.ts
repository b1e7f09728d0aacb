import { type DynamoDBDocumentClient, TransactGetCommand } from '@aws-sdk/lib-dynamodb'

import { type CallOptions, resolveCallPolicy } from '../callPolicy.js'
import { readerFor } from '../itemReader.js'
import { projectionOf, type RequestedItem } from '../projections.js'
import type { RetryPolicy } from '../retryPolicy.js'
import { sendTransaction } from './sendTransaction.js'
import { prepareActions, type TransactGetAction } from './transactionActions.js'

export type TransactGetOptions = CallOptions

/** At each action's index, its item formatted by its entity, or `undefined`. */
export type TransactGetItems<ACTIONS extends readonly TransactGetAction[]> = {
  -readonly [INDEX in keyof ACTIONS]: RequestedItem<ACTIONS[INDEX]> | undefined
}

interface TransactionClient {
  documentClient: DynamoDBDocumentClient
  retryPolicy: RetryPolicy
}

const OPERATION = 'transactGet'

/**
 * Reads up to 100 items from any entities as one consistent snapshot. Conflicts with writes in
 * progress are retried with the client's policy.
 *
 * @example
 * const [customer, product] = await client.transactGet([Customer.transactGet({ customerId }), Product.transactGet({ sku })])
 */
export async function transactGet<const ACTIONS extends readonly TransactGetAction[]>(
  client: TransactionClient,
  actions: ACTIONS,
  options: TransactGetOptions = {}
): Promise<TransactGetItems<ACTIONS>> {
  const { policy, signal } = resolveCallPolicy(options, client.retryPolicy)
  const prepared = await prepareActions(actions, ['get'], OPERATION)
  const command = new TransactGetCommand({
    TransactItems: prepared.map(action => action.item) as never
  })
  const { output } = await sendTransaction<{ Responses?: { Item?: Record<string, unknown> }[] }>(
    client.documentClient,
    command,
    prepared,
    { operation: OPERATION, policy, signal }
  )
  const responses = output.Responses ?? []
  return prepared.map((action, index) => {
    const item = responses[index]?.Item
    const attributes = projectionOf(actions[action.index] as object)
    return item === undefined
      ? undefined
      : readerFor(action.entity).read(item, attributes === undefined ? {} : { attributes })
  }) as TransactGetItems<ACTIONS>
}

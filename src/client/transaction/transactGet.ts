import { type DynamoDBDocumentClient, TransactGetCommand } from '@aws-sdk/lib-dynamodb'
import type { FormattedItem } from 'dynamodb-toolbox/entity'
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format'

import type { RetryPolicy, RetryPolicyOptions } from '../retryPolicy.js'
import { sendTransaction } from './sendTransaction.js'
import { prepareActions, type TransactGetAction } from './transactionActions.js'
import { transactionPolicy } from './transactWrite.js'

export interface TransactGetOptions extends RetryPolicyOptions {
  signal?: AbortSignal
}

/** At each action's index, its item formatted by its entity, or `undefined`. */
export type TransactGetItems<ACTIONS extends readonly TransactGetAction[]> = {
  -readonly [INDEX in keyof ACTIONS]: FormattedItem<ACTIONS[INDEX]['entity']> | undefined
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
  const policy = transactionPolicy(options, client.retryPolicy)
  const prepared = prepareActions(actions, ['get'], OPERATION)
  const command = new TransactGetCommand({
    TransactItems: prepared.map(action => action.item) as never
  })
  const { output } = await sendTransaction(() => client.documentClient.send(command), prepared, {
    operation: OPERATION,
    policy,
    signal: options.signal
  })
  const responses = output.Responses ?? []
  return prepared.map((action, index) => {
    const item = responses[index]?.Item
    return item === undefined ? undefined : action.entity.build(EntityFormatter).format(item)
  }) as TransactGetItems<ACTIONS>
}

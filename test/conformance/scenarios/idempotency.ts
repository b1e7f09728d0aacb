import { PutItemCommand } from '@aws-sdk/client-dynamodb'

import { item, key, N } from '../support/attributes.js'
import type { Scenario } from '../support/scenario.js'
import { incrementCounter, put, transactWrite } from './requests.js'

/** ≤ 36 characters, unique per scenario and table (one DynamoDB Local serves every scenario). */
function tokenFor(tableName: string, label: string): string {
  return `${label}-${tableName}`.slice(-36)
}

export const idempotencyScenarios: Scenario[] = [
  {
    name: 'idempotency: same token and input twice applies the counter once',
    reference: 'D2',
    setup: async (client, tables) => {
      await client.send(
        new PutItemCommand({ TableName: tables.a, Item: item('c', 's', { n: N(10) }) })
      )
    },
    run: async (client, tables) => {
      const actions = [incrementCounter(tables.a, key('c')), put(tables.a, item('once'))]
      const ClientRequestToken = tokenFor(tables.a, 'same')
      const first = await transactWrite(client, actions, { ClientRequestToken })
      const second = await transactWrite(client, actions, { ClientRequestToken })
      return { first, second }
    },
    expected: {
      outcome: { ok: true, response: { first: {}, second: {} } },
      state: { a: [item('c', 's', { n: N(11) }), item('once')] }
    }
  },
  {
    name: 'idempotency: same token, only ReturnConsumedCapacity changed, is no mismatch',
    reference: 'D2',
    run: async (client, tables) => {
      const actions = [incrementCounter(tables.a, key('c'))]
      const ClientRequestToken = tokenFor(tables.a, 'rcc')
      await transactWrite(client, actions, { ClientRequestToken, ReturnConsumedCapacity: 'NONE' })
      return transactWrite(client, actions, { ClientRequestToken, ReturnConsumedCapacity: 'TOTAL' })
    },
    expected: { outcome: { ok: true, response: {} }, state: { a: [item('c', 's', { n: N(1) })] } }
  },
  {
    name: 'idempotency: same token with different input is IdempotentParameterMismatch',
    reference: 'D2',
    setup: async (client, tables) => {
      await client.send(
        new PutItemCommand({ TableName: tables.a, Item: item('c', 's', { n: N(10) }) })
      )
    },
    run: async (client, tables) => {
      const ClientRequestToken = tokenFor(tables.a, 'diff')
      await transactWrite(client, [incrementCounter(tables.a, key('c'))], { ClientRequestToken })
      return transactWrite(client, [incrementCounter(tables.a, key('other'))], {
        ClientRequestToken
      })
    },
    expected: {
      outcome: { ok: false, errorName: 'IdempotentParameterMismatchException' },
      state: { a: [item('c', 's', { n: N(11) })] }
    }
  }
]

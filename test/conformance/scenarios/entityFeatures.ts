import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { $add } from 'dynamodb-toolbox/entity/actions/update'
import { item as schema } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'

import {
  createClient,
  defineEntity,
  defineTable,
  MonotableError,
  TransactionCanceledError
} from '../../../src/index.js'
import { item, N, S } from '../support/attributes.js'
import type { Scenario, Tables } from '../support/scenario.js'

/**
 * The requests monotable's entities make for unique values, versions, must-exist updates and
 * exactly-once updates (guard items under `attribute_not_exists`, owner-checked guard deletes,
 * version conditions with `ALL_OLD`, one-action transactions under a token), sent by the entities
 * themselves through a client wrapping each backend's raw client. Outcomes are the errors the
 * entities raise (with cancellation failures), so both backends must answer each request alike.
 */
function entitiesOn(client: DynamoDBClient, tables: Tables) {
  const monotable = createClient({ dynamoDBClient: client, maxAttempts: 1 })
  const table = defineTable({ name: tables.a, client: monotable, indexes: [] })
  const User = defineEntity(table, {
    name: 'User',
    schema: schema({ userId: string().key(), email: string() }),
    key: { pk: 'USER#<userId>', sk: 'USER' },
    unique: { email: ['email'] }
  })
  const Doc = defineEntity(table, {
    name: 'Doc',
    schema: schema({ docId: string().key(), body: string(), version: number().default(0) }),
    key: { pk: 'DOC#<docId>', sk: 'DOC' },
    version: 'version'
  })
  const Counter = defineEntity(table, {
    name: 'Counter',
    schema: schema({ counterId: string().key(), n: number() }),
    key: { pk: 'COUNTER#<counterId>', sk: 'COUNTER' }
  })
  return { monotable, User, Doc, Counter }
}

/** What a call ended in, comparable across backends: the error's class, code and reasons. */
async function outcomeOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call()
    return 'ok'
  } catch (error) {
    if (!MonotableError.is(error)) throw error
    const reasons =
      error instanceof TransactionCanceledError
        ? error.reasons.map(({ index, code, failure, constraint }) => ({
            index,
            code,
            ...(failure === undefined ? {} : { failure }),
            ...(constraint === undefined ? {} : { constraint })
          }))
        : undefined
    return { error: error.name, code: error.code, ...(reasons ? { reasons } : {}) }
  }
}

const user = (userId: string, email: string) =>
  item(`USER#${userId}`, 'USER', { _et: S('User'), userId: S(userId), email: S(email) })
const guard = (email: string, owner: string) =>
  item(`_UNIQUE#User#email#${email}`, '_UNIQUE', {
    _et: S('@unique'),
    _ownerPk: S(`USER#${owner}`),
    _ownerSk: S('USER')
  })
const doc = (docId: string, body: string, version: number) =>
  item(`DOC#${docId}`, 'DOC', {
    _et: S('Doc'),
    docId: S(docId),
    body: S(body),
    version: N(version)
  })

export const entityFeatureScenarios: Scenario[] = [
  {
    name: 'entities: a unique value held by another item refuses the write, guard and item alike',
    reference: 'D1 (transactions monotable builds for unique values)',
    run: async (client, tables) => {
      const { User } = entitiesOn(client, tables)
      return [
        await outcomeOf(() => User.put({ userId: 'ada', email: 'a@x' })),
        await outcomeOf(() => User.put({ userId: 'eve', email: 'a@x' })),
        await outcomeOf(() => User.put({ userId: 'eve', email: 'e@x' })),
        await outcomeOf(() => User.update({ userId: 'eve', email: 'a@x' }))
      ]
    },
    expected: {
      outcome: {
        ok: true,
        response: [
          'ok',
          { error: 'UniqueConstraintError', code: 'condition.unique' },
          'ok',
          { error: 'UniqueConstraintError', code: 'condition.unique' }
        ]
      },
      state: {
        a: [user('ada', 'a@x'), user('eve', 'e@x'), guard('a@x', 'ada'), guard('e@x', 'eve')]
      }
    }
  },
  {
    name: 'entities: a changed unique value moves its guard, a delete removes it',
    reference: 'D1 (transactions monotable builds for unique values)',
    run: async (client, tables) => {
      const { User } = entitiesOn(client, tables)
      return [
        await outcomeOf(() => User.put({ userId: 'ada', email: 'old@x' })),
        await outcomeOf(() => User.update({ userId: 'ada', email: 'new@x' })),
        await outcomeOf(() => User.put({ userId: 'bob', email: 'old@x' })),
        await outcomeOf(() => User.delete({ userId: 'bob' }))
      ]
    },
    expected: {
      outcome: { ok: true, response: ['ok', 'ok', 'ok', 'ok'] },
      state: { a: [user('ada', 'new@x'), guard('new@x', 'ada')] }
    }
  },
  {
    name: 'entities: versions, in single writes and in a transaction',
    reference: 'D1 (version conditions with ReturnValuesOnConditionCheckFailure ALL_OLD)',
    run: async (client, tables) => {
      const { monotable, Doc, User } = entitiesOn(client, tables)
      return [
        await outcomeOf(() => Doc.put({ docId: 'd', body: 'v1' })),
        await outcomeOf(() => Doc.put({ docId: 'd', body: 'again' })),
        await outcomeOf(() => Doc.update({ docId: 'd', body: 'v2', version: 1 })),
        await outcomeOf(() => Doc.update({ docId: 'd', body: 'stale', version: 1 })),
        await outcomeOf(() =>
          monotable.transactWrite([
            User.transactPut({ userId: 'tx', email: 'tx@x' }),
            Doc.transactUpdate({ docId: 'd', body: 'stale', version: 1 })
          ])
        ),
        await outcomeOf(() => Doc.update({ docId: 'none', body: 'x', version: 1 }))
      ]
    },
    expected: {
      outcome: {
        ok: true,
        response: [
          'ok',
          { error: 'VersionConflictError', code: 'condition.version' },
          'ok',
          { error: 'VersionConflictError', code: 'condition.version' },
          {
            error: 'TransactionCanceledError',
            code: 'transaction.canceled',
            reasons: [{ index: 1, code: 'ConditionalCheckFailed', failure: 'version' }]
          },
          { error: 'NotFoundError', code: 'item.notFound' }
        ]
      },
      state: { a: [doc('d', 'v2', 2)] }
    }
  },
  {
    name: 'entities: an update that is not idempotent goes once, as a transaction; a missing item is not created',
    reference: 'D2 (one-action transactions under a ClientRequestToken)',
    run: async (client, tables) => {
      const { Counter } = entitiesOn(client, tables)
      return [
        await outcomeOf(() => Counter.update({ counterId: 'c', n: $add(1) })),
        await outcomeOf(() => Counter.put({ counterId: 'c', n: 0 })),
        await outcomeOf(() => Counter.update({ counterId: 'c', n: $add(1) })),
        await outcomeOf(() => Counter.update({ counterId: 'c', n: $add(1) }))
      ]
    },
    expected: {
      outcome: {
        ok: true,
        response: [{ error: 'NotFoundError', code: 'item.notFound' }, 'ok', 'ok', 'ok']
      },
      state: {
        a: [item('COUNTER#c', 'COUNTER', { _et: S('Counter'), counterId: S('c'), n: N(2) })]
      }
    }
  }
]

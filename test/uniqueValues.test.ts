import { item } from 'dynamodb-toolbox/schema/item'
import { string } from 'dynamodb-toolbox/schema/string'
import { beforeAll, describe, expect, it } from 'vitest'

import {
  defineEntity,
  TransactionCanceledError,
  UniqueConstraintError,
  ValidationError
} from '../src/index.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'
import { logged } from './support/logged.js'
import { scanTable } from './support/scan.js'

const backend = useBackend()
const MARKER = 'PII-MARKER-0b7c'

const defineUser = () =>
  defineEntity(backend.shop.table, {
    name: 'User',
    schema: item({
      userId: string().key(),
      email: string(),
      orgId: string(),
      slug: string().optional()
    }),
    key: { pk: 'USER#<userId>', sk: 'USER' },
    unique: {
      email: { attributes: ['email'], normalize: value => value.toLowerCase() },
      orgSlug: ['orgId', 'slug']
    }
  })

const guards = async () =>
  (await scanTable(backend.client, backend.shop.table.getName())).filter(
    stored => stored._et === '@unique'
  )
const guardsOf = async (constraint: string) =>
  (await guards()).filter(guard => String(guard.pk).startsWith(`_UNIQUE#User#${constraint}#`))

describe('unique values', () => {
  let User: ReturnType<typeof defineUser>
  beforeAll(() => {
    User = defineUser()
  })

  it('of 20 concurrent puts of users with one email, exactly one succeeds, with one guard', async () => {
    const email = `race-${MARKER}@example.com`
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        User.put({
          userId: `race-${index}`,
          email: index % 2 ? email : email.toUpperCase(),
          orgId: 'o'
        })
      )
    )
    const won = outcomes.filter(outcome => outcome.status === 'fulfilled')
    expect(won).toHaveLength(1)
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') continue
      expect(outcome.reason).toBeInstanceOf(UniqueConstraintError)
      expect(outcome.reason).toMatchObject({ code: 'condition.unique', constraint: 'email' })
      expect(logged(outcome.reason)).not.toContain(MARKER)
    }
    const emailGuards = (await guardsOf('email')).filter(guard =>
      String(guard.pk).includes('race-')
    )
    expect(emailGuards).toHaveLength(1)
    const winner = outcomes.findIndex(outcome => outcome.status === 'fulfilled')
    expect(emailGuards[0]?._ownerPk).toBe(`USER#race-${winner}`)
  })

  it('an email change frees the old value for another user; a delete frees it too', async () => {
    await User.put({ userId: 'ada', email: 'ada@example.com', orgId: 'o' })
    expect(
      await catchError(User.put({ userId: 'grace', email: 'ADA@example.com', orgId: 'o' }))
    ).toBeInstanceOf(UniqueConstraintError)

    await User.update({ userId: 'ada', email: 'ada@new.example.com' })
    await User.put({ userId: 'grace', email: 'ada@example.com', orgId: 'o' })
    expect(
      await catchError(User.update({ userId: 'grace', email: 'ada@new.example.com' }))
    ).toBeInstanceOf(UniqueConstraintError)
    expect((await User.get({ userId: 'grace' }))?.email).toBe('ada@example.com')

    await User.delete({ userId: 'ada' })
    await User.update({ userId: 'grace', email: 'ada@new.example.com' })
    const emails = (await guardsOf('email')).map(guard => String(guard.pk))
    expect(emails.filter(pk => pk.includes('ada@'))).toEqual([
      '_UNIQUE#User#email#ada@new.example.com'
    ])
  })

  it('a constraint over two attributes, absent values, and an update that changes only one of them', async () => {
    await User.put({ userId: 'u1', email: 'u1@x', orgId: 'acme', slug: 'boss' })
    await User.put({ userId: 'u2', email: 'u2@x', orgId: 'other', slug: 'boss' })
    // No slug: no guard for that constraint.
    await User.put({ userId: 'u3', email: 'u3@x', orgId: 'acme' })
    const error = await catchError(User.update({ userId: 'u3', slug: 'boss' }))
    expect(error).toMatchObject({ constraint: 'orgSlug' })
    await User.update({ userId: 'u2', orgId: 'acme2' })
    expect((await guardsOf('orgSlug')).map(guard => guard.pk).sort()).toEqual([
      '_UNIQUE#User#orgSlug#acme#boss',
      '_UNIQUE#User#orgSlug#acme2#boss'
    ])
  })

  it('holds in transactions, naming the constraint on the cancellation reason', async () => {
    await User.put({ userId: 'tx1', email: 'tx@example.com', orgId: 'o' })
    const error = await catchError(
      backend.client.transactWrite([
        User.transactPut({ userId: 'tx2', email: 'tx@example.com', orgId: 'o' }),
        backend.shop.Product.transactPut({ sku: 'tx-unique', name: 'n', priceCents: 1, stock: 1 })
      ])
    )
    expect(error).toBeInstanceOf(TransactionCanceledError)
    expect((error as TransactionCanceledError).reasons).toEqual([
      {
        index: 0,
        entity: 'User',
        action: 'put',
        code: 'ConditionalCheckFailed',
        failure: 'unique',
        constraint: 'email'
      }
    ])
    expect(await backend.shop.Product.get({ sku: 'tx-unique' })).toBeUndefined()
    await backend.client.transactWrite([User.transactDelete({ userId: 'tx1' })])
    await backend.client.transactWrite([
      User.transactPut({ userId: 'tx2', email: 'tx@example.com', orgId: 'o' })
    ])
    expect((await User.get({ userId: 'tx2' }))?.email).toBe('tx@example.com')
  })

  it('refuses batch writes of the entity before the network', () => {
    for (const build of [
      () => User.batchPut({ userId: 'b', email: 'b@x', orgId: 'o' }),
      () => User.batchDelete({ userId: 'b' })
    ]) {
      let error: unknown
      try {
        build()
      } catch (thrown) {
        error = thrown
      }
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as Error).message).toMatch(/unique values \(email, orgSlug\)/)
    }
  })
})

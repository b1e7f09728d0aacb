import { $add } from 'dynamodb-toolbox/entity/actions/update'
import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { describe, expect, it } from 'vitest'

import {
  defineEntity,
  TransactionAbortedError,
  TransactionCanceledError,
  TransactionValidationError
} from '../src/index.js'
import { useBackend } from './support/backend.js'
import { chance } from './support/batchFaults.js'
import { catchError } from './support/catchError.js'
import { failFirst, type FaultPolicy, FORWARD } from './support/faultProxy.js'
import { logged } from './support/logged.js'

const backend = useBackend()
const MARKER = 'PII-MARKER-77e1'

function defineAccount() {
  return defineEntity(backend.shop.table, {
    name: 'Account',
    schema: item({ accountId: string().key(), owner: string(), balance: number() }),
    key: { pk: 'ACCOUNT#<accountId>', sk: 'ACCOUNT' }
  })
}

/** Answers the first `times` calls of an operation with a cancellation for the given codes. */
function cancelFirst(operation: string, times: number, codes: string[]): FaultPolicy {
  return failFirst(operation, times, 'TransactionCanceledException', {
    CancellationReasons: codes.map(Code => ({ Code }))
  })
}

const tokensSent = () =>
  backend.proxy.bodies('TransactWriteItems').map(body => body.ClientRequestToken as string)

describe('transactWrite and transactGet', () => {
  it('writes across entities all at once and reads them back in order', async () => {
    const { Customer, Product, Order } = backend.shop
    await Product.put({ sku: 'tx-lamp', name: 'Lamp', priceCents: 10, stock: 3 })
    const result = await backend.client.transactWrite([
      Customer.transactPut({ customerId: 'tx-1', email: 'tx@example.com', name: 'Tx' }),
      Product.transactUpdate(
        { sku: 'tx-lamp', stock: $add(-1) },
        { condition: { attr: 'stock', gte: 1 } }
      ),
      Order.transactDelete({ orderId: 'tx-none' }),
      Customer.transactCheck({ customerId: 'tx-0' }, { attr: 'customerId', exists: false })
    ])
    expect(result).toMatchObject({ attempts: 1 })
    expect(result.clientRequestToken).toMatch(/^[0-9a-f-]{36}$/)

    const [customer, product, missing] = await backend.client.transactGet([
      Customer.transactGet({ customerId: 'tx-1' }),
      Product.transactGet({ sku: 'tx-lamp' }),
      Order.transactGet({ orderId: 'tx-none' })
    ])
    expect(customer).toEqual({ customerId: 'tx-1', email: 'tx@example.com', name: 'Tx' })
    expect(product?.stock).toBe(2)
    expect(missing).toBeUndefined()
  })

  it('reports a cancellation by index, entity and action, with the old item kept off logs', async () => {
    const { Customer, Product } = backend.shop
    await Product.put({ sku: 'tx-short', name: MARKER, priceCents: 1, stock: 1 })
    const error = await catchError(
      backend.client.transactWrite(
        [
          Customer.transactPut({
            customerId: 'tx-2',
            email: `${MARKER}@example.com`,
            name: MARKER
          }),
          Product.transactUpdate(
            { sku: 'tx-short', stock: $add(-5) },
            { condition: { attr: 'stock', gte: 5 } }
          ),
          Customer.transactCheck({ customerId: 'tx-nobody' }, { attr: 'customerId', exists: true })
        ],
        { returnValuesOnConditionCheckFailure: 'ALL_OLD' }
      )
    )
    expect(error).toBeInstanceOf(TransactionCanceledError)
    const { reasons } = error as TransactionCanceledError
    expect(reasons).toEqual([
      {
        index: 1,
        entity: 'Product',
        action: 'update',
        code: 'ConditionalCheckFailed',
        failure: 'condition'
      },
      { index: 2, entity: 'Customer', action: 'check', code: 'ConditionalCheckFailed' }
    ])
    expect(reasons[0]?.item).toEqual({ sku: 'tx-short', name: MARKER, priceCents: 1, stock: 1 })
    expect(reasons[1]?.item).toBeUndefined()
    expect(logged(error)).not.toContain(MARKER)
    expect(await Customer.get({ customerId: 'tx-2' })).toBeUndefined()
  })

  it('retries conflicts and in-progress transactions with one token, and applies once', async () => {
    const { Product } = backend.shop
    await Product.put({ sku: 'tx-retry', name: 'n', priceCents: 1, stock: 0 })
    const increment = () =>
      backend.client.transactWrite([Product.transactUpdate({ sku: 'tx-retry', stock: $add(1) })])

    backend.proxy.resetCounts()
    backend.proxy.captureBodies()
    backend.proxy.setPolicy(cancelFirst('TransactWriteItems', 2, ['None', 'TransactionConflict']))
    const afterConflicts = await increment()
    expect(afterConflicts.attempts).toBe(3)
    expect(tokensSent()).toEqual(Array(3).fill(afterConflicts.clientRequestToken))

    backend.proxy.resetCounts()
    backend.proxy.captureBodies()
    backend.proxy.setPolicy(failFirst('TransactWriteItems', 2, 'TransactionInProgressException'))
    const afterInProgress = await increment()
    backend.proxy.setPolicy(FORWARD)
    expect(afterInProgress.attempts).toBe(3)
    expect(tokensSent()).toEqual(Array(3).fill(afterInProgress.clientRequestToken))

    expect((await Product.get({ sku: 'tx-retry' }))?.stock).toBe(2)
  })

  it('does not apply twice when the answer to an applied transaction is lost', async () => {
    const { Product } = backend.shop
    await Product.put({ sku: 'tx-ambiguous', name: 'n', priceCents: 1, stock: 10 })
    backend.proxy.resetCounts()
    backend.proxy.captureBodies()
    backend.proxy.setPolicy(request =>
      request.operation === 'TransactWriteItems' && request.call === 1
        ? { kind: 'resetAfter' }
        : { kind: 'forward' }
    )
    await backend.client.transactWrite([
      Product.transactUpdate({ sku: 'tx-ambiguous', stock: $add(1) })
    ])
    backend.proxy.setPolicy(FORWARD)

    expect(backend.proxy.forwarded('TransactWriteItems')).toBe(2)
    expect(new Set(tokensSent()).size).toBe(1)
    expect((await Product.get({ sku: 'tx-ambiguous' }))?.stock).toBe(11)

    // A caller repeating the call with the same token is just as safe.
    const [token] = tokensSent()
    await backend.client.transactWrite(
      [Product.transactUpdate({ sku: 'tx-ambiguous', stock: $add(1) })],
      {
        clientRequestToken: token
      }
    )
    expect((await Product.get({ sku: 'tx-ambiguous' }))?.stock).toBe(11)
  })

  it.each([
    ['a failed condition', ['ConditionalCheckFailed', 'None'], 'TransactionCanceledError'],
    [
      'a conflict alongside a failed condition',
      ['TransactionConflict', 'ConditionalCheckFailed'],
      'TransactionCanceledError'
    ]
  ])('does not retry a cancellation for %s', async (_, codes, errorName) => {
    const { Product } = backend.shop
    backend.proxy.resetCounts()
    backend.proxy.setPolicy(cancelFirst('TransactWriteItems', 10, codes))
    const error = await catchError(
      backend.client.transactWrite([
        Product.transactUpdate({ sku: 'tx-a', stock: $add(1) }),
        Product.transactUpdate({ sku: 'tx-b', stock: $add(1) })
      ])
    )
    backend.proxy.setPolicy(FORWARD)
    expect(error).toMatchObject({ name: errorName })
    expect(backend.proxy.calls('TransactWriteItems')).toBe(1)
  })

  it('does not retry a ValidationException', async () => {
    backend.proxy.resetCounts()
    backend.proxy.setPolicy(failFirst('TransactWriteItems', Infinity, 'ValidationException'))
    const error = await catchError(
      backend.client.transactWrite([
        backend.shop.Product.transactUpdate({ sku: 'tx-a', stock: $add(1) })
      ])
    )
    backend.proxy.setPolicy(FORWARD)
    expect(error).toMatchObject({ code: 'request.failed', awsErrorName: 'ValidationException' })
    expect(backend.proxy.calls('TransactWriteItems')).toBe(1)
  })

  it('stops between attempts when aborted, handing back the token', async () => {
    const controller = new AbortController()
    backend.proxy.resetCounts()
    backend.proxy.setPolicy(request => {
      if (request.operation === 'TransactWriteItems') controller.abort()
      return cancelFirst('TransactWriteItems', 10, ['TransactionConflict'])(request)
    })
    const error = await catchError(
      backend.client.transactWrite(
        [backend.shop.Product.transactUpdate({ sku: 'tx-a', stock: $add(1) })],
        {
          signal: controller.signal,
          clientRequestToken: 'abort-token'
        }
      )
    )
    backend.proxy.setPolicy(FORWARD)
    expect(error).toBeInstanceOf(TransactionAbortedError)
    expect(error).toMatchObject({
      code: 'transaction.aborted',
      clientRequestToken: 'abort-token',
      attempts: 1
    })
    expect(backend.proxy.calls('TransactWriteItems')).toBe(1)
  })
})

describe('transactions are checked before the network', () => {
  const big = (index: number) => ({
    customerId: `big-${index}`,
    email: 'e',
    name: 'x'.repeat(395_000)
  })
  const cases: [string, () => Promise<unknown>, object][] = [
    [
      'an empty list',
      () => backend.client.transactWrite([]),
      { code: 'validation.emptyTransaction' }
    ],
    [
      'an empty read',
      () => backend.client.transactGet([]),
      { code: 'validation.emptyTransaction' }
    ],
    [
      '101 actions',
      () =>
        backend.client.transactWrite(
          Array.from({ length: 101 }, (_, index) =>
            backend.shop.Product.transactDelete({ sku: `s-${index}` })
          )
        ),
      { code: 'validation.tooManyActions' }
    ],
    [
      'more than 4 MB',
      () =>
        backend.client.transactWrite(
          Array.from({ length: 11 }, (_, index) => backend.shop.Customer.transactPut(big(index)))
        ),
      { code: 'validation.transactionTooLarge' }
    ],
    [
      'two actions on one item',
      () =>
        backend.client.transactWrite([
          backend.shop.Customer.transactPut({ customerId: 'same', email: 'e', name: MARKER }),
          backend.shop.Product.transactDelete({ sku: 'other' }),
          backend.shop.Customer.transactCheck(
            { customerId: 'same' },
            { attr: 'name', exists: true }
          )
        ]),
      { code: 'validation.duplicateKey', index: 2, otherIndex: 0, entity: 'Customer' }
    ],
    [
      'the same key read twice',
      () =>
        backend.client.transactGet([
          backend.shop.Customer.transactGet({ customerId: 'same' }),
          backend.shop.Customer.transactGet({ customerId: 'same' })
        ]),
      { code: 'validation.duplicateKey', index: 1, otherIndex: 0 }
    ],
    [
      'an item over 400 KB',
      () =>
        backend.client.transactWrite([
          backend.shop.Customer.transactPut({
            customerId: 'huge',
            email: 'e',
            name: MARKER.repeat(30_000)
          })
        ]),
      { code: 'validation.itemTooLarge', index: 0, entity: 'Customer' }
    ],
    [
      'an item that does not match its schema',
      () =>
        backend.client.transactWrite([
          backend.shop.Product.transactPut({
            sku: 's',
            name: MARKER,
            priceCents: 'x' as never,
            stock: 1
          })
        ]),
      { code: 'validation.item', index: 0, attribute: 'priceCents' }
    ],
    [
      'a token of 37 characters',
      () =>
        backend.client.transactWrite([backend.shop.Product.transactDelete({ sku: 's' })], {
          clientRequestToken: 'x'.repeat(37)
        }),
      { code: 'validation.options' }
    ],
    [
      'something that is not an action',
      () => backend.client.transactWrite([{ Put: {} } as never]),
      { code: 'validation.request', index: 0 }
    ]
  ]

  it.each(cases)('%s', async (_, call, expected) => {
    backend.proxy.resetCounts()
    const error = await catchError(call())
    expect(error).toBeInstanceOf(TransactionValidationError)
    expect(error).toMatchObject(expected)
    expect(logged(error)).not.toContain(MARKER)
    expect(backend.proxy.calls()).toBe(0)
  })
})

describe('concurrent transfers', () => {
  it('keep the total, never go negative, and each is applied whole or reported cancelled', async () => {
    const Account = defineAccount()
    const accounts = Array.from({ length: 10 }, (_, index) => ({
      accountId: `acc-${index}`,
      owner: MARKER,
      balance: 100
    }))
    await backend.client.batchWrite(accounts.map(account => Account.batchPut(account)))
    const transfers = Array.from({ length: 20 }, (_, index) => {
      const from = Math.floor(chance('from', index) * 10)
      const to = (from + 1 + Math.floor(chance('to', index) * 9)) % 10
      return {
        from: `acc-${from}`,
        to: `acc-${to}`,
        amount: 30 + Math.floor(chance('amount', index) * 60)
      }
    })
    const outcomes = await Promise.allSettled(
      transfers.map(({ from, to, amount }) =>
        backend.client.transactWrite([
          Account.transactUpdate(
            { accountId: from, balance: $add(-amount) },
            { condition: { attr: 'balance', gte: amount } }
          ),
          Account.transactUpdate(
            { accountId: to, balance: $add(amount) },
            { condition: { attr: 'accountId', exists: true } }
          )
        ])
      )
    )

    const expected = new Map(accounts.map(({ accountId, balance }) => [accountId, balance]))
    outcomes.forEach((outcome, index) => {
      const { from, to, amount } = transfers[index]!
      if (outcome.status === 'fulfilled') {
        expected.set(from, expected.get(from)! - amount)
        expected.set(to, expected.get(to)! + amount)
      } else {
        expect(outcome.reason).toBeInstanceOf(TransactionCanceledError)
        expect((outcome.reason as TransactionCanceledError).reasons).toEqual([
          {
            index: 0,
            entity: 'Account',
            action: 'update',
            code: 'ConditionalCheckFailed',
            failure: 'condition'
          }
        ])
      }
    })
    const final = await backend.client.transactGet(
      accounts.map(({ accountId }) => Account.transactGet({ accountId }))
    )
    const balances = new Map(final.map(account => [account!.accountId, account!.balance]))
    expect(balances).toEqual(expected)
    expect([...balances.values()].reduce((sum, balance) => sum + balance, 0)).toBe(1_000)
    expect([...balances.values()].every(balance => balance >= 0)).toBe(true)
    expect(outcomes.some(outcome => outcome.status === 'rejected')).toBe(true)
    expect(outcomes.some(outcome => outcome.status === 'fulfilled')).toBe(true)
  })
})

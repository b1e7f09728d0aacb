import { $add } from 'dynamodb-toolbox/entity/actions/update'
import { item } from 'dynamodb-toolbox/schema/item'
import { string } from 'dynamodb-toolbox/schema/string'
import { describe, expect, it } from 'vitest'

import {
  ConditionFailedError,
  defineEntity,
  type SortKeyCondition,
  TransactionCanceledError,
  ValidationError
} from '../src/index.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'
import { logged } from './support/logged.js'

const backend = useBackend()
const MARKER = 'PII-MARKER-7f3a'

async function collect<T>(pages: AsyncIterable<{ items: T[] }>): Promise<T[][]> {
  const all: T[][] = []
  for await (const page of pages) all.push(page.items)
  return all
}

describe('entity operations', () => {
  it('puts, gets, updates and deletes', async () => {
    const { Product } = backend.shop
    const lamp = { sku: 'lamp', name: 'Lamp', priceCents: 2_500, stock: 3 }
    expect(await Product.put(lamp)).toBeUndefined()
    expect(await Product.get({ sku: 'lamp' })).toEqual(lamp)

    const updated = await Product.update(
      { sku: 'lamp', stock: $add(2) },
      { returnValues: 'ALL_NEW' }
    )
    expect(updated).toEqual({ ...lamp, stock: 5 })
    expect(
      await Product.update({ sku: 'lamp', name: 'Desk lamp' }, { returnValues: 'UPDATED_NEW' })
    ).toEqual({
      sku: 'lamp',
      name: 'Desk lamp'
    })

    expect(await Product.delete({ sku: 'lamp' }, { returnValues: 'ALL_OLD' })).toEqual({
      ...lamp,
      name: 'Desk lamp',
      stock: 5
    })
    expect(await Product.get({ sku: 'lamp' })).toBeUndefined()
  })

  it('put returns the previous item with ALL_OLD', async () => {
    const { Customer } = backend.shop
    await Customer.put({ customerId: 'c-old', email: 'first@example.com', name: 'First' })
    const previous = await Customer.put(
      { customerId: 'c-old', email: 'second@example.com', name: 'Second' },
      { returnValues: 'ALL_OLD' }
    )
    expect(previous).toEqual({ customerId: 'c-old', email: 'first@example.com', name: 'First' })
  })

  it('a failed condition is a ConditionFailedError with a value-free message', async () => {
    const { Customer } = backend.shop
    const customer = { customerId: 'c-cond', email: `${MARKER}@example.com`, name: MARKER }
    await Customer.put(customer)
    const error = await catchError(
      Customer.put(
        { ...customer, name: 'Overwritten' },
        { condition: { attr: 'customerId', exists: false } }
      )
    )
    expect(error).toBeInstanceOf(ConditionFailedError)
    expect(error).toMatchObject({ code: 'condition.failed', entity: 'Customer', operation: 'put' })
    expect(logged(error)).not.toContain(MARKER)
    expect(await Customer.get({ customerId: 'c-cond' })).toEqual(customer)
  })

  it('returnValuesOnConditionCheckFailure: ALL_OLD puts the current item on the error, off the logs', async () => {
    const { Customer } = backend.shop
    const customer = { customerId: 'c-old-item', email: `old-${MARKER}@example.com`, name: MARKER }
    await Customer.put(customer)
    const options = {
      condition: { attr: 'name', eq: 'someone else' },
      returnValuesOnConditionCheckFailure: 'ALL_OLD'
    } as const
    const failures = [
      await catchError(Customer.put({ ...customer, name: 'New' }, options)),
      await catchError(Customer.update({ customerId: customer.customerId, name: 'New' }, options)),
      await catchError(Customer.delete({ customerId: customer.customerId }, options))
    ]
    for (const error of failures) {
      expect(error).toBeInstanceOf(ConditionFailedError)
      expect((error as ConditionFailedError).item).toEqual(customer)
      expect(Object.keys(error as object)).not.toContain('item')
      expect(logged(error)).not.toContain(MARKER)
    }
    const canceled = await catchError(
      backend.client.transactWrite([
        Customer.transactCheck({ customerId: customer.customerId }, options.condition, {
          returnValuesOnConditionCheckFailure: 'ALL_OLD'
        })
      ])
    )
    expect((canceled as TransactionCanceledError).reasons[0]?.item).toEqual(customer)
    const withoutOption = await catchError(
      Customer.put({ ...customer, name: 'New' }, { condition: options.condition })
    )
    expect((withoutOption as ConditionFailedError).item).toBeUndefined()
    expect(await Customer.get({ customerId: customer.customerId })).toEqual(customer)
  })

  it('refuses the two names of the old-item option when they disagree', async () => {
    const error = await catchError(
      backend.shop.Customer.put(
        { customerId: 'c-x', email: 'x@example.com', name: 'X' },
        { returnValuesOnConditionCheckFailure: 'ALL_OLD', returnValuesOnConditionFalse: 'NONE' }
      )
    )
    expect(error).toMatchObject({ code: 'validation.options' })
  })
})

describe('queries', () => {
  const orderId = 'o-query'
  const skus = Array.from({ length: 25 }, (_, index) => `A${String(index + 1).padStart(2, '0')}`)

  it('returns only the queried entity from a shared item collection', async () => {
    const { Order, OrderItem, getOrder } = backend.shop
    const order = {
      orderId,
      customerId: 'c-q',
      status: 'PLACED',
      totalCents: 2_500,
      createdAt: '2026-03-01T00:00:00Z'
    } as const
    await Order.put(order)
    for (const sku of skus) await OrderItem.put({ orderId, sku, quantity: 1, priceCents: 100 })

    const { items } = await OrderItem.query({ partition: { orderId } })
    expect(items).toHaveLength(25)
    expect(items.every(item => 'sku' in item && !('status' in item))).toBe(true)
    expect((await Order.query({ partition: { orderId } })).items).toEqual([order])

    const collection = await getOrder(orderId)
    expect(collection?.order).toEqual(order)
    expect(collection?.items.map(item => item.sku)).toEqual(skus)
  })

  it('pages with limit and cursor, without gaps or repeats', async () => {
    const { OrderItem } = backend.shop
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await OrderItem.query({ partition: { orderId } }, { limit: 10, cursor })
      expect(page.items.length).toBeLessThanOrEqual(10)
      seen.push(...page.items.map(item => item.sku))
      cursor = page.cursor
      pages += 1
    } while (cursor !== undefined)
    expect(seen).toEqual(skus)
    expect(pages).toBeGreaterThanOrEqual(3)
  })

  it('queryAll iterates every page, fetching one page per step', async () => {
    const { OrderItem } = backend.shop
    const pages = await collect(OrderItem.queryAll({ partition: { orderId } }, { limit: 7 }))
    expect(pages.flat().map(item => item.sku)).toEqual(skus)
    expect(pages.slice(0, 3).map(page => page.length)).toEqual([7, 7, 7])

    backend.proxy.resetCounts()
    for await (const page of OrderItem.queryAll({ partition: { orderId } }, { limit: 5 })) {
      expect(page.items).toHaveLength(5)
      break
    }
    expect(backend.proxy.calls('Query')).toBe(1)
  })

  it('applies sort-key conditions and reverse order', async () => {
    const { OrderItem } = backend.shop
    const skusOf = async (range: Parameters<typeof OrderItem.query>[0]['range'], reverse = false) =>
      (await OrderItem.query({ partition: { orderId }, range }, { reverse })).items.map(
        item => item.sku
      )

    expect(await skusOf({ sku: 'A07' })).toEqual(['A07'])
    expect(await skusOf({ sku: { beginsWith: 'A1' } })).toEqual(skus.slice(9, 19))
    expect(await skusOf({ sku: { between: ['A05', 'A08'] } })).toEqual(['A05', 'A06', 'A07', 'A08'])
    expect(await skusOf({ sku: { gt: 'A23' } })).toEqual(['A24', 'A25'])
    expect(await skusOf({ sku: { lte: 'A02' } })).toEqual(['A01', 'A02'])
    expect((await skusOf(undefined, true)).slice(0, 2)).toEqual(['A25', 'A24'])
  })

  it('a sort-key condition matches by its attribute, wherever it sits in the template', async () => {
    const Event = defineEntity(backend.shop.table, {
      name: 'Event',
      schema: item({ logId: string().key(), day: string().key(), eventId: string().key() }),
      key: { pk: 'LOG#<logId>', sk: 'EVENT#<day>#<eventId>' }
    })
    // '2026-01-02' is a prefix of '2026-01-02b', 'b' of 'bb': bare bounds sort before the keys
    // that continue them.
    const days = ['2026-01-01', '2026-01-02', '2026-01-02b', '2026-01-03']
    const eventIds = ['a', 'b', 'bb', 'c']
    const events = days.flatMap(day => eventIds.map(eventId => ({ logId: 'l', day, eventId })))
    for (const event of events) await Event.put(event)
    const query = async (range: Parameters<typeof Event.query>[0]['range']) => {
      const pages = await collect(
        Event.queryAll({ partition: { logId: 'l' }, range }, { limit: 3 })
      )
      return pages.flat().map(event => `${event.day}/${event.eventId}`)
    }
    const expected = (keep: (event: (typeof events)[number]) => boolean) =>
      events.filter(keep).map(event => `${event.day}/${event.eventId}`)

    const day = '2026-01-02'
    const conditions: [SortKeyCondition, (value: string) => boolean][] = [
      [{ lt: day }, value => value < day],
      [{ lte: day }, value => value <= day],
      [{ gt: day }, value => value > day],
      [{ gte: day }, value => value >= day],
      [{ between: ['2026-01-01', day] }, value => value >= '2026-01-01' && value <= day],
      [{ eq: day }, value => value === day],
      [{ beginsWith: day }, value => value.startsWith(day)]
    ]
    for (const [condition, keep] of conditions) {
      expect(await query({ day: condition })).toEqual(expected(event => keep(event.day)))
    }
    const id = 'b'
    const idConditions: [SortKeyCondition, (value: string) => boolean][] = [
      [{ lt: id }, value => value < id],
      [{ lte: id }, value => value <= id],
      [{ gt: id }, value => value > id],
      [{ gte: id }, value => value >= id],
      [{ between: [id, 'bz'] }, value => value >= id && value <= 'bz']
    ]
    for (const [condition, keep] of idConditions) {
      expect(await query({ day, eventId: condition })).toEqual(
        expected(event => event.day === day && keep(event.eventId))
      )
    }
    const reversed = await catchError(query({ day: { between: [day, '2026-01-01'] } }))
    expect(reversed).toMatchObject({ code: 'validation.query' })
  })

  it('filters with a toolbox condition', async () => {
    const { OrderItem } = backend.shop
    await OrderItem.put({ orderId: 'o-filter', sku: 'X', quantity: 5, priceCents: 1 })
    await OrderItem.put({ orderId: 'o-filter', sku: 'Y', quantity: 1, priceCents: 1 })
    const { items } = await OrderItem.query(
      { partition: { orderId: 'o-filter' } },
      { filter: { attr: 'quantity', gt: 2 } }
    )
    expect(items.map(item => item.sku)).toEqual(['X'])
  })

  it("lists a customer's orders newest first through gsi1", async () => {
    const { Order } = backend.shop
    const dates = ['2026-01-05', '2026-03-09', '2026-02-11']
    for (const [index, createdAt] of dates.entries()) {
      await Order.put({
        orderId: `o-gsi-${index}`,
        customerId: 'c-gsi',
        status: 'PLACED',
        totalCents: 1,
        createdAt
      })
    }
    const newestFirst = await Order.query(
      { index: 'gsi1', partition: { customerId: 'c-gsi' } },
      { reverse: true }
    )
    expect(newestFirst.items.map(order => order.createdAt)).toEqual([
      '2026-03-09',
      '2026-02-11',
      '2026-01-05'
    ])

    const since = await Order.query({
      index: 'gsi1',
      partition: { customerId: 'c-gsi' },
      range: { createdAt: { gte: '2026-02' } }
    })
    expect(since.items.map(order => order.orderId)).toEqual(['o-gsi-2', 'o-gsi-1'])
  })

  it('moves an order on gsi1 when its customer changes', async () => {
    const { Order } = backend.shop
    await Order.put({
      orderId: 'o-move',
      customerId: 'c-from',
      status: 'PLACED',
      totalCents: 1,
      createdAt: '2026-04-01'
    })
    await Order.update({ orderId: 'o-move', customerId: 'c-to' })
    const from = await Order.query({ index: 'gsi1', partition: { customerId: 'c-from' } })
    const to = await Order.query({ index: 'gsi1', partition: { customerId: 'c-to' } })
    expect(from.items).toEqual([])
    expect(to.items.map(order => order.orderId)).toEqual(['o-move'])
  })
})

describe('bad input fails before any network call, with a typed, value-free error', () => {
  const ORDER = {
    orderId: 'o',
    customerId: 'c',
    status: 'PLACED',
    totalCents: 1,
    createdAt: '2026-01-01'
  } as const
  const cases: [string, (shop: typeof backend.shop) => Promise<unknown>, string][] = [
    [
      'an attribute of the wrong type',
      shop => shop.Customer.put({ customerId: 'c', email: 42 as never, name: MARKER }),
      'validation.item'
    ],
    [
      'a missing attribute',
      shop => shop.Customer.put({ customerId: 'c', name: MARKER } as never),
      'validation.item'
    ],
    ['a missing key attribute', shop => shop.Customer.get({} as never), 'validation.item'],
    ['an empty key value', shop => shop.Customer.get({ customerId: '' }), 'validation.key'],
    [
      'an oversized partition key',
      shop => shop.Customer.get({ customerId: MARKER.repeat(300) }),
      'validation.key'
    ],
    [
      'an unknown index',
      shop => shop.OrderItem.query({ index: 'gsi1', partition: {} } as never),
      'validation.query'
    ],
    [
      'a range attribute out of template',
      shop =>
        shop.OrderItem.query({ partition: { orderId: MARKER }, range: { nope: 'x' } as never }),
      'validation.query'
    ],
    [
      'a mangled cursor',
      shop => shop.OrderItem.query({ partition: { orderId: MARKER } }, { cursor: 'not-a-cursor' }),
      'validation.cursor'
    ],
    [
      'a limit of 0',
      shop => shop.OrderItem.query({ partition: { orderId: MARKER } }, { limit: 0 }),
      'validation.options'
    ],
    [
      'an index key given as input to put',
      shop =>
        shop.Order.put({
          ...ORDER,
          gsi1pk: `CUSTOMER#${MARKER}`
        } as never),
      'validation.item'
    ],
    [
      'an index key given as input to update',
      shop => shop.Order.update({ orderId: 'o', gsi1sk: MARKER } as never),
      'validation.item'
    ],
    [
      'an index key given as input to batchPut',
      async shop => shop.Order.batchPut({ ...ORDER, gsi1pk: MARKER } as never),
      'validation.item'
    ],
    [
      'an index key given as input to transactPut',
      async shop => shop.Order.transactPut({ ...ORDER, gsi1sk: MARKER } as never),
      'validation.item'
    ],
    [
      'a partial index-key update',
      shop => shop.Order.update({ orderId: 'o', createdAt: $add(1) as never }),
      'validation.key'
    ]
  ]

  it.each(cases)('%s', async (_, call, code) => {
    backend.proxy.resetCounts()
    const error = await catchError(call(backend.shop))
    expect(error).toBeInstanceOf(ValidationError)
    expect(error).toMatchObject({ code })
    expect(logged(error)).not.toContain(MARKER)
    expect(backend.proxy.calls()).toBe(0)
  })
})

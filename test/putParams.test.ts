import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { createClient, defineEntity, defineTable, type MonotableEntity } from '../src/index.js'
import { entityInternals } from '../src/entities/entityInternals.js'
import { fastPutParams, toolboxPutParams } from '../src/entities/writes/putParams.js'
import { createShop } from '../src/shop/index.js'
import { outcome, pick } from './support/differential.js'
import { seededRandom } from './support/random.js'

// Declarations only: nothing here touches the network.
const client = createClient({ endpoint: 'http://127.0.0.1:1' })
const shop = createShop(client)
const table = defineTable({
  name: 'put-params',
  client,
  indexes: { gsi1: {}, byRank: { partition: ['string'], sort: ['number'] } }
})
const Player = defineEntity(table, {
  name: 'Player',
  schema: item({
    playerId: string().key(),
    team: string().optional(),
    rank: number().optional(),
    nick: string().optional().savedAs('n'),
    version: number().default(0)
  }),
  key: { pk: 'PLAYER#<playerId>', sk: 'PLAYER' },
  indexes: {
    gsi1: { pk: 'TEAM#<team>', sk: 'PLAYER#<playerId>' },
    byRank: { partition: ['team'], sort: ['rank'] }
  },
  version: 'version',
  timestamps: true
})

const inputs: [MonotableEntity, Record<string, readonly unknown[]>][] = [
  [shop.Lead as never, { leadId: ['l1', 'a#b'], email: ['e@x', 7], name: ['Ada', ''] }],
  [shop.Product as never, { sku: ['s1'], name: ['Lamp'], priceCents: [1, -5, 'x'], stock: [0, 9] }],
  [
    shop.Order as never,
    {
      orderId: ['o1'],
      customerId: ['c1', ''],
      status: ['PLACED', 'LOST'],
      totalCents: [10],
      createdAt: ['2026-11-01']
    }
  ],
  [shop.OrderItem as never, { orderId: ['o1'], sku: ['s1'], quantity: [1, 2.5], priceCents: [2] }],
  [
    Player as never,
    { playerId: ['p1'], team: ['red', 'b#c'], rank: [1, -2.5], nick: ['z'], version: [0, 3] }
  ]
]
const conditions = [
  undefined,
  { attr: 'pk', exists: false },
  {
    and: [
      { attr: 'sk', exists: true },
      { attr: 'pk', beginsWith: 'X' }
    ]
  },
  { or: [{ attr: 'pk', eq: 'a' }, { not: { attr: 'sk', eq: 'b' } }] }
]

describe('the fast path for puts', () => {
  beforeAll(() => {
    vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z'), toFake: ['Date'] })
  })
  afterAll(() => {
    vi.useRealTimers()
  })

  it.each(inputs.map(([entity, template]) => [entity.name, entity, template] as const))(
    '%s: parameters are the ones toolbox builds, for items, conditions and old-item options',
    (_, entity, template) => {
      const { model } = entityInternals(entity, 'test')
      const random = seededRandom(entity.name.length * 31)
      let fast = 0
      for (let round = 0; round < 600; round += 1) {
        const input: Record<string, unknown> = {}
        for (const [name, values] of Object.entries(template)) {
          if (random() < 0.1) continue
          input[name] = pick(random, values)
        }
        const options = {
          ...(random() < 0.7 ? { condition: pick(random, conditions) } : {}),
          ...(random() < 0.3
            ? { returnValuesOnConditionFalse: pick(random, ['ALL_OLD', 'NONE']) }
            : {})
        }
        const viaToolbox = outcome(() => toolboxPutParams(model, input, options).params)
        const viaFastPath = outcome(() => fastPutParams(model, input, options)?.params)
        if ((viaFastPath as { value?: unknown }).value === undefined) continue
        fast += 1
        expect(viaFastPath, JSON.stringify({ input, options })).toEqual(viaToolbox)
      }
      // Both valid and invalid inputs were exercised, and the fast path took the valid ones.
      expect(fast).toBeGreaterThan(40)
    }
  )

  it('steps aside for unique values and for options it does not know', () => {
    const { model } = entityInternals(shop.Customer, 'test')
    const customer = { customerId: 'c', email: 'e@x', name: 'n' }
    expect(fastPutParams(model, customer, {})).toBeUndefined()
    const lead = entityInternals(shop.Lead, 'test').model
    expect(
      fastPutParams(lead, { leadId: 'l', email: 'e', name: 'n' }, { returnValues: 'ALL_OLD' })
    ).toBeUndefined()
    expect(fastPutParams(lead, { leadId: 'l', email: 'e', name: 'n' }, {})).toBeDefined()
  })

  it("leaves a key attribute's put default to toolbox, which does not apply it (found in review)", () => {
    const Defaulted = defineEntity(table, {
      name: 'Defaulted',
      schema: item({ id: string().key().putDefault('k'), n: number().optional() }),
      key: { pk: 'D#<id>', sk: 'D' }
    })
    const { model } = entityInternals(Defaulted as unknown as MonotableEntity, 'test')
    expect(outcome(() => toolboxPutParams(model, { n: 1 }, {}))).toMatchObject({
      error: 'DynamoDBToolboxError'
    })
    expect(fastPutParams(model, { n: 1 }, {})).toBeUndefined()
    expect(fastPutParams(model, { id: 'x', n: 1 }, { foo: undefined })).toBeUndefined()
  })
})

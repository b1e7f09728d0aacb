import { $add, $get, $remove, $set } from 'dynamodb-toolbox/entity/actions/update'
import { boolean } from 'dynamodb-toolbox/schema/boolean'
import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { describe, expect, it } from 'vitest'

import { createClient, defineEntity, defineTable, type MonotableEntity } from '../src/index.js'
import { entityInternals } from '../src/entities/entityInternals.js'
import { fastUpdateParams, toolboxUpdateParams } from '../src/entities/writes/updateParams.js'
import { createShop } from '../src/shop/index.js'
import { outcome, pick } from './support/differential.js'
import { seededRandom } from './support/random.js'

// Declarations only: nothing here touches the network.
const client = createClient({ endpoint: 'http://127.0.0.1:1' })
const shop = createShop(client)
const table = defineTable({ name: 'update-params', client })
const Player = defineEntity(table, {
  name: 'Player',
  schema: item({
    playerId: string().key(),
    level: string().key().enum('gold', 'silver'),
    team: string().optional(),
    rank: number().optional(),
    nick: string().optional().savedAs('n'),
    active: boolean(),
    version: number().default(0)
  }),
  key: { pk: 'PLAYER#<playerId>', sk: 'LEVEL#<level>' },
  version: 'version'
})

const numbers = [0, 7, -2.5, 'x', $add(1), $add(-3), $add('x'), $remove(), $set(4), $get('rank')]
const strings = ['a', '', 'b#c', 3, $remove(), $set('s'), $add(1)]
const inputs: [MonotableEntity, Record<string, readonly unknown[]>][] = [
  [shop.Lead as never, { leadId: ['l1', 'a#b', 4], email: strings, name: strings }],
  [
    shop.Product as never,
    { sku: ['s1', $add(1)], name: strings, priceCents: numbers, stock: numbers }
  ],
  [
    shop.OrderItem as never,
    { orderId: ['o1'], sku: ['s1'], quantity: numbers, priceCents: numbers }
  ],
  [
    Player as never,
    {
      playerId: ['p1', ''],
      level: ['gold', 'silver', 'bronze'],
      team: ['a', 'b#c', $remove(), 3],
      rank: [7, $add(-3), $remove(), 'x'],
      nick: ['a', $remove(), $set('s')],
      active: [true, false, 'yes', $remove(), undefined],
      version: [0, 4, $add(1)],
      entity: [undefined, undefined, undefined, 'Player', 'Other']
    }
  ]
]
const conditions = [
  undefined,
  { attr: 'pk', exists: true },
  {
    and: [
      { attr: 'sk', exists: true },
      { attr: 'pk', beginsWith: 'X' }
    ]
  },
  { attr: 'pk', gte: 3 }
]

describe('the fast path for updates', () => {
  it.each(inputs.map(([entity, template]) => [entity.name, entity, template] as const))(
    '%s: parameters are the ones toolbox builds, for sets, additions, removals and conditions',
    (_, entity, template) => {
      const { model } = entityInternals(entity, 'test')
      const random = seededRandom(entity.name.length * 17)
      let fast = 0
      for (let round = 0; round < 3_000; round += 1) {
        const input: Record<string, unknown> = {}
        for (const [name, values] of Object.entries(template)) {
          if (random() < 0.3) continue
          input[name] = pick(random, values)
        }
        const options = {
          ...(random() < 0.6 ? { condition: pick(random, conditions) } : {}),
          ...(random() < 0.3
            ? { returnValuesOnConditionFalse: pick(random, ['ALL_OLD', 'NONE', 'ALL_NEW']) }
            : {})
        }
        const viaToolbox = outcome(() => toolboxUpdateParams(model, input, options))
        const viaFastPath = outcome(() => fastUpdateParams(model, input, options))
        if ((viaFastPath as { value?: unknown }).value === undefined) continue
        fast += 1
        expect(viaFastPath, JSON.stringify({ input, options })).toEqual(viaToolbox)
      }
      // Both valid and invalid inputs were exercised, and the fast path took the valid ones.
      expect(fast).toBeGreaterThan(40)
    }
  )

  it("builds placeOrder's stock update as toolbox does", () => {
    const { model } = entityInternals(shop.Product, 'test')
    const update = { sku: 's', stock: $add(-2) }
    const options = {
      condition: {
        and: [
          { attr: 'stock', gte: 2 },
          { attr: 'priceCents', eq: 100 }
        ]
      },
      returnValuesOnConditionFalse: 'ALL_OLD'
    }
    const built = fastUpdateParams(model, update, options)
    expect(built).toEqual(toolboxUpdateParams(model, update, options))
    expect(built?.UpdateExpression).toBe(
      'SET #s_1 = :s_1, #s_2 = if_not_exists(#s_2, :s_2) ADD #a_1 :a_1'
    )
  })

  it('steps aside for entities whose updates recompute index keys or timestamps', () => {
    const Stamped = defineEntity(table, {
      name: 'Stamped',
      schema: item({ id: string().key(), n: number() }),
      key: { pk: 'S#<id>', sk: 'S' },
      timestamps: true
    })
    for (const entity of [shop.Order, Stamped] as unknown as MonotableEntity[]) {
      const { model } = entityInternals(entity, 'test')
      expect(model.fast?.update, entity.name).toBeUndefined()
    }
    const { model } = entityInternals(shop.Product, 'test')
    expect(
      fastUpdateParams(model, { sku: 's', stock: 1 }, { returnValues: 'ALL_NEW' })
    ).toBeUndefined()
  })

  it('steps aside where toolbox would refuse or order differently (found in review)', () => {
    const Strict = defineEntity(table, {
      name: 'Strict',
      schema: item({
        id: string().key(),
        name: string().required('always'),
        n: number().optional(),
        b: string().optional().savedAs('1')
      }),
      key: { pk: 'STRICT#<id>', sk: 'STRICT' }
    })
    const { model } = entityInternals(Strict as unknown as MonotableEntity, 'test')
    // toolbox requires `required('always')` in an update, and orders integer-like names first.
    expect(outcome(() => toolboxUpdateParams(model, { id: 'x', n: 1 }, {}))).toMatchObject({
      error: 'DynamoDBToolboxError'
    })
    expect(fastUpdateParams(model, { id: 'x', n: 1 }, {})).toBeUndefined()
    expect(fastUpdateParams(model, { id: 'x', name: 'a', b: 'q' }, {})).toBeUndefined()
    // An unknown option is toolbox's error, even with an undefined value.
    const product = entityInternals(shop.Product, 'test').model
    const update = { sku: 's', stock: $add(1) }
    expect(outcome(() => toolboxUpdateParams(product, update, { foo: undefined }))).toMatchObject({
      error: 'DynamoDBToolboxError'
    })
    expect(fastUpdateParams(product, update, { foo: undefined })).toBeUndefined()
    expect(fastUpdateParams(product, update, { returnValues: undefined })).toBeDefined()
  })
})

import { EntityConditionParser } from 'dynamodb-toolbox/entity/actions/parseCondition'
import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { boolean } from 'dynamodb-toolbox/schema/boolean'
import { string } from 'dynamodb-toolbox/schema/string'
import { describe, expect, it } from 'vitest'

import { createClient, defineEntity, defineTable, type MonotableEntity } from '../src/index.js'
import { entityInternals } from '../src/entities/entityInternals.js'
import { createShop } from '../src/shop/index.js'
import { outcome, pick } from './support/differential.js'
import { seededRandom } from './support/random.js'

// Declarations only: nothing here touches the network.
const client = createClient({ endpoint: 'http://127.0.0.1:1' })
const shop = createShop(client)
const table = defineTable({ name: 'fast-conditions', client, indexes: { gsi1: {} } })
const Player = defineEntity(table, {
  name: 'Player',
  schema: item({
    playerId: string().key(),
    tier: string().enum('gold', 'silver'),
    rank: number().optional(),
    nick: string().optional().savedAs('n'),
    active: boolean().optional()
  }),
  key: { pk: 'PLAYER#<playerId>', sk: 'PLAYER' },
  indexes: { gsi1: { pk: 'TIER#<tier>', sk: 'PLAYER#<playerId>' } }
})

const values = ['gold', 'PAID', 'x', '', 3, -1.5, Number.NaN, true, null, { attr: 'rank' }]
const operators = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'exists', 'beginsWith', 'between', 'in']

/** A random condition tree, with shapes and values both paths take and ones only toolbox does. */
function randomCondition(
  random: () => number,
  attributes: readonly string[],
  depth: number
): unknown {
  const roll = random()
  if (depth < 3 && roll < 0.35) {
    const children = Array.from({ length: Math.floor(random() * 4) }, () =>
      randomCondition(random, attributes, depth + 1)
    )
    return { [pick(random, ['and', 'or'])]: children }
  }
  if (depth < 3 && roll < 0.45) return { not: randomCondition(random, attributes, depth + 1) }
  const operator = pick(random, operators)
  const value =
    operator === 'exists'
      ? pick(random, [true, false, 'yes'])
      : operator === 'between' || operator === 'in'
        ? [pick(random, values), pick(random, values)]
        : pick(random, values)
  const leaf: Record<string, unknown> = { attr: pick(random, attributes), [operator]: value }
  if (random() < 0.05) leaf.transform = false
  return leaf
}

describe('the fast path for conditions', () => {
  it.each([Player, shop.Product, shop.Order].map(entity => [entity.name, entity] as const))(
    '%s: expressions, names and values are the ones toolbox builds',
    (_, entity) => {
      const { model } = entityInternals(entity as unknown as MonotableEntity, 'test')
      const fast = model.fast
      if (fast === undefined) throw new Error('expected a plain schema')
      const random = seededRandom(entity.name.length * 13)
      // The entity's attributes (hidden ones included), a table key, a path and an unknown name.
      const attributes = [...Object.keys(model.entity.schema.attributes), 'pk', 'a.b', 'nope']
      let taken = 0
      for (let round = 0; round < 4_000; round += 1) {
        const condition = randomCondition(random, attributes, 0)
        const viaFastPath = fast.condition(condition)
        if (viaFastPath === undefined) continue
        taken += 1
        const viaToolbox = outcome(() =>
          model.entity.build(EntityConditionParser).parse(condition as never)
        )
        expect({ value: viaFastPath }, JSON.stringify(condition)).toEqual(viaToolbox)
      }
      expect(taken).toBeGreaterThan(300)
    }
  )

  it("expresses placeOrder's conditions as toolbox does", () => {
    const { model } = entityInternals(shop.Product as unknown as MonotableEntity, 'test')
    const condition = {
      and: [
        { attr: 'stock', gte: 2 },
        { attr: 'priceCents', eq: 100 }
      ]
    }
    expect(model.fast?.condition(condition)).toEqual({
      ConditionExpression: '(#c_1 >= :c_1) AND (#c_2 = :c_2)',
      ExpressionAttributeNames: { '#c_1': 'stock', '#c_2': 'priceCents' },
      ExpressionAttributeValues: { ':c_1': 2, ':c_2': 100 }
    })
  })

  it('leaves names toolbox cannot read as one attribute to toolbox (found in review)', () => {
    const Priced = defineEntity(table, {
      name: 'Priced',
      schema: item({ id: string().key(), 'unit price': number().optional().savedAs('up') }),
      key: { pk: 'PRICED#<id>', sk: 'PRICED' }
    })
    const { model } = entityInternals(Priced as unknown as MonotableEntity, 'test')
    const condition = { attr: 'unit price', gt: 3 }
    expect(
      outcome(() => model.entity.build(EntityConditionParser).parse(condition as never))
    ).toMatchObject({ error: 'DynamoDBToolboxError' })
    expect(model.fast?.condition(condition)).toBeUndefined()
  })
})

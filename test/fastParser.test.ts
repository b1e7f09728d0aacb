import { BatchDeleteRequest } from 'dynamodb-toolbox/entity/actions/batchDelete'
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut'
import { boolean } from 'dynamodb-toolbox/schema/boolean'
import { item } from 'dynamodb-toolbox/schema/item'
import { list } from 'dynamodb-toolbox/schema/list'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { prefix } from 'dynamodb-toolbox/transformers/prefix'
import { describe, expect, it } from 'vitest'

import { createClient, defineEntity, defineTable, type MonotableEntity } from '../src/index.js'
import { createShop } from '../src/shop/index.js'
import { compileFastParser } from '../src/entities/fastParser.js'
import { seededRandom } from './support/random.js'

const client = createClient({ endpoint: 'http://127.0.0.1:1' })
const shop = createShop(client)

const Flags = defineEntity(shop.table, {
  name: 'Flags',
  schema: item({
    flagId: string().key(),
    group: number().key(),
    on: boolean(),
    label: string().optional(),
    level: string().enum('low', 'high').optional(),
    renamed: string().optional().savedAs('r')
  }),
  key: { pk: 'FLAG#<flagId>', sk: 'GROUP#<group>' },
  indexes: { gsi1: { pk: 'LEVEL#<level>', sk: 'FLAG#<flagId>' } }
})

const ranked = defineTable({
  name: 'ranked',
  client,
  indexes: { byRank: { partition: ['string'], sort: ['number'] } }
})
const Ranked = defineEntity(ranked, {
  name: 'Ranked',
  schema: item({ playerId: string().key(), team: string().optional(), rank: number().optional() }),
  key: { pk: 'PLAYER#<playerId>', sk: 'PLAYER' },
  indexes: { byRank: { partition: ['team'], sort: ['rank'] } }
})

/** The hidden attributes defineEntity links to others: index keys and slot copies. */
const linkedOf = (entity: MonotableEntity) =>
  new Set(
    Object.entries(entity.entity.schema.attributes)
      .filter(([, attribute]) => (attribute.props as { putLink?: unknown }).putLink !== undefined)
      .map(([name]) => name)
  )

/** What a call would do: the value, or the error's class and code. */
function outcome(call: () => unknown): unknown {
  try {
    return { value: call() }
  } catch (error) {
    return { error: (error as Error).constructor.name, code: (error as { code?: unknown }).code }
  }
}

const pick = <T>(random: () => number, values: readonly T[]): T =>
  values[Math.floor(random() * values.length)] as T

/** Inputs near valid ones: right and wrong types, missing, extra, hostile and empty values. */
function candidates(
  random: () => number,
  template: Record<string, readonly unknown[]>
): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const [name, values] of Object.entries(template)) {
    const roll = random()
    if (roll < 0.08) continue
    if (roll < 0.12) input[name] = undefined
    else if (roll < 0.2)
      input[name] = pick(random, [null, 7, '7', true, Number.NaN, {}, [], '', '#%#'])
    else input[name] = pick(random, values)
  }
  if (random() < 0.1) input.extra = 'ignored'
  if (random() < 0.05) input.entity = pick(random, ['Lead', 'Other'])
  return input
}

const templates: [MonotableEntity, Record<string, readonly unknown[]>][] = [
  [
    shop.Lead as never,
    { leadId: ['c1', 'a#b', 'x'.repeat(3_000)], email: ['e@x'], name: ['Ada', ''] }
  ],
  [
    shop.Product as never,
    { sku: ['s1', '%'], name: ['Lamp'], priceCents: [1, 0, -5, 1.5], stock: [0, 10] }
  ],
  [
    shop.Order as never,
    {
      orderId: ['o1'],
      customerId: ['c1', ''],
      status: ['PLACED', 'SHIPPED', 'LOST'],
      totalCents: [10],
      createdAt: ['2026-11-01', '']
    }
  ],
  [shop.OrderItem as never, { orderId: ['o1'], sku: ['s1'], quantity: [1], priceCents: [2] }],
  [
    Flags as never,
    {
      flagId: ['f1'],
      group: [1, 2.5],
      on: [true, false],
      label: ['x'],
      level: ['low', 'high', 'mid'],
      renamed: ['y']
    }
  ],
  [Ranked as never, { playerId: ['p1'], team: ['red', ''], rank: [1, -2.5, 10] }]
]

describe('the fast parser', () => {
  it.each(templates.map(([entity, template]) => [entity.name, entity, template] as const))(
    '%s: puts and keys come out as toolbox makes them, or fail the same way',
    (_, entity, template) => {
      const fast = compileFastParser(entity.entity, linkedOf(entity))
      expect(fast).toBeDefined()
      const random = seededRandom(entity.name.length * 7919)
      let agreedOnValues = 0
      for (let round = 0; round < 1_500; round += 1) {
        const input = candidates(random, template)
        const viaToolbox = outcome(() =>
          entity.entity
            .build(BatchPutRequest)
            .item(input as never)
            .params()
        )
        const viaFastPath = outcome(() => entity.batchPut(input as never).params())
        if ((viaFastPath as { code?: string }).code === 'validation.key') {
          // Refused before parsing: a slot value DynamoDB would refuse, which toolbox lets by.
          expect(JSON.stringify(viaToolbox)).toMatch(/"error"|:""/)
        } else expect(viaFastPath).toEqual(viaToolbox)
        expect(outcome(() => entity.batchDelete(input as never).params())).toEqual(
          outcome(() =>
            entity.entity
              .build(BatchDeleteRequest)
              .key(input as never)
              .params()
          )
        )
        if ('value' in (viaToolbox as object)) agreedOnValues += 1
      }
      // Both valid and invalid inputs were exercised.
      expect(agreedOnValues).toBeGreaterThan(50)
      expect(agreedOnValues).toBeLessThan(1_500)
    }
  )

  it('steps aside for schemas beyond plain attributes', () => {
    const declare = (name: string, attributes: Parameters<typeof item>[0]) =>
      defineEntity(shop.table, {
        name,
        schema: item(attributes),
        key: { pk: 'X#<id>', sk: 'X' } as never
      })
    const ineligible = [
      declare('WithTransform', { id: string().key(), code: string().transform(prefix('P')) }),
      declare('WithComputedDefault', { id: string().key(), at: number().default(() => 1) }),
      declare('WithValidator', {
        id: string().key(),
        name: string().validate(value => value.length > 1)
      }),
      declare('WithList', { id: string().key(), tags: list(string()) })
    ]
    for (const entity of ineligible)
      expect(compileFastParser(entity.entity, new Set())).toBeUndefined()
    expect(compileFastParser(shop.Order.entity, new Set(['gsi1pk', 'gsi1sk']))).toBeDefined()
  })
})

import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format'
import { boolean } from 'dynamodb-toolbox/schema/boolean'
import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
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
const table = defineTable({ name: 'fast-format', client, indexes: { gsi1: {} } })
const Player = defineEntity(table, {
  name: 'Player',
  schema: item({
    playerId: string().key(),
    tier: string().enum('gold', 'silver'),
    rank: number().optional(),
    nick: string().optional().savedAs('n'),
    active: boolean().optional(),
    version: number().default(0)
  }),
  key: { pk: 'PLAYER#<playerId>', sk: 'PLAYER' },
  indexes: { gsi1: { pk: 'TIER#<tier>', sk: 'PLAYER#<playerId>' } },
  version: 'version',
  timestamps: true
})

/** Stored values of every type, and values of entity tags, enums and timestamps. */
const values = ['x', '', 'gold', 'PLACED', 'Player', 'Product', 'Other', 3, -1.5, true, null, ['a']]

describe('the fast path for reads', () => {
  it.each(
    [Player, shop.Product, shop.Order, shop.Lead].map(entity => [entity.name, entity] as const)
  )('%s: whole items read as toolbox formats them', (_, entity) => {
    const { model } = entityInternals(entity as unknown as MonotableEntity, 'test')
    const format = model.fast?.format
    if (format === undefined) throw new Error('expected a plain schema')
    const formatter = new EntityFormatter(model.entity)
    const stored = Object.entries(model.entity.schema.attributes).map(
      ([name, attribute]) => (attribute.props as { savedAs?: string }).savedAs ?? name
    )
    const random = seededRandom(entity.name.length * 7)
    let taken = 0
    for (let round = 0; round < 3_000; round += 1) {
      const item: Record<string, unknown> = { pk: 'P#1', sk: 'S', extra: 'kept out' }
      for (const name of stored) {
        // Mostly a value of the right kind, so that whole items get through.
        if (random() < 0.15) continue
        item[name] = random() < 0.2 ? pick(random, values) : validValue(model.entity, name)
      }
      const viaFastPath = format(item)
      if (viaFastPath === undefined) continue
      taken += 1
      expect({ value: viaFastPath }, JSON.stringify(item)).toEqual(
        outcome(() => formatter.format(item as never))
      )
    }
    expect(taken).toBeGreaterThan(200)
  })
})

/** A value the attribute stored as `savedAs` takes. */
function validValue(entity: MonotableEntity['entity'], savedAs: string): unknown {
  for (const [name, attribute] of Object.entries(entity.schema.attributes)) {
    const { savedAs: saved = name, enum: values } = attribute.props as {
      savedAs?: string
      enum?: unknown[]
    }
    if (saved !== savedAs) continue
    if (values !== undefined) return values[0]
    return attribute.type === 'number' ? 7 : attribute.type === 'boolean' ? false : 'v'
  }
  return undefined
}

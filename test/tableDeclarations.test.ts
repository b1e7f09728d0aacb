import { item } from 'dynamodb-toolbox/schema/item'
import { string } from 'dynamodb-toolbox/schema/string'
import { describe, expect, it } from 'vitest'

import {
  createClient,
  defineEntity,
  defineTable,
  type IndexesDeclaration,
  tableDefinition,
  ValidationError
} from '../src/index.js'

// Declarations only: nothing here touches the network.
const client = createClient({ endpoint: 'http://127.0.0.1:1' })

describe('index declarations', () => {
  it('become CreateTable input: composed, attribute-keyed and local indexes, with projections', () => {
    const table = defineTable({
      name: 'kinds',
      client,
      keys: { pk: 'PK', sk: 'SK' },
      indexes: {
        gsi1: {},
        byTenant: { pk: 'tenantKey', sk: null, projection: 'KEYS_ONLY' },
        byStatus: {
          partition: ['string', 'binary'],
          sort: ['string', { attribute: 'rank', type: 'number' }],
          projection: { include: ['title', '_et'] }
        },
        local: { type: 'local', sk: 'LSI1SK' },
        byDue: { type: 'local', sort: [{ attribute: 'due', type: 'number' }] }
      }
    })
    const definition = tableDefinition(table)
    expect(definition.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' }
    ])
    expect(definition.AttributeDefinitions).toEqual(
      [
        ['PK', 'S'],
        ['SK', 'S'],
        ['gsi1pk', 'S'],
        ['gsi1sk', 'S'],
        ['tenantKey', 'S'],
        ['byStatuspk1', 'S'],
        ['byStatuspk2', 'B'],
        ['byStatussk1', 'S'],
        ['rank', 'N'],
        ['LSI1SK', 'S'],
        ['due', 'N']
      ].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }))
    )
    expect(
      definition.GlobalSecondaryIndexes?.map(index => [
        index.IndexName,
        index.KeySchema,
        index.Projection
      ])
    ).toEqual([
      [
        'gsi1',
        [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' }
        ],
        { ProjectionType: 'ALL' }
      ],
      [
        'byTenant',
        [{ AttributeName: 'tenantKey', KeyType: 'HASH' }],
        { ProjectionType: 'KEYS_ONLY' }
      ],
      [
        'byStatus',
        [
          { AttributeName: 'byStatuspk1', KeyType: 'HASH' },
          { AttributeName: 'byStatuspk2', KeyType: 'HASH' },
          { AttributeName: 'byStatussk1', KeyType: 'RANGE' },
          { AttributeName: 'rank', KeyType: 'RANGE' }
        ],
        { ProjectionType: 'INCLUDE', NonKeyAttributes: ['title', '_et'] }
      ]
    ])
    expect(
      definition.LocalSecondaryIndexes?.map(index => [index.IndexName, index.KeySchema])
    ).toEqual([
      [
        'local',
        [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'LSI1SK', KeyType: 'RANGE' }
        ]
      ],
      [
        'byDue',
        [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'due', KeyType: 'RANGE' }
        ]
      ]
    ])
  })

  it.each([
    [
      'five partition slots',
      { x: { partition: ['string', 'string', 'string', 'string', 'string'] } }
    ],
    ['no partition slot', { x: { partition: [] } }],
    ['a slot of another type', { x: { partition: ['boolean'] } }],
    [
      'an attribute twice in a key',
      {
        x: {
          partition: [{ attribute: 'a', type: 'string' }],
          sort: [{ attribute: 'a', type: 'string' }]
        }
      }
    ],
    [
      'an attribute with two types',
      {
        x: { partition: [{ attribute: 'a', type: 'string' }] },
        y: { partition: [{ attribute: 'a', type: 'number' }] }
      }
    ],
    [
      'a key attribute of the table with another type',
      { x: { partition: [{ attribute: 'sk', type: 'number' }] } }
    ],
    ['composed and typed keys at once', { x: { pk: 'a', partition: ['string'] } }],
    ['an empty include list', { x: { projection: { include: [] } } }],
    ['a short index name', { ab: {} }],
    ['local with both sk and sort', { x: { type: 'local', sk: 'a', sort: ['string'] } }]
  ])('refuses %s', (_, indexes) => {
    expect(() =>
      defineTable({ name: 'bad', client, indexes: indexes as IndexesDeclaration })
    ).toThrow(ValidationError)
  })

  it('refuses a local index on a table without a sort key, and a client that is not one', () => {
    expect(() =>
      defineTable({ name: 'bad', client, keys: { sk: null }, indexes: { lsi: { type: 'local' } } })
    ).toThrow(/needs a table with a sort key/)
    expect(() => defineTable({ name: 'bad', client: undefined as never })).toThrow(/createClient/)
  })

  it('lets an inverted index reuse the table keys, when the templates match', () => {
    const table = defineTable({
      name: 'inverted',
      client,
      indexes: { inverted: { pk: 'sk', sk: 'pk' } }
    })
    const Membership = defineEntity(table, {
      name: 'Membership',
      schema: item({ userId: string().key(), groupId: string().key() }),
      key: { pk: 'USER#<userId>', sk: 'GROUP#<groupId>' },
      indexes: { inverted: { pk: 'GROUP#<groupId>', sk: 'USER#<userId>' } }
    })
    expect(Membership.batchPut({ userId: 'u', groupId: 'g' }).params()).toEqual({
      PutRequest: {
        Item: { pk: 'USER#u', sk: 'GROUP#g', userId: 'u', groupId: 'g', _et: 'Membership' }
      }
    })
    expect(() =>
      defineEntity(table, {
        name: 'Clash',
        schema: item({ userId: string().key(), groupId: string().key() }),
        key: { pk: 'USER#<userId>', sk: 'GROUP#<groupId>' },
        indexes: { inverted: { pk: 'OTHER#<groupId>', sk: 'USER#<userId>' } }
      })
    ).toThrow(/'sk' is built from template GROUP#<groupId>/)
  })
})

import { describe, expect, it } from 'vitest'

import type { AttributeValue, TableDescription } from '../src/local/dynalite/internals.js'
import { encodeKeyValues } from '../src/local/indexes/indexKeyEncoding.js'
import { checkIndexKeyValues } from '../src/local/indexes/indexKeyValues.js'
import { checkKeyConditions, keyRangeOf } from '../src/local/indexes/keyConditions.js'
import { numberKeyBytes, primaryKeyHash } from '../src/local/indexes/localKeyHash.js'
import { seededRandom } from './support/random.js'

const TABLE: TableDescription = {
  TableName: 't',
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' }
  ],
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
    { AttributeName: 's', AttributeType: 'S' },
    { AttributeName: 'n', AttributeType: 'N' },
    { AttributeName: 'b', AttributeType: 'B' }
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'gsi',
      KeySchema: [
        { AttributeName: 's', KeyType: 'HASH' },
        { AttributeName: 'n', KeyType: 'HASH' },
        { AttributeName: 'b', KeyType: 'RANGE' },
        { AttributeName: 'sk', KeyType: 'RANGE' }
      ],
      Projection: { ProjectionType: 'ALL' }
    }
  ]
}
const INDEX = TABLE.GlobalSecondaryIndexes![0]!

describe('DynamoDB Local key hashes', () => {
  // Rows of DynamoDB Local 3.3.0's own SQLite file (hashValue / hashRangeValue columns).
  it.each([
    ['S p1', { pk: { S: 'p1' } }, 'e8b8aed4b300bfb617a7eb113e05ae6c8dd07055'],
    ['S é', { pk: { S: 'é' } }, 'd0555afb63a2354dabd84ec72c260f8bd8ddaecb'],
    ['N 1', { pk: { N: '1' } }, '2daa972c7195fce1dd0918a8541309b6fba8ae80'],
    ['N -1', { pk: { N: '-1' } }, 'b14b75f4c179860dfc9ad3d42c5b1d6d5d732ca3'],
    ['N 0', { pk: { N: '0' } }, '86bda0276f70d53ac1923831b7b96effd90aa3c8'],
    ['N 12.5', { pk: { N: '12.5' } }, 'a9b913cdf014d45adacf3570423b8dd29c99880a'],
    ['N -0.001', { pk: { N: '-0.001' } }, '65e13c913103d7e3ab6d88fbfd41ff3e845093f3'],
    ['N 1e100', { pk: { N: '1e100' } }, 'b0db628162c7c91119e718763f46cf2f0cba86e6'],
    [
      'N 30 digits',
      { pk: { N: '123456789012345678901234567890' } },
      '18b9f425e01d1a5d1e928832fe7d3cc97fcd4486'
    ]
  ])('hash-only table, %s', (_, item, expected) => {
    const hashOnly = { ...TABLE, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }] }
    expect(primaryKeyHash(hashOnly, item)).toBe(expected)
  })

  it('hash and range table: a hash of the two hashes', () => {
    expect(primaryKeyHash(TABLE, { pk: { S: 'p10' }, sk: { S: 's1' } })).toBe(
      '07b19c3a841c6437f55e95caf39734a9bf00cab5'
    )
    expect(primaryKeyHash(TABLE, { pk: { B: 'AAE=' }, sk: { N: '1' } })).toBe(
      '2a0caad20a8103a163273052e19fe1bc9a2c89a3'
    )
  })
})

describe('multi-attribute index key encoding', () => {
  const random = seededRandom(20251126)
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T
  const strings = ['', 'a', 'aa', 'ab', 'B', 'Z', 'é', '😀', '\uffff', 'a\u0000', 'a b']
  const numbers = [
    '-100',
    '-10',
    '-1.5',
    '-1',
    '-0.5',
    '-0.001',
    '0',
    '0.001',
    '1',
    '1.5',
    '2',
    '10',
    '12.5',
    '100',
    '1e20',
    '-1e20'
  ]
  const binaries = [[], [0], [0, 1], [1], [0x7f], [0x80], [0xff], [0xff, 0]].map(bytes =>
    Buffer.from(bytes).toString('base64')
  )

  /** DynamoDB's key order: strings and binaries by unsigned bytes, numbers by value. */
  function compareTuples(left: AttributeValue[], right: AttributeValue[]): number {
    for (let position = 0; position < left.length; position++) {
      const [a, b] = [left[position]!, right[position]!]
      const order =
        a.N !== undefined
          ? Math.sign(Number(a.N) - Number(b.N))
          : Buffer.compare(
              a.S !== undefined ? Buffer.from(a.S as string) : Buffer.from(a.B as string, 'base64'),
              b.S !== undefined ? Buffer.from(b.S as string) : Buffer.from(b.B as string, 'base64')
            )
      if (order !== 0) return order
    }
    return 0
  }

  it('orders tuples of S, N and B values as DynamoDB orders keys, attribute by attribute', () => {
    const names = ['s', 'n', 'b']
    const tuples = Array.from({ length: 400 }, () => [
      { S: pick(strings) },
      { N: pick(numbers) },
      { B: pick(binaries) }
    ])
    const encoded = (tuple: AttributeValue[]) =>
      encodeKeyValues(
        TABLE,
        tuple.map((value, position) => [names[position] as string, value] as const)
      ) as string
    // The level store under dynalite orders its string keys by code units.
    const byEncoding = [...tuples].sort((a, b) =>
      encoded(a) < encoded(b) ? -1 : encoded(a) > encoded(b) ? 1 : 0
    )
    const byKeyOrder = [...tuples].sort(compareTuples)
    byEncoding.forEach((tuple, position) =>
      expect(compareTuples(tuple, byKeyOrder[position] as AttributeValue[])).toBe(0)
    )
  })

  it('leaves out a value that is absent or of another type', () => {
    expect(encodeKeyValues(TABLE, [['s', undefined]])).toBeUndefined()
    expect(encodeKeyValues(TABLE, [['n', { S: '1' }]])).toBeUndefined()
  })

  it('number key bytes order numbers by value', () => {
    const sorted = [...numbers].sort((a, b) => Buffer.compare(numberKeyBytes(a), numberKeyBytes(b)))
    expect(sorted).toEqual([...numbers].sort((a, b) => Number(a) - Number(b)))
  })
})

describe('index key values of an item', () => {
  const put = (item: Record<string, AttributeValue>) =>
    checkIndexKeyValues(item, TABLE, 'put')?.body.message
  it.each([
    [
      'a value of another key type',
      { s: { N: '1' } },
      'One or more parameter values were invalid: Type mismatch for Index Key'
    ],
    ['a value of no key type', { n: { BOOL: true } }, 'Invalid attribute value type'],
    ['an empty string', { s: { S: '' } }, 'IndexName: gsi, IndexKey: s'],
    ['a partition value over 2048 bytes', { s: { S: 'x'.repeat(2049) } }, 'Size limit exceeded'],
    [
      'partition values together over 2048 bytes',
      { s: { S: 'é'.repeat(1024) }, n: { N: '1' } },
      'Aggregate size for HASH key attributes s, n of index gsi has exceeded limit 2048 bytes, with actual size 2050 bytes'
    ]
  ])('refuses %s', (_, item, message) => {
    expect(put(item)).toContain(message)
  })

  it('accepts a sparse item and values at the limits', () => {
    expect(
      put({ pk: { S: 'p' }, sk: { S: 's' }, s: { S: 'x'.repeat(2046) }, n: { N: '1' } })
    ).toBeUndefined()
    expect(put({ pk: { S: 'p' } })).toBeUndefined()
  })

  it('does not add up the sizes of an update', () => {
    const item = { s: { S: 'x'.repeat(2040) }, n: { N: '12345678901234567890' } }
    expect(checkIndexKeyValues(item, TABLE, 'update')).toBeUndefined()
    expect(put(item)).toContain('Aggregate size')
  })
})

describe('key conditions of a multi-attribute index', () => {
  const eq = (value: AttributeValue) => ({ ComparisonOperator: 'EQ', AttributeValueList: [value] })
  const partition = { s: eq({ S: 'a' }), n: eq({ N: '1' }) }

  it.each([
    ['no condition on a partition attribute', { s: eq({ S: 'a' }) }, 'HASH key attributes n must'],
    [
      'a range condition on a partition attribute',
      { ...partition, n: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '1' }] } },
      'HASH key attributes n must'
    ],
    [
      'a skipped sort attribute',
      { ...partition, sk: eq({ S: 'x' }) },
      'RANGE key attributes b must have equality conditions specified in the query because a condition is present on key attribute sk'
    ],
    [
      'a condition on another attribute',
      { ...partition, pk: eq({ S: 'x' }) },
      'Query condition missed key schema element'
    ],
    [
      'a value of another type',
      { ...partition, b: eq({ S: 'x' }) },
      'Condition parameter type does not match schema type'
    ],
    [
      'more conditions than key attributes',
      { ...partition, b: eq({ B: 'AA==' }), sk: eq({ S: 'x' }), pk: eq({ S: 'x' }) },
      'Query key condition not supported'
    ]
  ])('refuses %s', (_, conditions, message) => {
    expect(checkKeyConditions(TABLE, INDEX, conditions)?.body.message).toContain(message)
  })

  it('reads one contiguous range: the equalities as a prefix, the last condition as its bounds', () => {
    const conditions = {
      ...partition,
      b: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ B: 'AA==' }, { B: '/w==' }] }
    }
    expect(checkKeyConditions(TABLE, INDEX, conditions)).toBeUndefined()
    const range = keyRangeOf(TABLE, INDEX, conditions)
    const prefix = encodeKeyValues(TABLE, [
      ['s', { S: 'a' }],
      ['n', { N: '1' }]
    ])
    expect(range).toEqual({ gte: `${prefix}00/`, lte: `${prefix}ff/~` })
  })
})

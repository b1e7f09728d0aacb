import {
  CreateTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement
} from '@aws-sdk/client-dynamodb'

import {
  createIndexedTable,
  definitions,
  describeIndexes,
  hash,
  index,
  range
} from '../support/indexTables.js'
import { attemptEach } from '../support/outcomes.js'
import type { Scenario } from '../support/scenario.js'

const TOURNAMENT = index('byTournament', [
  hash('tournament'),
  hash('region'),
  range('round'),
  range('bracket')
])

function createWithIndex(
  client: DynamoDBClient,
  TableName: string,
  KeySchema: KeySchemaElement[],
  names: string,
  extra: { unused?: string } = {}
) {
  const types = Object.fromEntries([...names, ...(extra.unused ?? '')].map(name => [name, 'S']))
  const GlobalSecondaryIndexes: GlobalSecondaryIndex[] = [index('gsi1', KeySchema)]
  return client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: definitions({ pk: 'S', sk: 'S', ...types }),
      KeySchema: [hash('pk'), range('sk')],
      GlobalSecondaryIndexes
    })
  )
}

const hashes = (names: string) => [...names].map(hash)
const ranges = (names: string) => [...names].map(range)

export const multiAttributeTableScenarios: Scenario[] = [
  {
    name: 'multi-attribute GSI: CreateTable and DescribeTable keep 2+2 key attributes in order',
    reference: 'M1',
    createTables: (client, tables) =>
      createIndexedTable(client, tables.a, {
        attributes: {
          tournament: 'S',
          region: 'S',
          round: 'N',
          bracket: 'B',
          ...Object.fromEntries([...'abcdefgh'].map(name => [name, 'S' as const]))
        },
        indexes: [TOURNAMENT, index('fourAndFour', [...hashes('abcd'), ...ranges('efgh')])]
      }),
    run: (client, tables) => describeIndexes(client, tables.a),
    expected: { outcome: { ok: true }, state: { a: [] } }
  },
  {
    name: 'multi-attribute GSI: CreateTable key schema errors, in DynamoDB Local words',
    reference: 'M1',
    run: (client, tables) =>
      attemptEach({
        fivePartitionAttributes: () =>
          createWithIndex(client, `${tables.a}_1`, hashes('abcde'), 'abcde'),
        fiveSortAttributes: () =>
          createWithIndex(client, `${tables.a}_2`, [hash('a'), ...ranges('bcdef')], 'abcdef'),
        nineElements: () =>
          createWithIndex(
            client,
            `${tables.a}_3`,
            [...hashes('abcd'), ...ranges('efghi')],
            'abcdefghi'
          ),
        repeatedAttribute: () =>
          createWithIndex(client, `${tables.a}_4`, [hash('a'), hash('b'), range('a')], 'ab'),
        hashAfterRange: () =>
          createWithIndex(client, `${tables.a}_5`, [hash('a'), range('b'), hash('c')], 'abc'),
        noHash: () => createWithIndex(client, `${tables.a}_6`, ranges('ab'), 'ab'),
        empty: () => createWithIndex(client, `${tables.a}_7`, [], 'a'),
        undefinedAttribute: () =>
          createWithIndex(client, `${tables.a}_8`, [hash('a'), hash('b')], 'a'),
        unusedDefinition: () =>
          createWithIndex(client, `${tables.a}_9`, [hash('a'), hash('b')], 'ab', {
            unused: 'z'
          }),
        tooManyPartitionsBeforeUndefined: () =>
          createWithIndex(client, `${tables.a}_10`, hashes('abcde'), 'abcd'),
        attributeDefinedTwice: () =>
          client.send(
            new CreateTableCommand({
              TableName: `${tables.a}_12`,
              BillingMode: 'PAY_PER_REQUEST',
              AttributeDefinitions: definitions({ pk: 'S', sk: 'S', a: 'S' }).concat(
                definitions({ a: 'N' })
              ),
              KeySchema: [hash('pk'), range('sk')],
              GlobalSecondaryIndexes: [index('gsi1', [hash('a'), hash('a')])]
            })
          ),
        nonKeyAttributeTwice: () =>
          client.send(
            new CreateTableCommand({
              TableName: `${tables.a}_13`,
              BillingMode: 'PAY_PER_REQUEST',
              AttributeDefinitions: definitions({ pk: 'S', sk: 'S', a: 'S', b: 'S' }),
              KeySchema: [hash('pk'), range('sk')],
              GlobalSecondaryIndexes: [
                index('gsi1', [hash('a'), hash('b')], {
                  ProjectionType: 'INCLUDE',
                  NonKeyAttributes: ['x', 'x']
                }),
                index('gsi2', [hash('a'), hash('a')])
              ]
            })
          ),
        orderBeforeTooMany: () =>
          createWithIndex(
            client,
            `${tables.a}_11`,
            [hash('a'), range('b'), ...hashes('cdef')],
            'abcdef'
          )
      }),
    expected: {
      outcome: {
        ok: true,
        response: {
          fivePartitionAttributes:
            'ValidationException: Too many partition keys. GSI can have at most 4 partition keys',
          fiveSortAttributes:
            'ValidationException: Too many sort keys. GSI can have at most 4 sort keys',
          nineElements:
            'ValidationException: Key Schema too big.  Key Schema must at most consist of the hash and range key of a table',
          repeatedAttribute: 'ValidationException: Two keys can not have the same name',
          hashAfterRange:
            'ValidationException: Invalid key order. Hash Key must be specified first in key schema, Range Key must be specifed second',
          noHash:
            'ValidationException: No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key',
          empty:
            'ValidationException: No defined key schema.  A key schema containing at least a hash key must be defined for all tables',
          undefinedAttribute:
            'ValidationException: Attribute b is not defined in AttributeDefinitions',
          unusedDefinition:
            'ValidationException: The number of attributes in key schema must match the number of attributes defined in attribute definitions.',
          tooManyPartitionsBeforeUndefined:
            'ValidationException: Too many partition keys. GSI can have at most 4 partition keys',
          attributeDefinedTwice:
            'ValidationException: Cannot have two attributes with the same name',
          nonKeyAttributeTwice:
            'ValidationException: Cannot have two attributes with the same name',
          orderBeforeTooMany:
            'ValidationException: Invalid key order. Hash Key must be specified first in key schema, Range Key must be specifed second'
        }
      }
    }
  }
]

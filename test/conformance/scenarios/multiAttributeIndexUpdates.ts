import {
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateTableCommand,
  type UpdateTableCommandInput
} from '@aws-sdk/client-dynamodb'

import { N, putItems, S } from '../support/attributes.js'
import {
  createIndexedTable,
  definitions,
  describeIndexes,
  hash,
  index,
  range,
  summary,
  waitUntilActive,
  waitUntilIndexGone
} from '../support/indexTables.js'
import { attempt, attemptEach } from '../support/outcomes.js'
import type { Scenario, Tables } from '../support/scenario.js'
import { match, MATCHES_INDEX, partitionOf, scanIndex } from './multiAttributeFixtures.js'

const W24 = { tournament: 'w24', region: 'eu' }
const MATCHES_KEY = [hash('tournament'), hash('region'), range('round'), range('bracket')]
const MATCHES_DEFINITIONS = definitions({ tournament: 'S', region: 'S', round: 'N', bracket: 'S' })

const EXISTING = [
  match('m1', { ...W24, round: 2, bracket: 'upper' }),
  match('m2', { ...W24, round: 1, bracket: 'upper' }),
  match('sparse', { ...W24, round: 1 }),
  match('m3', { tournament: 'w24', region: 'na', round: 1, bracket: 'lower' })
]

async function updateTable(client: DynamoDBClient, input: UpdateTableCommandInput) {
  const { TableDescription } = await client.send(new UpdateTableCommand(input))
  return {
    TableStatus: TableDescription?.TableStatus,
    AttributeDefinitions: TableDescription?.AttributeDefinitions,
    GlobalSecondaryIndexes: TableDescription?.GlobalSecondaryIndexes?.map(summary)
  }
}

function createIndex(tables: Tables, extra: Partial<UpdateTableCommandInput> = {}) {
  return {
    TableName: tables.a,
    AttributeDefinitions: MATCHES_DEFINITIONS,
    GlobalSecondaryIndexUpdates: [{ Create: { ...index(MATCHES_INDEX, MATCHES_KEY) } }],
    ...extra
  } satisfies UpdateTableCommandInput
}

export const multiAttributeIndexUpdateScenarios: Scenario[] = [
  {
    name: 'UpdateTable adds a multi-attribute GSI, fills it with the items there, then keeps it',
    reference: 'M7',
    setup: (client, tables) => putItems(client, tables.a, EXISTING),
    run: async (client, tables) => {
      const answered = await updateTable(client, createIndex(tables))
      await waitUntilActive(client, tables.a)
      const backfilled = await scanIndex(client, tables.a, MATCHES_INDEX)
      await client.send(
        new PutItemCommand({
          TableName: tables.a,
          Item: match('m4', { ...W24, round: 0, bracket: 'final' })
        })
      )
      return {
        answered,
        described: await describeIndexes(client, tables.a),
        backfilled,
        partitionAfterAWrite: await partitionOf(client, tables)
      }
    },
    expected: {
      outcome: {
        ok: true,
        response: {
          answered: {
            TableStatus: 'ACTIVE',
            GlobalSecondaryIndexes: [
              {
                IndexName: MATCHES_INDEX,
                KeySchema: MATCHES_KEY,
                IndexStatus: 'CREATING',
                Backfilling: false
              }
            ]
          },
          backfilled: ['m2', 'm1', 'm3'],
          partitionAfterAWrite: ['m4', 'm2', 'm1']
        }
      }
    }
  },
  {
    name: 'UpdateTable adds an ordinary GSI (dynalite ignored it) and fills it',
    reference: 'M7',
    setup: (client, tables) => putItems(client, tables.a, EXISTING),
    run: async (client, tables) => {
      const answered = await updateTable(client, {
        TableName: tables.a,
        AttributeDefinitions: definitions({ bracket: 'S', round: 'N' }),
        GlobalSecondaryIndexUpdates: [
          {
            Create: index('byBracket', [hash('bracket'), range('round')], {
              ProjectionType: 'KEYS_ONLY'
            })
          }
        ]
      })
      await waitUntilActive(client, tables.a)
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tables.a,
          IndexName: 'byBracket',
          KeyConditionExpression: 'bracket = :b',
          ExpressionAttributeValues: { ':b': S('upper') }
        })
      )
      return { answered, upper: Items }
    },
    expected: { outcome: { ok: true } }
  },
  {
    name: 'UpdateTable deletes a multi-attribute GSI and the attribute definitions only it used',
    reference: 'M7',
    createTables: (client, tables) =>
      createIndexedTable(client, tables.a, {
        attributes: { tournament: 'S', region: 'S', round: 'N', bracket: 'S' },
        indexes: [index(MATCHES_INDEX, MATCHES_KEY), index('byRound', [hash('round')])]
      }),
    setup: (client, tables) => putItems(client, tables.a, EXISTING),
    run: async (client, tables) => {
      const answered = await updateTable(client, {
        TableName: tables.a,
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: MATCHES_INDEX } }]
      })
      await waitUntilIndexGone(client, tables.a, MATCHES_INDEX)
      return {
        answered,
        described: await describeIndexes(client, tables.a),
        queryDeleted: await attempt(() => partitionOf(client, tables)),
        // Sorted: dynalite scans an ordinary index in its own hash order, not in DynamoDB Local's.
        otherIndex: (await scanIndex(client, tables.a, 'byRound')).sort(),
        formerKeyOfAnyType: await attempt(() =>
          client.send(
            new PutItemCommand({ TableName: tables.a, Item: match('x', {}, { tournament: N(1) }) })
          )
        )
      }
    },
    expected: {
      outcome: {
        ok: true,
        response: {
          queryDeleted:
            'ValidationException: The table does not have the specified index: byTournament',
          formerKeyOfAnyType: 'ok'
        }
      }
    }
  },
  {
    name: 'UpdateTable: errors creating and deleting indexes, in DynamoDB Local words',
    reference: 'M7',
    createTables: (client, tables) =>
      createIndexedTable(client, tables.a, {
        attributes: { round: 'N' },
        indexes: [index('byRound', [hash('round')])]
      }),
    run: (client, tables) =>
      attemptEach({
        twoCreates: () =>
          client.send(
            new UpdateTableCommand(
              createIndex(tables, {
                GlobalSecondaryIndexUpdates: [
                  { Create: index('one', [hash('tournament')]) },
                  { Create: index('two', [hash('region')]) }
                ]
              })
            )
          ),
        createAndDelete: () =>
          client.send(
            new UpdateTableCommand(
              createIndex(tables, {
                GlobalSecondaryIndexUpdates: [
                  { Create: index('one', [hash('tournament')]) },
                  { Delete: { IndexName: 'byRound' } }
                ]
              })
            )
          ),
        existingName: () =>
          client.send(
            new UpdateTableCommand(
              createIndex(tables, {
                GlobalSecondaryIndexUpdates: [{ Create: index('byRound', [hash('tournament')]) }]
              })
            )
          ),
        noAttributeDefinitions: () =>
          client.send(
            new UpdateTableCommand(createIndex(tables, { AttributeDefinitions: undefined }))
          ),
        redefinedType: () =>
          client.send(
            new UpdateTableCommand(
              createIndex(tables, {
                AttributeDefinitions: definitions({
                  tournament: 'S',
                  region: 'S',
                  round: 'S',
                  bracket: 'S'
                })
              })
            )
          ),
        fivePartitionAttributes: () =>
          client.send(
            new UpdateTableCommand(
              createIndex(tables, {
                AttributeDefinitions: definitions({ a: 'S', b: 'S', c: 'S', d: 'S', e: 'S' }),
                GlobalSecondaryIndexUpdates: [
                  {
                    Create: index(
                      'five',
                      [...'abcde'].map(name => hash(name))
                    )
                  }
                ]
              })
            )
          ),
        undefinedAttribute: () =>
          client.send(
            new UpdateTableCommand(
              createIndex(tables, { AttributeDefinitions: definitions({ tournament: 'S' }) })
            )
          ),
        nonKeyAttributesWithoutInclude: () =>
          client.send(
            new UpdateTableCommand(
              createIndex(tables, {
                GlobalSecondaryIndexUpdates: [
                  {
                    Create: index(MATCHES_INDEX, MATCHES_KEY, {
                      ProjectionType: 'KEYS_ONLY',
                      NonKeyAttributes: ['x']
                    })
                  }
                ]
              })
            )
          ),
        deleteMissing: () =>
          client.send(
            new UpdateTableCommand({
              TableName: tables.a,
              GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'missing' } }]
            })
          )
      }),
    expected: {
      outcome: {
        ok: true,
        response: {
          twoCreates:
            'LimitExceededException: Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table',
          createAndDelete:
            'LimitExceededException: Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table',
          existingName: 'ValidationException: Attempting to create an index which already exists',
          noAttributeDefinitions: 'ValidationException: No Attribute Schema Defined',
          redefinedType:
            'ValidationException: invalid attribute, SchemaElement redefined should be of same type as previously defined',
          fivePartitionAttributes:
            'ValidationException: Too many partition keys. GSI can have at most 4 partition keys',
          undefinedAttribute:
            'ValidationException: Attribute region is not defined in AttributeDefinitions',
          nonKeyAttributesWithoutInclude:
            'ValidationException: No attributes should be specified to be projected unless projection type is INCLUDE',
          deleteMissing: 'ResourceNotFoundException: Requested resource not found'
        }
      }
    }
  }
]

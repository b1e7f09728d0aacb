import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand
} from '@aws-sdk/client-dynamodb'

import { type AttributeMap, N, putItems, S } from '../support/attributes.js'
import { attemptEach } from '../support/outcomes.js'
import type { Scenario, Tables } from '../support/scenario.js'
import {
  createMatchesTable,
  match,
  matchKey,
  MATCHES_INDEX,
  partitionOf,
  scanIndex
} from './multiAttributeFixtures.js'

const W24 = { tournament: 'w24', region: 'eu' }
const TYPE_MISMATCH = 'One or more parameter values were invalid: Type mismatch for Index Key'
const CANCELLED_BY_VALIDATION =
  'TransactionCanceledException: Transaction cancelled, please refer cancellation reasons for specific reasons [ValidationError]'

const SEEDED = [
  match('m1', { ...W24, round: 1, bracket: 'upper' }),
  match('m2', { ...W24, round: 1, bracket: 'lower' }),
  match('m3', { ...W24, round: 2, bracket: 'upper' })
]

function seed(client: DynamoDBClient, tables: Tables): Promise<void> {
  return putItems(client, tables.a, SEEDED)
}

function setRound(TableName: string, pk: string, round: AttributeMap[string]) {
  return new UpdateItemCommand({
    TableName,
    Key: matchKey(pk),
    UpdateExpression: 'SET round = :round',
    ExpressionAttributeValues: { ':round': round }
  })
}

export const multiAttributeWriteScenarios: Scenario[] = [
  {
    name: 'multi-attribute GSI: items lacking any key attribute are not in it (sparse)',
    reference: 'M2',
    createTables: createMatchesTable,
    setup: (client, tables) =>
      putItems(client, tables.a, [
        match('full', { ...W24, round: 1, bracket: 'upper' }),
        match('noRegion', { tournament: 'w24', round: 1, bracket: 'upper' }),
        match('noBracket', { ...W24, round: 1 }),
        match('nothing', {}),
        match('otherPartition', { tournament: 'w24', region: 'na', round: 1, bracket: 'x' })
      ]),
    run: async (client, tables) => ({
      index: await scanIndex(client, tables.a, MATCHES_INDEX),
      partition: await partitionOf(client, tables)
    }),
    expected: {
      outcome: { ok: true, response: { index: ['full', 'otherPartition'], partition: ['full'] } }
    }
  },
  {
    name: 'multi-attribute GSI: updating one sort attribute moves the item, removing one drops it',
    reference: 'M2',
    createTables: createMatchesTable,
    setup: seed,
    run: async (client, tables) => {
      const before = await partitionOf(client, tables)
      await client.send(setRound(tables.a, 'm1', N(3)))
      const moved = await partitionOf(client, tables)
      await client.send(
        new UpdateItemCommand({
          TableName: tables.a,
          Key: matchKey('m2'),
          UpdateExpression: 'REMOVE bracket'
        })
      )
      const removed = await partitionOf(client, tables)
      await client.send(
        new UpdateItemCommand({
          TableName: tables.a,
          Key: matchKey('m3'),
          UpdateExpression: 'SET #region = :na',
          ExpressionAttributeNames: { '#region': 'region' },
          ExpressionAttributeValues: { ':na': S('na') }
        })
      )
      return {
        before,
        moved,
        removed,
        afterPartitionChange: await partitionOf(client, tables),
        otherPartition: await partitionOf(client, tables, 'w24', 'na')
      }
    },
    expected: {
      outcome: {
        ok: true,
        response: {
          before: ['m2', 'm1', 'm3'],
          moved: ['m2', 'm3', 'm1'],
          removed: ['m3', 'm1'],
          afterPartitionChange: ['m1'],
          otherPartition: ['m3']
        }
      }
    }
  },
  {
    name: 'multi-attribute GSI: DeleteItem, BatchWriteItem and TransactWriteItems keep it current',
    reference: 'M2',
    createTables: createMatchesTable,
    setup: seed,
    run: async (client, tables) => {
      await client.send(new DeleteItemCommand({ TableName: tables.a, Key: matchKey('m1') }))
      const afterDelete = await partitionOf(client, tables)
      await client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [tables.a]: [
              { PutRequest: { Item: match('b1', { ...W24, round: 0, bracket: 'final' }) } },
              { DeleteRequest: { Key: matchKey('m2') } }
            ]
          }
        })
      )
      const afterBatch = await partitionOf(client, tables)
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: tables.a, Item: match('t1', { ...W24, round: 5, bracket: 'a' }) } },
            { Delete: { TableName: tables.a, Key: matchKey('b1') } },
            {
              Update: {
                TableName: tables.a,
                Key: matchKey('m3'),
                UpdateExpression: 'SET bracket = :b',
                ExpressionAttributeValues: { ':b': S('b') }
              }
            }
          ]
        })
      )
      return { afterDelete, afterBatch, afterTransaction: await partitionOf(client, tables) }
    },
    expected: {
      outcome: {
        ok: true,
        response: {
          afterDelete: ['m2', 'm3'],
          afterBatch: ['b1', 'm3'],
          afterTransaction: ['m3', 't1']
        }
      }
    }
  },
  {
    name: 'multi-attribute GSI: a key attribute of another type fails every write path',
    reference: 'M3',
    createTables: createMatchesTable,
    setup: seed,
    run: (client, tables) =>
      attemptEach({
        putItem: () =>
          client.send(
            new PutItemCommand({ TableName: tables.a, Item: match('x', {}, { round: S('1') }) })
          ),
        updateItemSet: () => client.send(setRound(tables.a, 'm1', S('one'))),
        updateItemAddToAbsent: () =>
          client.send(
            new UpdateItemCommand({
              TableName: tables.a,
              Key: matchKey('new'),
              UpdateExpression: 'ADD tournament :one',
              ExpressionAttributeValues: { ':one': N(1) }
            })
          ),
        updateItemFromPath: () =>
          client.send(
            new UpdateItemCommand({
              TableName: tables.a,
              Key: matchKey('m1'),
              UpdateExpression: 'SET bracket = round'
            })
          ),
        updateItemNonKeyType: () => client.send(setRound(tables.a, 'm1', { BOOL: true })),
        batchWriteItem: () =>
          client.send(
            new BatchWriteItemCommand({
              RequestItems: {
                [tables.a]: [{ PutRequest: { Item: match('x', {}, { region: N(1) }) } }]
              }
            })
          ),
        transactPut: () =>
          client.send(
            new TransactWriteItemsCommand({
              TransactItems: [
                { Put: { TableName: tables.a, Item: match('x', {}, { bracket: N(1) }) } }
              ]
            })
          ),
        transactUpdate: () =>
          client.send(
            new TransactWriteItemsCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: tables.a,
                    Key: matchKey('m2'),
                    UpdateExpression: 'SET round = :r',
                    ExpressionAttributeValues: { ':r': S('two') }
                  }
                }
              ]
            })
          )
      }),
    expected: {
      outcome: {
        ok: true,
        response: {
          putItem: `ValidationException: ${TYPE_MISMATCH}`,
          updateItemSet: `ValidationException: ${TYPE_MISMATCH}`,
          updateItemAddToAbsent: `ValidationException: ${TYPE_MISMATCH}`,
          updateItemFromPath: `ValidationException: ${TYPE_MISMATCH}`,
          updateItemNonKeyType: 'ValidationException: Invalid attribute value type',
          batchWriteItem: `ValidationException: ${TYPE_MISMATCH}`,
          transactPut: CANCELLED_BY_VALIDATION,
          transactUpdate: CANCELLED_BY_VALIDATION
        }
      },
      state: 'unchanged'
    }
  },
  {
    name: 'multi-attribute GSI: transaction reasons for a key of another type beside a failed condition',
    reference: 'M3',
    createTables: createMatchesTable,
    setup: seed,
    run: async (client, tables) => {
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: tables.a, Item: match('x', {}, { round: S('1') }) } },
            {
              ConditionCheck: {
                TableName: tables.a,
                Key: matchKey('m1'),
                ConditionExpression: 'attribute_not_exists(pk)'
              }
            },
            { Put: { TableName: tables.a, Item: match('y', W24) } }
          ]
        })
      )
      return {}
    },
    expected: {
      outcome: {
        ok: false,
        errorName: 'TransactionCanceledException',
        cancellationCodes: ['ValidationError', 'ConditionalCheckFailed', 'None']
      },
      state: 'unchanged'
    }
  },
  {
    name: 'multi-attribute GSI: empty and oversized key values, alone and together',
    reference: 'M3',
    createTables: createMatchesTable,
    run: (client, tables) =>
      attemptEach({
        emptyString: () =>
          client.send(
            new PutItemCommand({ TableName: tables.a, Item: match('x', { region: '' }) })
          ),
        partitionAttributeOver2048: () =>
          client.send(
            new PutItemCommand({
              TableName: tables.a,
              Item: match('x', { tournament: 't'.repeat(2049) })
            })
          ),
        partitionAttributesTogetherOver2048: () =>
          client.send(
            new PutItemCommand({
              TableName: tables.a,
              Item: match('x', { tournament: 't'.repeat(1500), region: 'r'.repeat(549) })
            })
          ),
        sortAttributesTogetherOver1024: () =>
          client.send(
            new PutItemCommand({
              TableName: tables.a,
              Item: match('x', { round: 12345, bracket: 'b'.repeat(1021) })
            })
          ),
        sparseButTooLarge: () =>
          client.send(
            new PutItemCommand({
              TableName: tables.a,
              Item: match('x', { tournament: 't'.repeat(2000), region: 'é'.repeat(30) })
            })
          ),
        updateToEmpty: () =>
          client.send(
            new UpdateItemCommand({
              TableName: tables.a,
              Key: matchKey('x'),
              UpdateExpression: 'SET bracket = :empty',
              ExpressionAttributeValues: { ':empty': S('') }
            })
          ),
        updateTogetherOverLimitIsAccepted: () =>
          client.send(
            new UpdateItemCommand({
              TableName: tables.a,
              Key: matchKey('u'),
              UpdateExpression: 'SET tournament = :t, #region = :r',
              ExpressionAttributeNames: { '#region': 'region' },
              ExpressionAttributeValues: { ':t': S('t'.repeat(1500)), ':r': S('r'.repeat(600)) }
            })
          ),
        exactlyAtTheLimits: () =>
          client.send(
            new PutItemCommand({
              TableName: tables.a,
              Item: match('limits', {
                tournament: 't'.repeat(1024),
                region: 'r'.repeat(1024),
                round: 1,
                bracket: 'b'.repeat(1022)
              })
            })
          )
      }),
    expected: {
      outcome: {
        ok: true,
        response: {
          emptyString:
            'ValidationException: One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: byTournament, IndexKey: region',
          partitionAttributeOver2048:
            'ValidationException: One or more parameter values were invalid: Size limit exceeded',
          partitionAttributesTogetherOver2048:
            'ValidationException: Aggregate size for HASH key attributes tournament, region of index byTournament has exceeded limit 2048 bytes, with actual size 2049 bytes',
          sortAttributesTogetherOver1024:
            'ValidationException: Aggregate size for RANGE key attributes round, bracket of index byTournament has exceeded limit 1024 bytes, with actual size 1025 bytes',
          sparseButTooLarge:
            'ValidationException: Aggregate size for HASH key attributes tournament, region of index byTournament has exceeded limit 2048 bytes, with actual size 2060 bytes',
          updateToEmpty:
            'ValidationException: One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty string value.',
          updateTogetherOverLimitIsAccepted: 'ok',
          exactlyAtTheLimits: 'ok'
        }
      }
    }
  }
]

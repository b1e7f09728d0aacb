import { type AttributeValue, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb'

import { N, putItems, S } from '../support/attributes.js'
import { createIndexedTable, hash, index, range } from '../support/indexTables.js'
import { attemptEach } from '../support/outcomes.js'
import type { Scenario } from '../support/scenario.js'
import { pksOf } from './multiAttributeFixtures.js'
import {
  B,
  createScoresTable,
  queryScores,
  SCORES_INDEX,
  seedScores
} from './multiAttributeQueryFixtures.js'

const TYPE =
  'One or more parameter values were invalid: Condition parameter type does not match schema type'
const START_KEY = {
  pk: S('tier3'),
  sk: S('score'),
  game: S('chess'),
  season: N(2024),
  tier: N('2.5'),
  player: S('p'),
  badge: B(1)
}

function startKeyWith(change: Record<string, AttributeValue | undefined>) {
  return Object.fromEntries(
    Object.entries({ ...START_KEY, ...change }).filter(([, value]) => value !== undefined)
  ) as Record<string, AttributeValue>
}

export const multiAttributeQueryErrorScenarios: Scenario[] = [
  {
    name: 'multi-attribute GSI query: key condition and ExclusiveStartKey errors',
    reference: 'M5',
    createTables: createScoresTable,
    setup: seedScores,
    run: (client, tables) => {
      const query = (
        KeyConditionExpression: string,
        values: Record<string, AttributeValue>,
        extra: object = {}
      ) =>
        client.send(
          new QueryCommand({
            TableName: tables.a,
            IndexName: SCORES_INDEX,
            KeyConditionExpression,
            ExpressionAttributeValues: values,
            ...extra
          })
        )
      const game = { ':g': S('chess') }
      const partition = { ':g': S('chess'), ':s': N(2024) }
      const inPartition = 'game = :g AND season = :s'
      return attemptEach({
        onePartitionAttribute: () => query('game = :g', game),
        partitionRange: () => query('game = :g AND season > :s', partition),
        noPartition: () => query('tier = :t', { ':t': N(1) }),
        skippedSortAttribute: () =>
          query(`${inPartition} AND player = :p`, { ...partition, ':p': S('a') }),
        twoSkippedSortAttributes: () =>
          query(`${inPartition} AND badge = :b`, { ...partition, ':b': B(1) }),
        rangeBeforeEquality: () =>
          query(`${inPartition} AND tier > :t AND player = :p`, {
            ...partition,
            ':t': N(0),
            ':p': S('a')
          }),
        nonKeyAttribute: () => query(`${inPartition} AND pk = :x`, { ...partition, ':x': S('x') }),
        moreConditionsThanKeys: () =>
          query(`${inPartition} AND tier = :t AND player = :p AND badge = :b AND pk = :x`, {
            ...partition,
            ':t': N(0),
            ':p': S('a'),
            ':b': B(1),
            ':x': S('x')
          }),
        partitionValueType: () => query(inPartition, { ':g': S('chess'), ':s': S('2024') }),
        sortValueType: () => query(`${inPartition} AND tier < :t`, { ...partition, ':t': S('1') }),
        consistentRead: () => query(inPartition, partition, { ConsistentRead: true }),
        filterOnKeyAttribute: () =>
          query(inPartition, { ...partition, ':p': S('a') }, { FilterExpression: 'player = :p' }),
        startKeyMissingAttribute: () =>
          query(inPartition, partition, { ExclusiveStartKey: startKeyWith({ badge: undefined }) }),
        startKeyExtraAttribute: () =>
          query(inPartition, partition, { ExclusiveStartKey: startKeyWith({ extra: S('x') }) }),
        startKeyOtherPartition: () =>
          query(inPartition, partition, { ExclusiveStartKey: startKeyWith({ season: N(2025) }) }),
        startKeyOutsideCondition: () =>
          query(
            `${inPartition} AND tier > :t`,
            { ...partition, ':t': N(5) },
            {
              ExclusiveStartKey: START_KEY
            }
          )
      })
    },
    expected: {
      outcome: {
        ok: true,
        response: {
          onePartitionAttribute:
            'ValidationException: HASH key attributes season must have equality conditions specified in the query',
          partitionRange:
            'ValidationException: HASH key attributes season must have equality conditions specified in the query',
          noPartition:
            'ValidationException: HASH key attributes game, season must have equality conditions specified in the query',
          skippedSortAttribute:
            'ValidationException: RANGE key attributes tier must have equality conditions specified in the query because a condition is present on key attribute player',
          twoSkippedSortAttributes:
            'ValidationException: RANGE key attributes tier, player must have equality conditions specified in the query because a condition is present on key attribute badge',
          rangeBeforeEquality:
            'ValidationException: RANGE key attributes tier must have equality conditions specified in the query because a condition is present on key attribute player',
          nonKeyAttribute: 'ValidationException: Query condition missed key schema element',
          moreConditionsThanKeys: 'ValidationException: Query key condition not supported',
          partitionValueType: `ValidationException: ${TYPE}`,
          sortValueType: `ValidationException: ${TYPE}`,
          consistentRead:
            'ValidationException: Consistent reads are not supported on global secondary indexes',
          filterOnKeyAttribute:
            'ValidationException: Filter Expression can only contain non-primary key attributes: Primary key attribute: player',
          startKeyMissingAttribute: 'ValidationException: The provided starting key is invalid',
          startKeyExtraAttribute: 'ValidationException: The provided starting key is invalid',
          startKeyOtherPartition:
            'ValidationException: The provided starting key does not match the range key predicate',
          startKeyOutsideCondition:
            'ValidationException: The provided starting key does not match the range key predicate'
        }
      },
      state: 'unchanged'
    }
  },
  {
    name: 'multi-attribute GSI: KEYS_ONLY and INCLUDE projections, and what they refuse',
    reference: 'M6',
    createTables: (client, tables) =>
      createIndexedTable(client, tables.a, {
        attributes: { a: 'S', b: 'N', c: 'S' },
        indexes: [
          index('keysOnly', [hash('a'), hash('b'), range('c')], { ProjectionType: 'KEYS_ONLY' }),
          index('including', [hash('a'), range('b'), range('c')], {
            ProjectionType: 'INCLUDE',
            NonKeyAttributes: ['x']
          })
        ]
      }),
    setup: (client, tables) =>
      putItems(
        client,
        tables.a,
        ['c2', 'c1', 'c3'].map(c => ({
          pk: S(`p-${c}`),
          sk: S('s'),
          a: S('A'),
          b: N(1),
          c: S(c),
          x: S('X'),
          y: S('Y')
        }))
      ),
    run: async (client, tables) => {
      const query = (IndexName: string, extra: object = {}) =>
        client.send(
          new QueryCommand({
            TableName: tables.a,
            IndexName,
            KeyConditionExpression: IndexName === 'keysOnly' ? 'a = :a AND b = :b' : 'a = :a',
            ExpressionAttributeValues: {
              ':a': S('A'),
              ...(IndexName === 'keysOnly' ? { ':b': N(1) } : {})
            },
            ...extra
          })
        )
      const keysOnly = await query('keysOnly')
      const including = await query('including', { Limit: 2 })
      const counted = await query('including', { Select: 'COUNT' })
      const refused = await attemptEach({
        allAttributes: () => query('keysOnly', { Select: 'ALL_ATTRIBUTES' }),
        unprojectedAttribute: () => query('keysOnly', { ProjectionExpression: 'pk, y' }),
        unprojectedFilter: () =>
          query('including', {
            FilterExpression: 'y = :y',
            ExpressionAttributeValues: { ':a': S('A'), ':y': S('Y') }
          }),
        scanUnprojectedAttribute: () =>
          client.send(
            new ScanCommand({
              TableName: tables.a,
              IndexName: 'including',
              ProjectionExpression: 'y'
            })
          )
      })
      return {
        keysOnly: keysOnly.Items,
        including: including.Items,
        includingLastKey: including.LastEvaluatedKey,
        count: counted.Count,
        refused
      }
    },
    expected: {
      outcome: {
        ok: true,
        response: {
          count: 3,
          refused: {
            allAttributes:
              'ValidationException: One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index keysOnly because its projection type is not ALL',
            unprojectedAttribute:
              'ValidationException: One or more parameter values were invalid: Global secondary index keysOnly does not project [y]',
            unprojectedFilter:
              'ValidationException: One or more parameter values were invalid: Secondary index including does not project one or more filter attributes: [y]',
            scanUnprojectedAttribute:
              'ValidationException: One or more parameter values were invalid: Global secondary index including does not project [y]'
          }
        }
      }
    }
  },
  {
    name: 'multi-attribute GSI: Scan of the index in key order, in pages',
    reference: 'M6',
    createTables: createScoresTable,
    setup: seedScores,
    run: async (client, tables) => {
      const pages: string[][] = []
      let ExclusiveStartKey: Record<string, AttributeValue> | undefined
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: tables.a,
            IndexName: SCORES_INDEX,
            Limit: 5,
            ExclusiveStartKey
          })
        )
        pages.push(pksOf(page.Items ?? []))
        ExclusiveStartKey = page.LastEvaluatedKey
      } while (ExclusiveStartKey !== undefined)
      const chess2024 = (await queryScores(client, tables)).pks
      return { pages, chess2024First: pages.flat().slice(0, 17).join() === chess2024.join() }
    },
    expected: {
      outcome: {
        ok: true,
        response: {
          pages: [
            ['tier0', 'tier1', 'tier2', 'ply1', 'bdg0'],
            ['bdg1', 'ply0', 'bdg2', 'bdg3', 'bdg4'],
            ['ply2', 'tier3', 'ply3', 'ply5', 'ply4'],
            ['tier4', 'tier5', 'other1', 'other2']
          ],
          chess2024First: true
        }
      }
    }
  },
  {
    name: 'multi-attribute GSI on a hash-only table: equal index keys in DynamoDB Local order',
    reference: 'M4',
    createTables: (client, tables) =>
      createIndexedTable(client, tables.a, {
        hashOnly: true,
        attributes: { a: 'S', b: 'S' },
        indexes: [index('pair', [hash('a'), hash('b')])]
      }),
    setup: (client, tables) =>
      putItems(
        client,
        tables.a,
        ['p1', 'p2', 'zz', 'a', 'é', '10'].map(pk => ({ pk: S(pk), a: S('A'), b: S('B') }))
      ),
    run: async (client, tables) => {
      const page = await client.send(
        new QueryCommand({
          TableName: tables.a,
          IndexName: 'pair',
          KeyConditionExpression: 'a = :a AND b = :b',
          ExpressionAttributeValues: { ':a': S('A'), ':b': S('B') }
        })
      )
      return pksOf(page.Items ?? [])
    },
    expected: { outcome: { ok: true, response: ['zz', 'p2', '10', 'é', 'p1', 'a'] } }
  }
]

import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput
} from '@aws-sdk/client-dynamodb'

import { type AttributeMap, N, putItems, S } from '../support/attributes.js'
import { createIndexedTable, hash, index, range } from '../support/indexTables.js'
import type { Tables } from '../support/scenario.js'
import { pksOf } from './multiAttributeFixtures.js'

/**
 * Scores of a game season, keyed by game (S) and season (N), sorted by tier (N), player (S)
 * and badge (B): every key type, values chosen where orders differ (negative and decimal
 * numbers, upper before lower case, UTF-8 against UTF-16 order, signed against unsigned bytes).
 */
export const SCORES_INDEX = 'scores'

export const B = (...bytes: number[]): AttributeValue => ({
  B: Buffer.from(bytes)
})

export function createScoresTable(client: DynamoDBClient, tables: Tables): Promise<void> {
  return createIndexedTable(client, tables.a, {
    attributes: { game: 'S', season: 'N', tier: 'N', player: 'S', badge: 'B' },
    indexes: [
      index(SCORES_INDEX, [
        hash('game'),
        hash('season'),
        range('tier'),
        range('player'),
        range('badge')
      ])
    ]
  })
}

function score(
  pk: string,
  tier: number | string,
  player: string,
  badge: AttributeValue,
  partition: [string, number] = ['chess', 2024]
): AttributeMap {
  return {
    pk: S(pk),
    sk: S('score'),
    game: S(partition[0]),
    season: N(partition[1]),
    tier: N(tier),
    player: S(player),
    badge
  }
}

export const SCORES: AttributeMap[] = [
  ...[-5, '-1.5', 0, '2.5', 10, 100].map((tier, position) =>
    score(`tier${position}`, tier, 'p', B(1))
  ),
  ...['a', 'B', 'ab', 'é', '😀', '\uffff'].map((player, position) =>
    score(`ply${position}`, '2.5', player, B(1))
  ),
  ...[B(0), B(0, 1), B(0x7f), B(0x80), B(0xff)].map((badge, position) =>
    score(`bdg${position}`, '2.5', 'a', badge)
  ),
  score('other1', 0, 'p', B(1), ['chess', 2025]),
  score('other2', 0, 'p', B(1), ['go', 2024])
]

export function seedScores(client: DynamoDBClient, tables: Tables): Promise<void> {
  return putItems(client, tables.a, SCORES)
}

/** One page of the chess 2024 partition with more key conditions, as pks and the page's end. */
export async function queryScores(
  client: DynamoDBClient,
  tables: Tables,
  conditions = '',
  values: Record<string, AttributeValue> = {},
  extra: Omit<QueryCommandInput, 'TableName'> = {}
): Promise<{ pks: string[]; lastEvaluatedKey?: Record<string, AttributeValue> }> {
  const page = await client.send(
    new QueryCommand({
      TableName: tables.a,
      IndexName: SCORES_INDEX,
      KeyConditionExpression: `game = :game AND season = :season${conditions}`,
      ExpressionAttributeValues: { ':game': S('chess'), ':season': N(2024), ...values },
      ...extra
    })
  )
  return {
    pks: pksOf(page.Items ?? []),
    ...(page.LastEvaluatedKey ? { lastEvaluatedKey: page.LastEvaluatedKey } : {})
  }
}

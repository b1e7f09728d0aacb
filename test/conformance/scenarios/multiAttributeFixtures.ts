import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand
} from '@aws-sdk/client-dynamodb'

import { type AttributeMap, N, S } from '../support/attributes.js'
import { createIndexedTable, hash, index, range } from '../support/indexTables.js'
import type { Tables } from '../support/scenario.js'

/** The running example: matches of a tournament, by tournament and region, then round, bracket. */
export const MATCHES_INDEX = 'byTournament'

export function createMatchesTable(client: DynamoDBClient, tables: Tables): Promise<void> {
  return createIndexedTable(client, tables.a, {
    attributes: { tournament: 'S', region: 'S', round: 'N', bracket: 'S' },
    indexes: [
      index(MATCHES_INDEX, [hash('tournament'), hash('region'), range('round'), range('bracket')])
    ]
  })
}

export function match(
  pk: string,
  slots: { tournament?: string; region?: string; round?: number; bracket?: string },
  extra: AttributeMap = {}
): AttributeMap {
  return {
    pk: S(pk),
    sk: S('match'),
    ...(slots.tournament === undefined ? {} : { tournament: S(slots.tournament) }),
    ...(slots.region === undefined ? {} : { region: S(slots.region) }),
    ...(slots.round === undefined ? {} : { round: N(slots.round) }),
    ...(slots.bracket === undefined ? {} : { bracket: S(slots.bracket) }),
    ...extra
  }
}

export const matchKey = (pk: string): AttributeMap => ({ pk: S(pk), sk: S('match') })

/** The pks of a partition of the matches index, in index order. */
export async function partitionOf(
  client: DynamoDBClient,
  tables: Tables,
  tournament = 'w24',
  region = 'eu'
): Promise<string[]> {
  return pksOf(
    await queryAll(client, {
      TableName: tables.a,
      IndexName: MATCHES_INDEX,
      KeyConditionExpression: 'tournament = :t AND #region = :r',
      ExpressionAttributeNames: { '#region': 'region' },
      ExpressionAttributeValues: { ':t': S(tournament), ':r': S(region) }
    })
  )
}

/** Every entry of an index, in the order a Scan returns them. */
export async function scanIndex(
  client: DynamoDBClient,
  TableName: string,
  IndexName: string
): Promise<string[]> {
  const items: AttributeMap[] = []
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined
  do {
    const page = await client.send(new ScanCommand({ TableName, IndexName, ExclusiveStartKey }))
    items.push(...(page.Items ?? []))
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey !== undefined)
  return pksOf(items)
}

export async function queryAll(
  client: DynamoDBClient,
  input: QueryCommandInput
): Promise<AttributeMap[]> {
  const items: AttributeMap[] = []
  let ExclusiveStartKey = input.ExclusiveStartKey
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey }))
    items.push(...(page.Items ?? []))
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey !== undefined)
  return items
}

export function pksOf(items: readonly AttributeMap[]): string[] {
  return items.map(item => String(item.pk?.S))
}

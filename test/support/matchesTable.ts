import {
  type AttributeValue,
  CreateTableCommand,
  type DynamoDBClient,
  type Projection,
  QueryCommand,
  type QueryCommandInput,
  type ScalarAttributeType
} from '@aws-sdk/client-dynamodb'

/**
 * The table of the multi-attribute index tests: matches keyed on `pk` + `sk`, indexed by
 * tournament (S) and region (N), then round (N) and bracket.
 */
export const TABLE = 'matches'
export const INDEX = 'byTournament'

export const S = (value: string): AttributeValue => ({ S: value })
export const N = (value: number | string): AttributeValue => ({ N: String(value) })
export const B = (...bytes: number[]): AttributeValue => ({ B: Buffer.from(bytes) })
export const keyOf = (pk: string) => ({ pk: S(pk), sk: S('score') })

export interface Slots {
  tournament?: string
  region?: number
  round?: number | string
  bracket?: AttributeValue
}

export function match(
  pk: string,
  { tournament, region, round, bracket }: Slots
): Record<string, AttributeValue> {
  return {
    ...keyOf(pk),
    ...(tournament === undefined ? {} : { tournament: S(tournament) }),
    ...(region === undefined ? {} : { region: N(region) }),
    ...(round === undefined ? {} : { round: N(round) }),
    ...(bracket === undefined ? {} : { bracket })
  }
}

export async function createMatchesTable(
  client: DynamoDBClient,
  bracketType: ScalarAttributeType,
  Projection: Projection
): Promise<void> {
  const types: Record<string, ScalarAttributeType> = {
    pk: 'S',
    sk: 'S',
    tournament: 'S',
    region: 'N',
    round: 'N',
    bracket: bracketType
  }
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: Object.entries(types).map(([AttributeName, AttributeType]) => ({
        AttributeName,
        AttributeType
      })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' }
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: INDEX,
          KeySchema: [
            { AttributeName: 'tournament', KeyType: 'HASH' },
            { AttributeName: 'region', KeyType: 'HASH' },
            { AttributeName: 'round', KeyType: 'RANGE' },
            { AttributeName: 'bracket', KeyType: 'RANGE' }
          ],
          Projection
        }
      ]
    })
  )
}

/** Every pk of a query's pages, and how many pages it took. */
export async function queryAll(
  client: DynamoDBClient,
  input: Omit<QueryCommandInput, 'TableName'>
): Promise<{ pks: string[]; pages: number }> {
  const pks: string[] = []
  let pages = 0
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined
  do {
    const page = await client.send(
      new QueryCommand({ TableName: TABLE, IndexName: INDEX, ExclusiveStartKey, ...input })
    )
    pks.push(...(page.Items ?? []).map(item => String(item.pk?.S)))
    ExclusiveStartKey = page.LastEvaluatedKey
    pages += 1
  } while (ExclusiveStartKey !== undefined)
  return { pks, pages }
}

/** The w24 / region 1 partition, with more key conditions if given. */
export function partition(
  client: DynamoDBClient,
  more = '',
  values: Record<string, AttributeValue> = {},
  extra: Omit<QueryCommandInput, 'TableName'> = {}
): Promise<{ pks: string[]; pages: number }> {
  return queryAll(client, {
    KeyConditionExpression: `tournament = :t AND #region = :r${more}`,
    ExpressionAttributeNames: { '#region': 'region' },
    ExpressionAttributeValues: { ':t': S('w24'), ':r': N(1), ...values },
    ...extra
  })
}

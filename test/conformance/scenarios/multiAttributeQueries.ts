import type { AttributeValue } from '@aws-sdk/client-dynamodb'

import { N, putItems, S } from '../support/attributes.js'
import type { Scenario } from '../support/scenario.js'
import { B, createScoresTable, queryScores, seedScores } from './multiAttributeQueryFixtures.js'

const SEVEN_TIES = ['tie0', 'tie1', 'tie2', 'tie3', 'tie4', 'tie5', 'tie6']

/**
 * The chess 2024 partition in index order, as DynamoDB Local returns it: tiers by value; players
 * by UTF-8 bytes ('B' < 'a' < 'ab' < 'p' < 'é' < U+FFFF < '😀'); badges by unsigned bytes
 * (00 < 00 01 < 01 < 7f < 80 < ff).
 */
const PARTITION = [
  'tier0',
  'tier1',
  'tier2',
  'ply1',
  'bdg0',
  'bdg1',
  'ply0',
  'bdg2',
  'bdg3',
  'bdg4',
  'ply2',
  'tier3',
  'ply3',
  'ply5',
  'ply4',
  'tier4',
  'tier5'
]

async function pksFor(
  run: (
    conditions: string,
    values?: Record<string, AttributeValue>,
    extra?: object
  ) => Promise<{ pks: string[] }>,
  queries: Record<string, [string, Record<string, AttributeValue>?, object?]>
): Promise<Record<string, string[]>> {
  const results: Record<string, string[]> = {}
  for (const [name, [conditions, values, extra]] of Object.entries(queries)) {
    results[name] = (await run(conditions, values, extra)).pks
  }
  return results
}

export const multiAttributeQueryScenarios: Scenario[] = [
  {
    name: 'multi-attribute GSI query: the partition in key order, both directions',
    reference: 'M4',
    createTables: createScoresTable,
    setup: seedScores,
    run: (client, tables) =>
      pksFor(
        (conditions, values, extra) => queryScores(client, tables, conditions, values, extra),
        {
          forward: [''],
          backward: ['', {}, { ScanIndexForward: false }]
        }
      ),
    expected: {
      outcome: { ok: true, response: { forward: PARTITION, backward: [...PARTITION].reverse() } }
    }
  },
  {
    name: 'multi-attribute GSI query: each operator on number, string and binary sort attributes',
    reference: 'M4',
    createTables: createScoresTable,
    setup: seedScores,
    run: (client, tables) =>
      pksFor(
        (conditions, values, extra) => queryScores(client, tables, conditions, values, extra),
        {
          tierEquals: [' AND tier = :l', { ':l': N('2.5') }],
          tierBelow: [' AND tier < :l', { ':l': N(0) }],
          tierAtMost: [' AND tier <= :l', { ':l': N(0) }],
          tierAbove: [' AND tier > :l', { ':l': N('2.5') }],
          tierAtLeast: [' AND tier >= :l', { ':l': N(10) }],
          tierBetween: [' AND tier BETWEEN :low AND :high', { ':low': N('-1.5'), ':high': N(10) }],
          playerBelow: [' AND tier = :l AND player < :p', { ':l': N('2.5'), ':p': S('ab') }],
          playerBeginsWith: [
            ' AND tier = :l AND begins_with(player, :p)',
            { ':l': N('2.5'), ':p': S('a') }
          ],
          playerAboveAccent: [' AND tier = :l AND player > :p', { ':l': N('2.5'), ':p': S('é') }],
          playerBetween: [
            ' AND tier = :l AND player BETWEEN :low AND :high',
            { ':l': N('2.5'), ':low': S('B'), ':high': S('a') }
          ],
          badgeAbove: [
            ' AND tier = :l AND player = :p AND badge > :b',
            { ':l': N('2.5'), ':p': S('a'), ':b': B(0x7f) }
          ],
          badgeAtMost: [
            ' AND tier = :l AND player = :p AND badge <= :b',
            { ':l': N('2.5'), ':p': S('a'), ':b': B(0x01) }
          ],
          badgeBeginsWith: [
            ' AND tier = :l AND player = :p AND begins_with(badge, :b)',
            { ':l': N('2.5'), ':p': S('a'), ':b': B(0) }
          ],
          badgeEquals: [
            ' AND tier = :l AND player = :p AND badge = :b',
            { ':l': N('2.5'), ':p': S('a'), ':b': B(0x80) }
          ],
          backwardWithLimit: [
            ' AND tier >= :l',
            { ':l': N(0) },
            { ScanIndexForward: false, Limit: 3 }
          ]
        }
      ),
    expected: {
      outcome: {
        ok: true,
        response: {
          tierEquals: PARTITION.slice(3, 15),
          tierBelow: ['tier0', 'tier1'],
          tierAtMost: ['tier0', 'tier1', 'tier2'],
          tierAbove: ['tier4', 'tier5'],
          tierAtLeast: ['tier4', 'tier5'],
          tierBetween: PARTITION.slice(1, 16),
          playerBelow: ['ply1', 'bdg0', 'bdg1', 'ply0', 'bdg2', 'bdg3', 'bdg4'],
          playerBeginsWith: ['bdg0', 'bdg1', 'ply0', 'bdg2', 'bdg3', 'bdg4', 'ply2'],
          playerAboveAccent: ['ply5', 'ply4'],
          playerBetween: ['ply1', 'bdg0', 'bdg1', 'ply0', 'bdg2', 'bdg3', 'bdg4'],
          badgeAbove: ['bdg3', 'bdg4'],
          badgeAtMost: ['bdg0', 'bdg1', 'ply0'],
          badgeBeginsWith: ['bdg0', 'bdg1'],
          badgeEquals: ['bdg3'],
          backwardWithLimit: ['tier5', 'tier4', 'ply4']
        }
      }
    }
  },
  {
    name: 'multi-attribute GSI query: pages of Limit 4 with ExclusiveStartKey, forward and backward',
    reference: 'M4',
    createTables: createScoresTable,
    setup: seedScores,
    run: async (client, tables) => {
      const pages: Record<string, unknown[]> = { forward: [], backward: [] }
      for (const direction of ['forward', 'backward'] as const) {
        let ExclusiveStartKey: Record<string, AttributeValue> | undefined
        do {
          const page = await queryScores(
            client,
            tables,
            '',
            {},
            {
              Limit: 4,
              ScanIndexForward: direction === 'forward',
              ExclusiveStartKey
            }
          )
          pages[direction]?.push(page)
          ExclusiveStartKey = page.lastEvaluatedKey
        } while (ExclusiveStartKey !== undefined)
      }
      const fromNowhere = await queryScores(
        client,
        tables,
        ' AND tier >= :l',
        { ':l': N(0) },
        {
          ExclusiveStartKey: {
            pk: S('nowhere'),
            sk: S('score'),
            game: S('chess'),
            season: N(2024),
            tier: N(1),
            player: S('zzz'),
            badge: B(9)
          }
        }
      )
      return { pages, fromNowhere }
    },
    expected: {
      outcome: {
        ok: true,
        response: {
          pages: {
            forward: [0, 4, 8, 12, 16].map(start => ({ pks: PARTITION.slice(start, start + 4) })),
            backward: [0, 4, 8, 12, 16].map(start => ({
              pks: [...PARTITION].reverse().slice(start, start + 4)
            }))
          },
          fromNowhere: { pks: PARTITION.slice(3) }
        }
      }
    }
  },
  {
    name: 'multi-attribute GSI query: items with equal index keys come in DynamoDB Local order',
    reference: 'M4',
    createTables: createScoresTable,
    setup: async (client, tables) => {
      await seedScores(client, tables)
      await putItems(
        client,
        tables.a,
        SEVEN_TIES.map(pk => ({
          pk: S(pk),
          sk: S('score'),
          game: S('chess'),
          season: N(2024),
          tier: N(7),
          player: S('tie'),
          badge: B(7)
        }))
      )
    },
    run: async (client, tables) => {
      const all = await queryScores(client, tables, ' AND tier = :l', { ':l': N(7) })
      const firstPage = await queryScores(
        client,
        tables,
        ' AND tier = :l',
        { ':l': N(7) },
        {
          Limit: 3
        }
      )
      const secondPage = await queryScores(
        client,
        tables,
        ' AND tier = :l',
        { ':l': N(7) },
        {
          Limit: 3,
          ExclusiveStartKey: firstPage.lastEvaluatedKey
        }
      )
      return { all: all.pks, firstPage: firstPage.pks, secondPage: secondPage.pks }
    },
    expected: {
      outcome: {
        ok: true,
        response: {
          all: ['tie1', 'tie6', 'tie4', 'tie3', 'tie5', 'tie2', 'tie0'],
          firstPage: ['tie1', 'tie6', 'tie4'],
          secondPage: ['tie3', 'tie5', 'tie2']
        }
      }
    }
  }
]

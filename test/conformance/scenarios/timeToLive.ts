import { setTimeout as sleep } from 'node:timers/promises'

import {
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type TimeToLiveSpecification,
  UpdateTimeToLiveCommand
} from '@aws-sdk/client-dynamodb'

import { createKeyedTable } from '../../support/rawDynamo.js'
import type { Scenario } from '../support/scenario.js'

/** Verified on DynamoDB Local 3.3.0 (the reference document has no TTL section yet). */
const REFERENCE = 'TTL'
const VALIDATION = { ok: false, errorName: 'ValidationException' } as const
const NOT_FOUND = { ok: false, errorName: 'ResourceNotFoundException' } as const
const MISSING_TABLE = 'conformance_ttl_no_such_table'

async function updateTimeToLive(
  client: DynamoDBClient,
  TableName: string,
  TimeToLiveSpecification: Partial<TimeToLiveSpecification> | undefined
): Promise<unknown> {
  const output = await client.send(
    new UpdateTimeToLiveCommand({
      TableName,
      TimeToLiveSpecification: TimeToLiveSpecification as TimeToLiveSpecification
    })
  )
  return output.TimeToLiveSpecification
}

async function describeTimeToLive(client: DynamoDBClient, TableName: string): Promise<unknown> {
  const output = await client.send(new DescribeTimeToLiveCommand({ TableName }))
  return output.TimeToLiveDescription
}

const enable = (client: DynamoDBClient, table: string, AttributeName = 'ttl') =>
  updateTimeToLive(client, table, { Enabled: true, AttributeName })
const disable = (client: DynamoDBClient, table: string, AttributeName = 'ttl') =>
  updateTimeToLive(client, table, { Enabled: false, AttributeName })

/** Deletes the table, waits until it is gone, and creates it again (same name, same keys). */
async function recreateTable(client: DynamoDBClient, TableName: string): Promise<void> {
  await client.send(new DeleteTableCommand({ TableName }))
  for (;;) {
    try {
      await client.send(new DescribeTableCommand({ TableName }))
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') break
      throw error
    }
    await sleep(10)
  }
  await createKeyedTable(client, TableName)
}

export const timeToLiveScenarios: Scenario[] = [
  {
    name: 'TTL: a new table describes as DISABLED',
    reference: REFERENCE,
    run: (client, tables) => describeTimeToLive(client, tables.a),
    expected: { outcome: { ok: true, response: { TimeToLiveStatus: 'DISABLED' } } }
  },
  {
    name: 'TTL: enabling answers the specification; ENABLED at once',
    reference: REFERENCE,
    run: async (client, tables) => ({
      update: await enable(client, tables.a),
      describe: await describeTimeToLive(client, tables.a)
    }),
    expected: {
      outcome: {
        ok: true,
        response: {
          update: { Enabled: true, AttributeName: 'ttl' },
          describe: { TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' }
        }
      }
    }
  },
  {
    name: 'TTL: disabling answers the specification; DISABLED at once, no attribute',
    reference: REFERENCE,
    run: async (client, tables) => {
      await enable(client, tables.a)
      return {
        update: await disable(client, tables.a),
        describe: await describeTimeToLive(client, tables.a)
      }
    },
    expected: {
      outcome: {
        ok: true,
        response: {
          update: { Enabled: false, AttributeName: 'ttl' },
          describe: { TimeToLiveStatus: 'DISABLED' }
        }
      }
    }
  },
  {
    name: 'TTL: enable, disable, enable on another attribute (no hourly limit)',
    reference: REFERENCE,
    run: async (client, tables) => {
      await enable(client, tables.a)
      await disable(client, tables.a)
      await enable(client, tables.a, 'expiresAt')
      return describeTimeToLive(client, tables.a)
    },
    expected: {
      outcome: { ok: true, response: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' } }
    }
  },
  {
    name: 'TTL: enabling twice is ValidationException',
    reference: REFERENCE,
    run: async (client, tables) => {
      await enable(client, tables.a)
      return enable(client, tables.a)
    },
    expected: { outcome: VALIDATION }
  },
  {
    name: 'TTL: enabling on another attribute while enabled is ValidationException',
    reference: REFERENCE,
    run: async (client, tables) => {
      await enable(client, tables.a)
      return enable(client, tables.a, 'other')
    },
    expected: { outcome: VALIDATION }
  },
  {
    name: 'TTL: disabling when disabled is ValidationException',
    reference: REFERENCE,
    run: (client, tables) => disable(client, tables.a),
    expected: { outcome: VALIDATION }
  },
  {
    name: 'TTL: disabling another attribute than the enabled one is ValidationException',
    reference: REFERENCE,
    run: async (client, tables) => {
      await enable(client, tables.a)
      return disable(client, tables.a, 'TTL')
    },
    expected: { outcome: VALIDATION }
  },
  {
    name: 'TTL: the failed change leaves the setting as it was',
    reference: REFERENCE,
    run: async (client, tables) => {
      await enable(client, tables.a)
      await enable(client, tables.a, 'other').catch(() => undefined)
      await disable(client, tables.a, 'other').catch(() => undefined)
      return describeTimeToLive(client, tables.a)
    },
    expected: {
      outcome: { ok: true, response: { TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' } }
    }
  },
  {
    name: 'TTL: UpdateTimeToLive on a missing table is ResourceNotFoundException',
    reference: REFERENCE,
    run: client => enable(client, MISSING_TABLE),
    expected: { outcome: NOT_FOUND }
  },
  {
    name: 'TTL: the table is checked before the specification',
    reference: REFERENCE,
    run: client => updateTimeToLive(client, MISSING_TABLE, undefined),
    expected: { outcome: NOT_FOUND }
  },
  {
    name: 'TTL: DescribeTimeToLive on a missing table is ResourceNotFoundException',
    reference: REFERENCE,
    run: client => describeTimeToLive(client, MISSING_TABLE),
    expected: { outcome: NOT_FOUND }
  },
  {
    name: 'TTL: no specification is ValidationException',
    reference: REFERENCE,
    run: (client, tables) => updateTimeToLive(client, tables.a, undefined),
    expected: { outcome: VALIDATION }
  },
  {
    name: 'TTL: enabling without AttributeName is ValidationException',
    reference: REFERENCE,
    run: (client, tables) => updateTimeToLive(client, tables.a, { Enabled: true }),
    expected: { outcome: VALIDATION }
  },
  {
    name: 'TTL: disabling without AttributeName is ValidationException',
    reference: REFERENCE,
    run: async (client, tables) => {
      await enable(client, tables.a)
      return updateTimeToLive(client, tables.a, { Enabled: false })
    },
    expected: { outcome: VALIDATION }
  },
  {
    name: 'TTL: no Enabled is ValidationException',
    reference: REFERENCE,
    run: (client, tables) => updateTimeToLive(client, tables.a, { AttributeName: 'ttl' }),
    expected: { outcome: VALIDATION }
  },
  {
    name: 'TTL: an empty attribute name is ValidationException',
    reference: REFERENCE,
    run: (client, tables) => enable(client, tables.a, ''),
    expected: { outcome: VALIDATION }
  },
  {
    name: 'TTL: an attribute name of 256 UTF-8 bytes (128 x é) is ValidationException',
    reference: REFERENCE,
    run: (client, tables) => enable(client, tables.a, 'é'.repeat(128)),
    expected: { outcome: VALIDATION }
  },
  {
    name: 'TTL: an attribute name of 255 UTF-8 bytes is accepted',
    reference: REFERENCE,
    run: async (client, tables) => {
      const name = `a${'é'.repeat(127)}`
      await enable(client, tables.a, name)
      const description = (await describeTimeToLive(client, tables.a)) as Record<string, unknown>
      return { status: description.TimeToLiveStatus, same: description.AttributeName === name }
    },
    expected: { outcome: { ok: true, response: { status: 'ENABLED', same: true } } }
  },
  {
    name: 'TTL: any name is accepted, a key attribute or one with . # [ ] too',
    reference: REFERENCE,
    run: async (client, tables) => {
      await enable(client, tables.a, 'pk')
      await disable(client, tables.a, 'pk')
      return enable(client, tables.a, 'a.b#c[0]')
    },
    expected: { outcome: { ok: true, response: { Enabled: true, AttributeName: 'a.b#c[0]' } } }
  },
  {
    name: 'TTL: a table deleted and created again starts DISABLED',
    reference: REFERENCE,
    run: async (client, tables) => {
      await enable(client, tables.a)
      await recreateTable(client, tables.a)
      return describeTimeToLive(client, tables.a)
    },
    expected: { outcome: { ok: true, response: { TimeToLiveStatus: 'DISABLED' } } }
  }
]

import { ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'

import { startLocal } from 'monotable'
import { startDynamoDbLocal } from '../../test/conformance/support/dynamoDbLocal.js'
import { type Clients, clientsFor, dropTable, freshShop } from '../support/contenders.js'
import { storedLead } from '../support/items.js'
import { startBackendProcess } from '../support/processes.js'
import type { WorkloadReport } from '../support/report.js'
import { repeat, seconds } from '../support/stats.js'

interface Backend {
  endpoint: string
  close(): Promise<unknown>
}

const DYNAMODB_LOCAL = 'DynamoDB Local 3.3.0 (Java)'
const EMBEDDED_PROCESS = 'embedded backend (monotable local)'

/** Milliseconds from asking for a backend to its first answered call. */
async function startupMs(start: () => Promise<Backend>): Promise<number> {
  let backend: Backend | undefined
  const elapsed = await seconds(async () => {
    backend = await start()
    const clients = clientsFor(backend.endpoint)
    await clients.dynamoDB.send(new ListTablesCommand({}))
    clients.destroy()
  })
  await backend?.close()
  return elapsed * 1_000
}

/** Sequential PutItem + GetItem pairs per second through a plain DocumentClient. */
async function roundTripsPerSecond(clients: Clients, count: number): Promise<number> {
  const shop = await freshShop(clients, 'rtt')
  const TableName = shop.table.getName()
  const elapsed = await seconds(async () => {
    for (let index = 0; index < count; index += 1) {
      const Item = storedLead(index)
      await clients.document.send(new PutCommand({ TableName, Item }))
      await clients.document.send(new GetCommand({ TableName, Key: { pk: Item.pk, sk: Item.sk } }))
    }
  })
  await dropTable(clients, shop)
  return count / elapsed
}

/** 6. The embedded backend against AWS's DynamoDB Local: start-up, and single-item round trips. */
export async function backend(options: {
  runs: number
  roundTrips: number
}): Promise<WorkloadReport[]> {
  const startRows = [
    {
      contender: 'embedded backend (startLocal, in process)',
      samples: await repeat(options.runs, () => startupMs(startLocal))
    },
    {
      contender: EMBEDDED_PROCESS,
      samples: await repeat(options.runs, () => startupMs(startBackendProcess))
    },
    {
      contender: DYNAMODB_LOCAL,
      samples: await repeat(options.runs, () => startupMs(startDynamoDbLocal))
    }
  ]

  const tripRows = []
  for (const [contender, start] of [
    [EMBEDDED_PROCESS, startBackendProcess],
    [DYNAMODB_LOCAL, startDynamoDbLocal]
  ] as const) {
    const running = await start()
    const clients = clientsFor(running.endpoint)
    try {
      tripRows.push({
        contender,
        samples: await repeat(
          options.runs,
          () => roundTripsPerSecond(clients, options.roundTrips),
          1
        )
      })
    } finally {
      clients.destroy()
      await running.close()
    }
  }

  return [
    {
      title: '6a. Backend start-up, to the first answered call',
      unit: 'ms',
      higherIsBetter: false,
      baseline: DYNAMODB_LOCAL,
      rows: startRows,
      comment:
        'In process: from calling startLocal() (modules already loaded). As processes: from spawning `monotable local` or the DynamoDB Local JVM to its first answered ListTables.'
    },
    {
      title: `6b. Single-item round trips (${options.roundTrips.toLocaleString('en-US')} PutItem + GetItem pairs, one at a time)`,
      unit: 'pairs/s',
      higherIsBetter: true,
      baseline: DYNAMODB_LOCAL,
      rows: tripRows,
      comment:
        'Both backends in their own process, reached over loopback HTTP by the same DocumentClient.'
    }
  ]
}

import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import {
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateTimeToLiveCommand
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { DataDirError, type LocalBackend, MonotableError, startLocal } from '../src/index.js'
import { catchError } from './support/catchError.js'
import { runFailingCli, startCli } from './support/cliProcess.js'
import { createKeyedTable, rawClient } from './support/rawDynamo.js'

const key = (pk: string) => ({ pk: { S: pk }, sk: { S: 'x' } })

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'monotable-persistence-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** Runs `use` against a backend on `dataDir`, then closes both client and backend. */
async function withBackend<RESULT>(
  dataDir: string,
  use: (client: DynamoDBClient, local: LocalBackend) => Promise<RESULT>
): Promise<RESULT> {
  const local = await startLocal({ dataDir })
  const client = rawClient(local.endpoint)
  try {
    return await use(client, local)
  } finally {
    client.destroy()
    await local.close()
  }
}

async function getItem(client: DynamoDBClient, TableName: string, pk: string) {
  return (await client.send(new GetItemCommand({ TableName, Key: key(pk) }))).Item
}

describe('startLocal({ dataDir })', () => {
  it('keeps tables, items and time-to-live settings across a restart', async () => {
    const dataDir = join(root, 'restart', 'nested') // created, parents included
    await withBackend(dataDir, async client => {
      await createKeyedTable(client, 'kept')
      await client.send(
        new PutItemCommand({ TableName: 'kept', Item: { ...key('a'), v: { S: 'one' } } })
      )
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: 'kept', Item: { ...key('b'), v: { N: '2' } } } }]
        })
      )
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: 'kept',
          TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' }
        })
      )
    })

    await withBackend(dataDir, async client => {
      expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['kept'])
      expect(await getItem(client, 'kept', 'a')).toEqual({ ...key('a'), v: { S: 'one' } })
      expect(await getItem(client, 'kept', 'b')).toEqual({ ...key('b'), v: { N: '2' } })
      const { TimeToLiveDescription } = await client.send(
        new DescribeTimeToLiveCommand({ TableName: 'kept' })
      )
      expect(TimeToLiveDescription).toEqual({
        TimeToLiveStatus: 'ENABLED',
        AttributeName: 'expiresAt'
      })
    })
  })

  it('stays in memory without a dataDir', async () => {
    const first = await startLocal()
    const client = rawClient(first.endpoint)
    await createKeyedTable(client, 'memory')
    client.destroy()
    await first.close()
    const second = await startLocal()
    const again = rawClient(second.endpoint)
    expect((await again.send(new ListTablesCommand({}))).TableNames).toEqual([])
    again.destroy()
    await second.close()
  })

  it('refuses a second backend on the directory in this process, and keeps the first working', async () => {
    const dataDir = join(root, 'twice')
    await withBackend(dataDir, async (client, first) => {
      await createKeyedTable(client, 'shared')
      const error = await catchError(startLocal({ dataDir }))
      expect(error).toBeInstanceOf(DataDirError)
      expect(error).toMatchObject({ code: 'local.dataDirInUse', problem: 'openInThisProcess' })
      expect((error as Error).message).toContain('twice')

      // LevelDB alone would have dropped this process's lock: another process could now open it.
      const other = await runFailingCli(['--port', '0', '--data-dir', dataDir])
      expect(other.code).toBe(1)
      expect(other.output).toMatch(/open in another process/)

      await client.send(new PutItemCommand({ TableName: 'shared', Item: key('after') }))
      expect(await getItem(client, 'shared', 'after')).toEqual(key('after'))
      expect(first.endpoint).toMatch(/^http:/)
    })
    // Closed: the directory is free again, in this process too.
    await withBackend(dataDir, async client => {
      expect(await getItem(client, 'shared', 'after')).toEqual(key('after'))
    })
  })

  it('fails to start, with a typed error, on a directory another process holds', async () => {
    const dataDir = join(root, 'held')
    const holder = startCli(['--port', '0', '--data-dir', dataDir])
    try {
      await holder.endpoint
      const error = await catchError(startLocal({ dataDir }))
      expect(error).toBeInstanceOf(DataDirError)
      expect(MonotableError.is(error)).toBe(true)
      expect(error).toMatchObject({ code: 'local.dataDirInUse', problem: 'openInAnotherProcess' })
    } finally {
      expect(await holder.stop()).toBe(0)
    }
    // The holder has stopped: the directory opens.
    await withBackend(dataDir, async client => {
      expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual([])
    })
  })

  it('fails to start on a path that is not a directory', async () => {
    const file = join(root, 'a-file')
    await writeFile(file, 'not a database')
    const error = await catchError(startLocal({ dataDir: file }))
    expect(error).toBeInstanceOf(DataDirError)
    expect(error).toMatchObject({ code: 'local.dataDirUnusable', problem: 'unusable' })
  })

  it('checks its options before opening anything', async () => {
    for (const options of [
      { dataDir: '' },
      { ttlSweepIntervalMs: -1 },
      { ttlSweepIntervalMs: 1.5 },
      { port: 70_000 }
    ]) {
      expect(await catchError(startLocal(options))).toMatchObject({ code: 'validation.options' })
    }
  })
})

describe('monotable local --data-dir', () => {
  it('keeps what was written across a restart of the command', async () => {
    const dataDir = join(root, 'cli')
    const first = startCli(['--port', '0', '--data-dir', dataDir])
    const client = rawClient(await first.endpoint)
    await createKeyedTable(client, 'cli-kept')
    await client.send(new PutItemCommand({ TableName: 'cli-kept', Item: key('cli') }))
    client.destroy()
    expect(await first.stop()).toBe(0)

    const second = startCli(['--port', '0', '--data-dir', dataDir])
    const again = rawClient(await second.endpoint)
    try {
      expect(await getItem(again, 'cli-kept', 'cli')).toEqual(key('cli'))
    } finally {
      again.destroy()
      expect(await second.stop()).toBe(0)
    }
  })
})

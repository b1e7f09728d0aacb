import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import {
  type AttributeValue,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateTimeToLiveCommand
} from '@aws-sdk/client-dynamodb'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { type LocalBackend, startLocal } from '../src/index.js'
import type { AttributeValue as StoredValue } from '../src/local/dynalite/internals.js'
import { isExpired, MAX_EXPIRED_AGE_SECONDS } from '../src/local/timeToLive/isExpired.js'
import { ExpirySweeper } from '../src/local/timeToLive/expirySweeper.js'
import { catchError } from './support/catchError.js'
import { createIndexedTable } from './support/indexedTable.js'
import { createKeyedTable, rawClient } from './support/rawDynamo.js'

const START_MS = Date.UTC(2030, 0, 1)
const START_S = START_MS / 1000
const YEAR_S = 365 * 24 * 60 * 60
const N = (value: number): AttributeValue => ({ N: String(value) })

async function enableTimeToLive(client: DynamoDBClient, TableName: string, AttributeName: string) {
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName }
    })
  )
}

/** Puts `pk = name` (sk 's', g 'all', l = name) with `expiresAt` set to `expiresAt` when given. */
async function putNamed(
  client: DynamoDBClient,
  TableName: string,
  name: string,
  expiresAt?: AttributeValue
): Promise<void> {
  const Item: Record<string, AttributeValue> = {
    pk: { S: name },
    sk: { S: 's' },
    g: { S: 'all' },
    l: { S: name }
  }
  if (expiresAt !== undefined) Item.expiresAt = expiresAt
  await client.send(new PutItemCommand({ TableName, Item }))
}

async function scanNames(client: DynamoDBClient, TableName: string): Promise<string[]> {
  const { Items = [] } = await client.send(new ScanCommand({ TableName }))
  return Items.map(item => item.pk?.S ?? '').sort()
}

async function indexNames(client: DynamoDBClient, TableName: string): Promise<string[][]> {
  const byG = await client.send(
    new QueryCommand({
      TableName,
      IndexName: 'byG',
      KeyConditionExpression: 'g = :g',
      ExpressionAttributeValues: { ':g': { S: 'all' } }
    })
  )
  const names = (byG.Items ?? []).map(item => item.pk?.S ?? '').sort()
  const byL: string[] = []
  for (const name of names) {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName,
        IndexName: 'byL',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: name } }
      })
    )
    byL.push(...Items.map(item => item.pk?.S ?? ''))
  }
  return [names, byL.sort()]
}

describe('isExpired (DynamoDB rules)', () => {
  it.each([
    ['a Number a second ago', N(START_S - 1), true],
    ['a fractional Number just past', { N: String(START_S - 0.5) }, true],
    ['exactly now', N(START_S), false],
    ['a Number in the future', N(START_S + 1), false],
    ['five years ago, to the second', N(START_S - MAX_EXPIRED_AGE_SECONDS), true],
    ['more than five years ago', N(START_S - MAX_EXPIRED_AGE_SECONDS - 1), false],
    ['zero', N(0), false],
    ['milliseconds (far future in seconds)', N(START_MS - 1000), false],
    ['a String of digits', { S: String(START_S - 1) }, false],
    ['a number set', { NS: [String(START_S - 1)] }, false],
    ['a list holding a Number', { L: [N(START_S - 1)] }, false],
    ['absent', undefined, false]
  ])('%s: %s', (_, value, expected) => {
    expect(isExpired(value as StoredValue | undefined, START_MS)).toBe(expected)
  })
})

describe('time to live in the embedded backend', () => {
  let local: LocalBackend
  let client: DynamoDBClient
  let clock = START_MS
  beforeAll(async () => {
    local = await startLocal({ ttlSweepIntervalMs: 0, now: () => clock })
    client = rawClient(local.endpoint)
  })
  afterAll(async () => {
    client.destroy()
    await local.close()
  })

  it('deletes items whose Number TTL has passed, and their index entries; nothing else', async () => {
    await createIndexedTable(client, 'ttl-rules')
    await enableTimeToLive(client, 'ttl-rules', 'expiresAt')
    await putNamed(client, 'ttl-rules', 'past', N(START_S - 1))
    await putNamed(client, 'ttl-rules', 'fraction', { N: String(START_S - 0.25) })
    await putNamed(client, 'ttl-rules', 'now', N(START_S))
    await putNamed(client, 'ttl-rules', 'future', N(START_S + 60))
    await putNamed(client, 'ttl-rules', 'string', { S: String(START_S - 1) })
    await putNamed(client, 'ttl-rules', 'set', { NS: [String(START_S - 1)] })
    await putNamed(client, 'ttl-rules', 'ancient', N(START_S - 6 * YEAR_S))
    await putNamed(client, 'ttl-rules', 'millis', N(START_MS - 1000))
    await putNamed(client, 'ttl-rules', 'none')

    expect(await local.expireNow()).toBe(2)
    const kept = ['ancient', 'future', 'millis', 'none', 'now', 'set', 'string']
    expect(await scanNames(client, 'ttl-rules')).toEqual(kept)
    expect(await indexNames(client, 'ttl-rules')).toEqual([kept, kept])
    expect(await local.expireNow()).toBe(0)

    clock = START_MS + 61_000
    expect(await local.expireNow()).toBe(2) // 'now' and 'future'
    expect(await scanNames(client, 'ttl-rules')).toEqual([
      'ancient',
      'millis',
      'none',
      'set',
      'string'
    ])
    clock = START_MS
  })

  it('leaves tables without time to live, or with it disabled again, alone', async () => {
    await createKeyedTable(client, 'ttl-never')
    await createKeyedTable(client, 'ttl-disabled')
    await enableTimeToLive(client, 'ttl-disabled', 'expiresAt')
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: 'ttl-disabled',
        TimeToLiveSpecification: { Enabled: false, AttributeName: 'expiresAt' }
      })
    )
    for (const table of ['ttl-never', 'ttl-disabled']) {
      await putNamed(client, table, 'past', N(START_S - 1))
    }
    expect(await local.expireNow()).toBe(0)
    expect(await scanNames(client, 'ttl-never')).toEqual(['past'])
    expect(await scanNames(client, 'ttl-disabled')).toEqual(['past'])
  })

  it('expires on the attribute named when it was enabled', async () => {
    await createKeyedTable(client, 'ttl-named')
    await enableTimeToLive(client, 'ttl-named', 'a.b#c')
    const Item = { pk: { S: 'odd' }, sk: { S: 's' }, 'a.b#c': N(START_S - 1), expiresAt: N(0) }
    await client.send(new PutItemCommand({ TableName: 'ttl-named', Item }))
    await putNamed(client, 'ttl-named', 'other-attribute', N(START_S - 1))
    expect(await local.expireNow()).toBe(1)
    expect(await scanNames(client, 'ttl-named')).toEqual(['other-attribute'])
  })
})

describe('the background expiry sweep', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('runs every ttlSweepIntervalMs and stops when the backend closes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const local = await startLocal({ ttlSweepIntervalMs: 500, now: () => START_MS })
    const client = rawClient(local.endpoint)
    await createKeyedTable(client, 'ttl-background')
    await enableTimeToLive(client, 'ttl-background', 'expiresAt')
    await putNamed(client, 'ttl-background', 'past', N(START_S - 1))

    vi.advanceTimersByTime(499)
    expect(await scanNames(client, 'ttl-background')).toEqual(['past'])
    vi.advanceTimersByTime(1)
    // expireNow waits for the sweep the interval started: it finds nothing left to delete.
    expect(await local.expireNow()).toBe(0)
    expect(await scanNames(client, 'ttl-background')).toEqual([])

    client.destroy()
    await local.close()
    expect(vi.getTimerCount()).toBe(0)
    expect(await catchError(local.expireNow())).toMatchObject({ code: 'local.closed' })
  })

  it('sweeps one at a time, and not after stop()', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    let calls = 0
    let finish!: () => void
    const sweeper = new ExpirySweeper(() => {
      calls += 1
      return new Promise<number>(resolve => (finish = () => resolve(calls)))
    }, 100)
    const settle = () => new Promise(resolve => setImmediate(resolve))
    vi.advanceTimersByTime(350)
    await settle()
    expect(calls).toBe(1) // the later ticks found a sweep under way
    const onDemand = sweeper.sweepNow() // runs after the one under way
    await settle()
    expect(calls).toBe(1)
    finish()
    await settle()
    expect(calls).toBe(2)
    finish()
    expect(await onDemand).toBe(2)
    await sweeper.stop()
    vi.advanceTimersByTime(1_000)
    expect(calls).toBe(2)
  })

  it('does not keep the process alive', () => {
    const script = [
      "const { ExpirySweeper } = await import('./src/local/timeToLive/expirySweeper.ts')",
      'new ExpirySweeper(async () => 0, 60_000)'
    ].join('\n')
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
        timeout: 20_000
      }
    )
    expect(run.error).toBeUndefined()
    expect(run.status).toBe(0)
  })
})

describe('time to live with a data directory', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'monotable-ttl-'))
  })
  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('expires, after a restart, items written before it', async () => {
    const dataDir = join(root, 'data')
    const first = await startLocal({ dataDir, ttlSweepIntervalMs: 0, now: () => START_MS })
    const client = rawClient(first.endpoint)
    await createIndexedTable(client, 'ttl-kept')
    await enableTimeToLive(client, 'ttl-kept', 'expiresAt')
    await putNamed(client, 'ttl-kept', 'later', N(START_S + 3600))
    await putNamed(client, 'ttl-kept', 'stays')
    client.destroy()
    await first.close()

    const second = await startLocal({
      dataDir,
      ttlSweepIntervalMs: 0,
      now: () => START_MS + 3_601_000
    })
    const again = rawClient(second.endpoint)
    try {
      expect(await second.expireNow()).toBe(1)
      expect(await scanNames(again, 'ttl-kept')).toEqual(['stays'])
      expect(await indexNames(again, 'ttl-kept')).toEqual([['stays'], ['stays']])
    } finally {
      again.destroy()
      await second.close()
    }
  })
})

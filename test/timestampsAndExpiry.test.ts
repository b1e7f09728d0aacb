import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut'
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import {
  defineEntity,
  defineTable,
  ensureTable,
  epochSeconds,
  TableMismatchError,
  timeToLiveSpecification
} from '../src/index.js'
import { compileFastParser } from '../src/entities/fastParser.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'
import { scanTable } from './support/scan.js'

const backend = useBackend()

const defineNote = () =>
  defineEntity(backend.shop.table, {
    name: 'Note',
    schema: item({ noteId: string().key(), text: string() }),
    key: { pk: 'NOTE#<noteId>', sk: 'NOTE' },
    timestamps: true
  })

const defineRenamed = () =>
  defineEntity(backend.shop.table, {
    name: 'Renamed',
    schema: item({ id: string().key(), text: string() }),
    key: { pk: 'RENAMED#<id>', sk: 'RENAMED' },
    timestamps: { created: 'addedAt', updated: false }
  })

describe('timestamps', () => {
  let Note: ReturnType<typeof defineNote>
  beforeAll(() => {
    Note = defineNote()
  })
  afterEach(() => {
    vi.useRealTimers()
  })
  const at = (iso: string) => vi.setSystemTime(new Date(iso))

  it('put sets both; update moves updatedAt and keeps createdAt; upsert creates both', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    at('2026-01-01T00:00:00.000Z')
    await Note.put({ noteId: 'n1', text: 'a' })
    at('2026-02-01T00:00:00.000Z')
    await Note.update({ noteId: 'n1', text: 'b' })
    expect(await Note.get({ noteId: 'n1' })).toEqual({
      noteId: 'n1',
      text: 'b',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-02-01T00:00:00.000Z'
    })
    await Note.upsert({ noteId: 'n2', text: 'c' })
    expect(await Note.get({ noteId: 'n2' })).toMatchObject({
      createdAt: '2026-02-01T00:00:00.000Z',
      updatedAt: '2026-02-01T00:00:00.000Z'
    })
  })

  it('batch puts and transactions set them too, the batch on its fast path', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    at('2026-03-01T00:00:00.000Z')
    const fast = compileFastParser(Note.entity, new Set(), new Set(['createdAt', 'updatedAt']))
    expect(fast).toBeDefined()
    const viaFastPath = Note.batchPut({ noteId: 'n3', text: 'x' }).params()
    const viaToolbox = Note.entity.build(BatchPutRequest).item({ noteId: 'n3', text: 'x' }).params()
    expect(viaFastPath).toEqual(viaToolbox)
    await backend.client.batchWrite([Note.batchPut({ noteId: 'n3', text: 'x' })])
    await backend.client.transactWrite([Note.transactPut({ noteId: 'n4', text: 'y' })])
    for (const noteId of ['n3', 'n4']) {
      expect(await Note.get({ noteId })).toMatchObject({
        createdAt: '2026-03-01T00:00:00.000Z',
        updatedAt: '2026-03-01T00:00:00.000Z'
      })
    }
  })

  it('takes other names, or leaves one out', async () => {
    const Renamed = defineRenamed()
    await Renamed.put({ id: 'r1', text: 'x' })
    const stored = (await scanTable(backend.client, backend.shop.table.getName())).find(
      entry => entry.pk === 'RENAMED#r1'
    )
    expect(Object.keys(stored ?? {}).sort()).toEqual(['_et', 'addedAt', 'id', 'pk', 'sk', 'text'])
    expect((await Renamed.get({ id: 'r1' }))?.addedAt).toMatch(/^\d{4}-\d\d-\d\dT/)
  })
})

describe('time to live', () => {
  const defineSessions = (name: string) => {
    const table = defineTable({ name, client: backend.client, timeToLive: 'expiresAt' })
    const Session = defineEntity(table, {
      name: 'Session',
      schema: item({
        sessionId: string().key(),
        userId: string(),
        expiresAt: number().optional()
      }),
      key: { pk: 'SESSION#<sessionId>', sk: 'SESSION' },
      ttl: 'expiresAt'
    })
    return { table, Session }
  }

  it('ensureTable enables it, and reports it enabled on another attribute', async () => {
    const { table } = defineSessions('sessions-ttl')
    expect(timeToLiveSpecification(table)).toEqual({ Enabled: true, AttributeName: 'expiresAt' })
    await ensureTable(table)
    const { TimeToLiveDescription } = await backend.client.dynamoDBClient.send(
      new DescribeTimeToLiveCommand({ TableName: 'sessions-ttl' })
    )
    expect(TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt'
    })
    expect(await ensureTable(table)).toBe('existing')

    const other = defineTable({ name: 'sessions-ttl', client: backend.client, timeToLive: 'ttl' })
    const mismatch = await catchError(ensureTable(other))
    expect(mismatch).toBeInstanceOf(TableMismatchError)
    expect((mismatch as TableMismatchError).differences).toEqual([
      "time to live is enabled on 'expiresAt', expected 'ttl'"
    ])
    const none = defineTable({ name: 'sessions-ttl', client: backend.client })
    expect(((await catchError(ensureTable(none))) as TableMismatchError).differences).toEqual([
      "time to live is enabled on 'expiresAt' but not declared"
    ])
  })

  it('takes a Date or epoch seconds, and reads leave out what has expired', async () => {
    const { table, Session } = defineSessions('sessions-reads')
    await ensureTable(table)
    const now = Date.now()
    await Session.put({ sessionId: 'live', userId: 'u', expiresAt: new Date(now + 3_600_000) })
    await Session.put({
      sessionId: 'old',
      userId: 'u',
      expiresAt: epochSeconds(new Date(now - 60_000))
    })
    await Session.put({ sessionId: 'forever', userId: 'u' })
    expect((await Session.get({ sessionId: 'live' }))?.expiresAt).toBe(
      Math.floor((now + 3_600_000) / 1_000)
    )
    expect(await Session.get({ sessionId: 'old' })).toBeUndefined()
    expect(await Session.get({ sessionId: 'old' }, { includeExpired: true })).toMatchObject({
      sessionId: 'old'
    })
    const [live, expired] = await backend.client.batchGet([
      Session.batchGet({ sessionId: 'live' }),
      Session.batchGet({ sessionId: 'old' })
    ])
    expect(live?.sessionId).toBe('live')
    expect(expired).toBeUndefined()
    // The embedded backend deletes it, as DynamoDB does in time.
    expect(await backend.local.expireNow()).toBe(1)
    expect(await Session.get({ sessionId: 'old' }, { includeExpired: true })).toBeUndefined()
    expect(await Session.get({ sessionId: 'forever' })).toBeDefined()
  })
})

import { $add } from 'dynamodb-toolbox/entity/actions/update'
import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { beforeAll, describe, expect, it } from 'vitest'

import {
  type BackfillCounts,
  BackfillError,
  defineEntity,
  defineTable,
  ensureTable,
  UniqueConstraintError
} from '../src/index.js'
import { FAST_RETRIES, useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'
import { FORWARD, type FaultPolicy } from './support/faultProxy.js'
import { seededRandom } from './support/random.js'
import { scanTable } from './support/scan.js'
import { soakFaults } from './soak/faults.js'

const backend = useBackend()
const DOCS = 20_000

const defineDocs = (name: string) => {
  const table = defineTable({ name, client: backend.client, indexes: [] })
  const Doc = defineEntity(table, {
    name: 'Doc',
    schema: item({
      docId: string().key(),
      group: string(),
      touches: number().default(0),
      migrated: number().optional()
    }),
    key: { pk: 'DOC#<docId>', sk: 'DOC' }
  })
  return { table, Doc }
}
type Docs = ReturnType<typeof defineDocs>

/** The soak's write faults, and throttles, 500s and resets on the scan's and re-reads' calls too. */
function faults(seed: number): FaultPolicy {
  const writes = soakFaults(seed).policy
  const random = seededRandom(seed + 1)
  return request => {
    if (request.operation !== 'Scan' && request.operation !== 'GetItem') return writes(request)
    const roll = random()
    if (roll < 0.04) return { kind: 'respond', status: 400, errorType: 'ThrottlingException' }
    if (roll < 0.06) return { kind: 'respond', status: 500, errorType: 'InternalServerError' }
    if (roll < 0.08) return { kind: 'resetBefore' }
    return { kind: 'forward' }
  }
}

/**
 * The concurrent writers are the backfill's background, not what is tested: they get attempts
 * enough that the injected faults (about one attempt in seven) cannot exhaust them. With the
 * default 5, one of their thousands of calls was once refused five times in a row (a CI run).
 */
const WRITER_RETRIES = { ...FAST_RETRIES, maxAttempts: 12 }

const docId = (index: number) => `d${String(index).padStart(5, '0')}`
const sum = (counts: readonly BackfillCounts[], field: keyof Omit<BackfillCounts, 'cursor'>) =>
  counts.reduce((total, count) => total + count[field], 0)

describe('backfill', () => {
  let docs: Docs
  beforeAll(async () => {
    docs = defineDocs('backfill')
    await ensureTable(docs.table)
    await backend.client.batchWrite(
      Array.from({ length: DOCS }, (_, index) =>
        docs.Doc.batchPut({ docId: docId(index), group: `g${index % 50}` })
      )
    )
  })

  it(
    'transforms every one of 20,000 items exactly once, through faults, an abort and a resume, beside concurrent writers',
    { timeout: 120_000 },
    async () => {
      const { Doc } = docs
      const transform = (doc: { migrated?: number }) =>
        ({ ...doc, migrated: (doc.migrated ?? 0) + 1 }) as never
      const touches = new Map<string, number>()
      let writing = true
      const random = seededRandom(7)
      const writer = async () => {
        while (writing) {
          const id = docId(Math.floor(random() * DOCS))
          await Doc.update({ docId: id, touches: $add(1) }, WRITER_RETRIES)
          touches.set(id, (touches.get(id) ?? 0) + 1)
          await new Promise(resolve => setTimeout(resolve, 2))
        }
      }
      backend.proxy.setPolicy(faults(41))
      const writers = Promise.all([writer(), writer(), writer()])

      const controller = new AbortController()
      const runs: BackfillCounts[] = []
      const aborted = await catchError(
        backend.client.backfill(Doc, transform, {
          segments: 8,
          ...FAST_RETRIES,
          signal: controller.signal,
          onProgress: progress => {
            if (progress.written >= DOCS / 2) controller.abort()
          }
        })
      )
      expect(aborted).toBeInstanceOf(BackfillError)
      expect(aborted).toMatchObject({ code: 'backfill.aborted' })
      const first = (aborted as BackfillError).result
      runs.push(first)
      expect(first.written).toBeGreaterThanOrEqual(DOCS / 2)
      expect(first.written).toBeLessThan(DOCS)
      expect(first.cursor).toBeDefined()

      const second = await backend.client.backfill(Doc, transform, {
        segments: 8,
        ...FAST_RETRIES,
        cursor: first.cursor
      })
      runs.push(second)
      expect(second.cursor).toBeUndefined()
      writing = false
      await writers
      backend.proxy.setPolicy(FORWARD)

      const stored = (await scanTable(backend.client, 'backfill')).filter(
        entry => entry._et === 'Doc'
      )
      expect(stored).toHaveLength(DOCS)
      const migratedTwice = stored.filter(entry => entry.migrated !== 1)
      expect(migratedTwice).toEqual([])
      // Not one concurrent write was overwritten by a stale rewrite.
      const lostTouches = stored.filter(
        entry => (entry.touches as number) !== (touches.get(entry.docId as string) ?? 0)
      )
      expect(lostTouches).toEqual([])
      expect(touches.size).toBeGreaterThan(50)
      // The counts add up, across both runs.
      expect(sum(runs, 'scanned')).toBe(DOCS)
      expect(sum(runs, 'changed')).toBe(DOCS)
      expect(sum(runs, 'written')).toBe(DOCS)
      expect(sum(runs, 'unchanged') + sum(runs, 'deleted') + sum(runs, 'skipped')).toBe(0)
      expect(sum(runs, 'conflicts')).toBeGreaterThan(0)
    }
  )

  it('counts on a dry run and writes nothing; a second run leaves what is done', async () => {
    const { Doc } = defineDocs('backfill')
    const dry = await backend.client.backfill(
      Doc,
      doc => (doc.migrated === 1 ? { ...doc, migrated: 2 } : undefined),
      {
        dryRun: true
      }
    )
    expect(dry).toMatchObject({ scanned: DOCS, changed: DOCS, written: 0, unchanged: 0 })
    const again = await backend.client.backfill(Doc, doc => (doc.migrated === 1 ? undefined : doc))
    expect(again).toMatchObject({ scanned: DOCS, changed: 0, written: 0, unchanged: DOCS })
    const stored = await scanTable(backend.client, 'backfill')
    expect(stored.filter(entry => entry.migrated === 2)).toEqual([])
  })
})

describe('backfill of versioned and unique entities', () => {
  it('moves versions on by one, moves unique guards, and stops with a resumable error when a write fails', async () => {
    const table = defineTable({ name: 'backfill-users', client: backend.client, indexes: [] })
    const User = defineEntity(table, {
      name: 'User',
      schema: item({ userId: string().key(), email: string(), version: number().default(0) }),
      key: { pk: 'USER#<userId>', sk: 'USER' },
      unique: { email: ['email'] },
      version: 'version'
    })
    await ensureTable(table)
    for (let index = 0; index < 30; index++) {
      await User.put({ userId: `u${index}`, email: `User${index}@Example.com` })
    }
    await User.put({ userId: 'dup', email: 'user7@example.com' })

    const lowerCase = (user: { email: string }) =>
      user.email === user.email.toLowerCase()
        ? undefined
        : ({ ...user, email: user.email.toLowerCase() } as never)
    const failed = await catchError(
      backend.client.backfill(User, lowerCase, { segments: 2, concurrency: 4 })
    )
    expect(failed).toBeInstanceOf(BackfillError)
    expect(failed).toMatchObject({ code: 'backfill.failed' })
    const { failures, result } = failed as BackfillError
    expect(failures.map(failure => failure.key)).toEqual([{ pk: 'USER#u7', sk: 'USER' }])
    expect(failures[0]?.error).toBeInstanceOf(UniqueConstraintError)

    await User.put({ userId: 'dup', email: 'someone.else@example.com', version: 1 })
    const resumed = await backend.client.backfill(User, lowerCase, {
      segments: 2,
      cursor: result.cursor
    })
    expect(result.written + resumed.written).toBe(30)
    for (let index = 0; index < 30; index++) {
      const user = await User.get({ userId: `u${index}` })
      expect(user).toEqual({ userId: `u${index}`, email: `user${index}@example.com`, version: 2 })
    }
    const guards = (await scanTable(backend.client, 'backfill-users')).filter(
      entry => entry._et === '@unique'
    )
    expect(guards.map(guard => guard.pk).filter(pk => String(pk).includes('Example.com'))).toEqual(
      []
    )
    expect(guards).toHaveLength(31)
  })
})

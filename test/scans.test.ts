import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest'

import {
  defineEntity,
  defineTable,
  ensureTable,
  MonotableError,
  queryCollection,
  queryCollectionAll,
  ValidationError
} from '../src/index.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'
import { logged } from './support/logged.js'

const backend = useBackend()
const MARKER = 'PII-MARKER-5ca7'
const TASKS = 600

/** Three entities on one table: tasks in projects' collections, projects, and members. */
const defineTracker = () => {
  const table = defineTable({
    name: 'scans',
    client: backend.client,
    indexes: { byState: { partition: ['string'], sort: ['number'] } }
  })
  const Task = defineEntity(table, {
    name: 'Task',
    schema: item({
      projectId: string().key(),
      taskId: string().key(),
      title: string(),
      state: string(),
      points: number(),
      notes: string().optional()
    }),
    key: { pk: 'PROJECT#<projectId>', sk: 'TASK#<taskId>' },
    indexes: { byState: { partition: ['state'], sort: ['points'] } }
  })
  const Project = defineEntity(table, {
    name: 'Project',
    schema: item({ projectId: string().key(), name: string() }),
    key: { pk: 'PROJECT#<projectId>', sk: 'PROJECT' }
  })
  const Member = defineEntity(table, {
    name: 'Member',
    schema: item({ memberId: string().key(), title: string() }),
    key: { pk: 'MEMBER#<memberId>', sk: 'MEMBER' }
  })
  return { table, Task, Project, Member }
}

type Tracker = ReturnType<typeof defineTracker>
const taskIds = (items: readonly { taskId: string }[]) => items.map(task => task.taskId)

describe('entity scans', () => {
  let tracker: Tracker

  beforeAll(async () => {
    tracker = defineTracker()
    await ensureTable(tracker.table)
    const { Task, Project, Member } = tracker
    await backend.client.batchWrite([
      ...Array.from({ length: TASKS }, (_, index) =>
        Task.batchPut({
          projectId: `p${index % 10}`,
          taskId: `t${String(index).padStart(4, '0')}`,
          title: `Task ${index}`,
          state: index % 3 === 0 ? 'DONE' : 'OPEN',
          points: index % 13
        })
      ),
      ...Array.from({ length: 10 }, (_, index) =>
        Project.batchPut({ projectId: `p${index}`, name: `Project ${index}` })
      ),
      ...Array.from({ length: 100 }, (_, index) =>
        Member.batchPut({ memberId: `m${index}`, title: 'Member' })
      )
    ])
  })

  it.each([1, 4, 16])(
    'with %i segment(s), returns exactly the entity’s items, across pages, with and without a filter',
    async segments => {
      const seen: string[] = []
      let pages = 0
      for await (const page of tracker.Task.scanAll({ segments, limit: 50 })) {
        seen.push(...taskIds(page.items))
        pages++
      }
      expect(pages).toBeGreaterThan(TASKS / 50)
      expect(seen).toHaveLength(TASKS)
      expect(new Set(seen).size).toBe(TASKS)

      const done: string[] = []
      for await (const page of tracker.Task.scanAll({
        segments,
        limit: 80,
        filter: { attr: 'state', eq: 'DONE' }
      })) {
        expect(page.items.every(task => task.state === 'DONE')).toBe(true)
        done.push(...taskIds(page.items))
      }
      expect(done.sort()).toEqual(
        Array.from({ length: TASKS }, (_, index) => index)
          .filter(index => index % 3 === 0)
          .map(index => `t${String(index).padStart(4, '0')}`)
      )
    }
  )

  it('resumes from a cursor: scan page by page, and scanAll stopped half-way', async () => {
    const collected: string[] = []
    let cursor: string | undefined
    do {
      const page = await tracker.Task.scan({ segments: 4, limit: 70, cursor })
      collected.push(...taskIds(page.items))
      cursor = page.cursor
    } while (cursor !== undefined)
    expect(new Set(collected).size).toBe(TASKS)
    expect(collected).toHaveLength(TASKS)

    const before: string[] = []
    let resumeFrom: string | undefined
    for await (const page of tracker.Task.scanAll({ segments: 8, limit: 30 })) {
      before.push(...taskIds(page.items))
      resumeFrom = page.cursor
      if (before.length > TASKS / 2) break
    }
    const after: string[] = []
    for await (const page of tracker.Task.scanAll({ segments: 8, limit: 30, cursor: resumeFrom })) {
      after.push(...taskIds(page.items))
    }
    expect([...before, ...after].sort()).toEqual([...collected].sort())
  })

  it('reads one segment of several, as one worker of a distributed scan would', async () => {
    const bySegment = await Promise.all(
      [0, 1, 2].map(async segment => {
        const ids: string[] = []
        for await (const page of tracker.Task.scanAll({ segments: 3, segment })) {
          ids.push(...taskIds(page.items))
        }
        return ids
      })
    )
    expect(bySegment.every(ids => ids.length > 0)).toBe(true)
    expect(bySegment.flat().sort()).toHaveLength(TASKS)
    expect(new Set(bySegment.flat()).size).toBe(TASKS)
  })

  it('scans an index, holding only the items in it', async () => {
    await tracker.Task.update({ projectId: 'p1', taskId: 't0001', state: 'BLOCKED' })
    const blocked: string[] = []
    for await (const page of tracker.Task.scanAll({ index: 'byState', segments: 2 })) {
      blocked.push(...page.items.filter(task => task.state === 'BLOCKED').map(task => task.taskId))
    }
    expect(blocked).toEqual(['t0001'])
    await tracker.Task.update({ projectId: 'p1', taskId: 't0001', state: 'OPEN' })
  })

  it('stops within a page when aborted', async () => {
    const controller = new AbortController()
    backend.proxy.resetCounts()
    let pages = 0
    const error = await catchError(
      (async () => {
        for await (const _ of tracker.Task.scanAll({
          segments: 4,
          limit: 10,
          signal: controller.signal
        })) {
          pages++
          if (pages === 3) controller.abort()
        }
      })()
    )
    expect(error).toBeInstanceOf(MonotableError)
    expect(error).toMatchObject({ code: 'request.aborted' })
    expect(pages).toBe(3)
    // The pages read ahead (one per segment at the most) were the last calls.
    expect(backend.proxy.calls('Scan')).toBeLessThanOrEqual(3 + 4)
  })

  it('refuses bad options before the network, with errors that quote no values', async () => {
    backend.proxy.resetCounts()
    const cursor = await catchError(tracker.Task.scan({ cursor: MARKER }))
    expect(cursor).toMatchObject({ code: 'validation.cursor' })
    const filter = await catchError(
      tracker.Task.scan({ filter: { attr: 'points', eq: MARKER as never } })
    )
    expect(filter).toBeInstanceOf(ValidationError)
    const segment = await catchError(tracker.Task.scan({ segments: 2, segment: 2 }))
    expect(segment).toMatchObject({ code: 'validation.options' })
    const attributes = await catchError(tracker.Task.scan({ attributes: [MARKER as never] }))
    expect(attributes).toMatchObject({ code: 'validation.options' })
    for (const error of [cursor, filter, segment, attributes]) {
      expect(logged(error)).not.toContain(MARKER)
    }
    expect(backend.proxy.calls()).toBe(0)
  })
})

describe('projections', () => {
  let tracker: Tracker
  beforeAll(() => {
    tracker = defineTracker()
  })

  it('read the attributes asked for and the key attributes, on every read', async () => {
    const { Task } = tracker
    const key = { projectId: 'p2', taskId: 't0002' }
    const expected = { ...key, title: 'Task 2' }

    const got = await Task.get(key, { attributes: ['title'] })
    expect(got).toEqual(expected)
    const queried = await Task.query(
      { partition: { projectId: 'p2' }, range: { taskId: 't0002' } },
      { attributes: ['title'] }
    )
    expect(queried.items).toEqual([expected])
    const scanned = await Task.scan({
      attributes: ['title'],
      filter: { attr: 'taskId', eq: 't0002' }
    })
    expect(scanned.items).toEqual([expected])
    const [batched, whole] = await backend.client.batchGet([
      Task.batchGet(key, { attributes: ['title'] }),
      Task.batchGet(key)
    ])
    expect(batched).toEqual(expected)
    expect(whole).toMatchObject({ ...expected, state: 'OPEN', points: 2 })
    const [transacted] = await backend.client.transactGet([
      Task.transactGet(key, { attributes: ['title'] })
    ])
    expect(transacted).toEqual(expected)

    // Types follow: what was not asked for is not there.
    expectTypeOf(got).toEqualTypeOf<
      { projectId: string; taskId: string; title: string } | undefined
    >()
    expectTypeOf(batched).toEqualTypeOf<
      { projectId: string; taskId: string; title: string } | undefined
    >()
    expectTypeOf(whole).toMatchTypeOf<{ points: number } | undefined>()
    const notProjected = () => [
      // @ts-expect-error 'points' was not asked for
      got?.points,
      // @ts-expect-error 'state' was not asked for
      queried.items[0]?.state,
      // @ts-expect-error 'points' was not asked for
      scanned.items[0]?.points,
      // @ts-expect-error 'points' was not asked for
      transacted?.points
    ]
    expectTypeOf(notProjected).toBeFunction()
  })
})

describe('paged collections', () => {
  let tracker: Tracker
  beforeAll(() => {
    tracker = defineTracker()
  })

  it('returns a page of a collection by entity, and its cursor; queryCollectionAll reads them all', async () => {
    const { Task, Project } = tracker
    const first = await queryCollection([Project, Task], { projectId: 'p3' }, { limit: 25 })
    expect(first.Project.length + first.Task.length).toBe(25)
    expect(first.cursor).toBeDefined()
    const second = await queryCollection(
      [Project, Task],
      { projectId: 'p3' },
      { limit: 25, cursor: first.cursor }
    )
    expect((taskIds(second.Task)[0] ?? '') > (taskIds(first.Task).at(-1) ?? '')).toBe(true)

    const tasks: string[] = []
    const projects: string[] = []
    let pages = 0
    for await (const page of queryCollectionAll(
      [Project, Task],
      { projectId: 'p3' },
      { limit: 7, reverse: true }
    )) {
      tasks.push(...taskIds(page.Task))
      projects.push(...page.Project.map(project => project.name))
      pages++
    }
    expect(pages).toBeGreaterThan(8)
    expect(projects).toEqual(['Project 3'])
    expect(tasks).toHaveLength(TASKS / 10)
    expect(tasks).toEqual([...tasks].sort().reverse())
  })
})

import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { $add, $remove } from 'dynamodb-toolbox/entity/actions/update'
import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest'

import {
  defineEntity,
  defineTable,
  ensureTable,
  tableDefinition,
  ValidationError
} from '../src/index.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'
import { seededRandom } from './support/random.js'

const backend = useBackend()
const STATUSES = ['OPEN', 'DONE'] as const

/**
 * One multi-attribute index shared by two entities with native types: tasks by status and
 * priority, tickets by state and severity, each under its organisation.
 */
const defineTracker = (name: string) => {
  const table = defineTable({
    name,
    client: backend.client,
    indexes: {
      gsi1: {},
      byStatus: { partition: ['string'], sort: ['string', 'number'] },
      byOwner: { partition: [{ attribute: 'owner', type: 'string' }] }
    }
  })
  const Task = defineEntity(table, {
    name: 'Task',
    schema: item({
      orgId: string().key(),
      taskId: string().key(),
      status: string()
        .enum(...STATUSES)
        .optional(),
      priority: number().optional(),
      owner: string().optional(),
      title: string().default('untitled')
    }),
    key: { pk: 'ORG#<orgId>', sk: 'TASK#<taskId>' },
    indexes: {
      byStatus: { partition: ['orgId'], sort: ['status', 'priority'] },
      byOwner: { partition: ['owner'] }
    }
  })
  const Ticket = defineEntity(table, {
    name: 'Ticket',
    schema: item({
      orgId: string().key(),
      ticketId: string().key(),
      state: string(),
      severity: number()
    }),
    key: { pk: 'ORG#<orgId>', sk: 'TICKET#<ticketId>' },
    indexes: {
      byStatus: { partition: ['orgId'], sort: ['state', 'severity'] },
      gsi1: { pk: 'STATE#<state>', sk: 'TICKET#<ticketId>' }
    }
  })
  return { table, Task, Ticket }
}

type Tracker = ReturnType<typeof defineTracker>
type TaskItem = { taskId: string; status?: string; priority?: number }

const byPriority = (left: TaskItem, right: TaskItem) =>
  (left.priority ?? 0) - (right.priority ?? 0) || 0
const ids = (items: readonly { taskId: string }[]) => items.map(task => task.taskId)

describe('multi-attribute indexes', () => {
  let tracker: Tracker
  const tasks: TaskItem[] = []

  beforeAll(async () => {
    tracker = defineTracker('tracker')
    await ensureTable(tracker.table)
    const random = seededRandom(12)
    // Priorities that sort differently as strings: 9 < 10, -3 < -1, 2.5 < 10.
    for (let index = 0; index < 40; index++) {
      const task = {
        taskId: `t${String(index).padStart(2, '0')}`,
        status: STATUSES[index % 2] as string,
        priority: Math.round((random() * 40 - 10) * 2) / 2
      }
      tasks.push(task)
      await tracker.Task.put({ orgId: 'o1', ...task } as never)
      await tracker.Ticket.put({
        orgId: 'o1',
        ticketId: `k${index}`,
        state: 'OPEN',
        severity: index
      })
    }
  })

  it('declares and creates the index: several HASH and RANGE attributes, typed', async () => {
    const definition = tableDefinition(tracker.table)
    expect(definition.GlobalSecondaryIndexes?.slice(1)).toEqual([
      {
        IndexName: 'byStatus',
        KeySchema: [
          { AttributeName: 'byStatuspk1', KeyType: 'HASH' },
          { AttributeName: 'byStatussk1', KeyType: 'RANGE' },
          { AttributeName: 'byStatussk2', KeyType: 'RANGE' }
        ],
        Projection: { ProjectionType: 'ALL' }
      },
      {
        IndexName: 'byOwner',
        KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' }
      }
    ])
    expect(definition.AttributeDefinitions).toContainEqual({
      AttributeName: 'byStatussk2',
      AttributeType: 'N'
    })
    expect(await ensureTable(tracker.table)).toBe('existing')
  })

  it('returns one entity in numeric order, checked against a sort in memory', async () => {
    const { items } = await tracker.Task.query({
      index: 'byStatus',
      partition: { orgId: 'o1' },
      range: { status: 'OPEN' }
    })
    const expected = tasks.filter(task => task.status === 'OPEN').sort(byPriority)
    expect(items.map(task => task.priority)).toEqual(expected.map(task => task.priority))
    expect(new Set(ids(items))).toEqual(new Set(ids(expected)))
    expect(items.every(task => task.status === 'OPEN' && task.title === 'untitled')).toBe(true)

    const tickets = await tracker.Ticket.query({
      index: 'byStatus',
      partition: { orgId: 'o1' },
      range: { state: 'OPEN', severity: { gte: 35 } }
    })
    expect(tickets.items.map(ticket => ticket.severity)).toEqual([35, 36, 37, 38, 39])
    // A composed index on the same table keeps working beside it.
    const composed = await tracker.Ticket.query({
      index: 'gsi1',
      partition: { state: 'OPEN' },
      range: { ticketId: { beginsWith: 'k3' } }
    })
    expect(composed.items.map(ticket => ticket.ticketId)).toEqual([
      'k3',
      'k30',
      'k31',
      'k32',
      'k33',
      'k34',
      'k35',
      'k36',
      'k37',
      'k38',
      'k39'
    ])
  })

  it('takes every operator on the last sort attribute, and reverse order', async () => {
    const open = tasks.filter(task => task.status === 'OPEN').sort(byPriority)
    const cases = [
      [{ lt: 5 }, (value: number) => value < 5],
      [{ lte: 5 }, (value: number) => value <= 5],
      [{ gt: 5 }, (value: number) => value > 5],
      [{ gte: 5 }, (value: number) => value >= 5],
      [{ between: [-2, 9.5] as const }, (value: number) => value >= -2 && value <= 9.5],
      [{ eq: open[3]?.priority as number }, (value: number) => value === open[3]?.priority]
    ] as const
    for (const [condition, matches] of cases) {
      const { items } = await tracker.Task.query(
        {
          index: 'byStatus',
          partition: { orgId: 'o1' },
          range: { status: 'OPEN', priority: condition }
        },
        { reverse: true }
      )
      const expected = open.filter(task => matches(task.priority as number)).reverse()
      expect(
        items.map(task => task.priority),
        JSON.stringify(condition)
      ).toEqual(expected.map(task => task.priority))
    }
    const beginning = await tracker.Task.query({
      index: 'byStatus',
      partition: { orgId: 'o1' },
      range: { status: { beginsWith: 'DO' } }
    })
    expect(beginning.items).toHaveLength(20)
  })

  it('pages with a cursor that carries number keys, to the same items as one query', async () => {
    const all = await tracker.Task.query({ index: 'byStatus', partition: { orgId: 'o1' } })
    const paged: TaskItem[] = []
    let pages = 0
    for await (const page of tracker.Task.queryAll(
      { index: 'byStatus', partition: { orgId: 'o1' } },
      { limit: 7 }
    )) {
      paged.push(...page.items)
      pages++
    }
    expect(pages).toBeGreaterThan(5)
    expect(ids(paged)).toEqual(ids(all.items))
    expect(all.items).toHaveLength(40)
  })

  it('keeps items without a mapped attribute out (sparse), and moves items on update', async () => {
    const { Task } = tracker
    const inIndex = async (status: 'OPEN' | 'DONE') =>
      ids(
        (await Task.query({ index: 'byStatus', partition: { orgId: 'o2' }, range: { status } }))
          .items
      )
    await Task.put({ orgId: 'o2', taskId: 'a', status: 'OPEN', priority: 3 })
    await Task.put({ orgId: 'o2', taskId: 'b', status: 'OPEN' })
    await Task.put({ orgId: 'o2', taskId: 'c', priority: 1 })
    expect(await inIndex('OPEN')).toEqual(['a'])

    await Task.update({ orgId: 'o2', taskId: 'b', priority: 1 })
    expect(await inIndex('OPEN')).toEqual(['b', 'a'])
    await Task.update({ orgId: 'o2', taskId: 'a', status: 'DONE' })
    expect(await inIndex('OPEN')).toEqual(['b'])
    expect(await inIndex('DONE')).toEqual(['a'])
    await Task.update({ orgId: 'o2', taskId: 'c', status: 'DONE', priority: 9 })
    expect(await inIndex('DONE')).toEqual(['a', 'c'])
    await Task.update({ orgId: 'o2', taskId: 'a', priority: 10 })
    expect(await inIndex('DONE')).toEqual(['c', 'a'])
    await Task.update({ orgId: 'o2', taskId: 'c', status: $remove() })
    expect(await inIndex('DONE')).toEqual(['a'])
    await Task.delete({ orgId: 'o2', taskId: 'a' })
    expect(await inIndex('DONE')).toEqual([])
  })

  it('copies mapped attributes into hidden slots, and uses an attribute that is its slot as it is', async () => {
    await tracker.Task.put({ orgId: 'o3', taskId: 'x', status: 'OPEN', priority: 2, owner: 'ada' })
    const { Item } = await backend.client.documentClient.send(
      new GetCommand({ TableName: 'tracker', Key: { pk: 'ORG#o3', sk: 'TASK#x' } })
    )
    expect(Item).toMatchObject({
      byStatuspk1: 'o3',
      byStatussk1: 'OPEN',
      byStatussk2: 2,
      owner: 'ada'
    })
    expect(Object.keys(Item ?? {}).filter(name => name.startsWith('byOwner'))).toEqual([])
    const read = await tracker.Task.get({ orgId: 'o3', taskId: 'x' })
    expect(read).toEqual({
      orgId: 'o3',
      taskId: 'x',
      status: 'OPEN',
      priority: 2,
      owner: 'ada',
      title: 'untitled'
    })

    const owned = await tracker.Task.query({ index: 'byOwner', partition: { owner: 'ada' } })
    expect(ids(owned.items)).toEqual(['x'])
  })

  it('indexes what an upsert creates, its defaults included, and a transaction writes', async () => {
    const table = defineTable({
      name: 'tracker-defaults',
      client: backend.client,
      indexes: { gsi1: {}, byStatus: { partition: ['string'], sort: ['string'] } }
    })
    const Issue = defineEntity(table, {
      name: 'Issue',
      schema: item({
        orgId: string().key(),
        issueId: string().key(),
        status: string().default('OPEN')
      }),
      key: { pk: 'ORG#<orgId>', sk: 'ISSUE#<issueId>' },
      indexes: {
        byStatus: { partition: ['orgId'], sort: ['status'] },
        gsi1: { pk: 'STATUS#<status>', sk: 'ISSUE#<issueId>' }
      }
    })
    await ensureTable(table)
    await Issue.upsert({ orgId: 'o', issueId: 'new' })
    await backend.client.transactWrite([
      Issue.transactPut({ orgId: 'o', issueId: 'tx', status: 'OPEN' }),
      Issue.transactUpsert({ orgId: 'o', issueId: 'tx2', status: 'DONE' })
    ])
    const open = await Issue.query({
      index: 'byStatus',
      partition: { orgId: 'o' },
      range: { status: 'OPEN' }
    })
    expect(open.items.map(issue => issue.issueId)).toEqual(['new', 'tx'])
    // An existing item keeps its status: the upsert's default applies only to a created item.
    await Issue.upsert({ orgId: 'o', issueId: 'tx2' })
    const done = await Issue.query({
      index: 'byStatus',
      partition: { orgId: 'o' },
      range: { status: 'DONE' }
    })
    expect(done.items.map(issue => issue.issueId)).toEqual(['tx2'])
    // A composed key built from a defaulted attribute follows the same rule.
    const composed = async (status: string) =>
      (await Issue.query({ index: 'gsi1', partition: { status } })).items.map(
        issue => issue.issueId
      )
    expect(await composed('OPEN')).toEqual(['new', 'tx'])
    expect(await composed('DONE')).toEqual(['tx2'])
  })

  it('refuses, before the network, values DynamoDB would refuse and updates that would leave a copy stale', async () => {
    const { Task } = tracker
    backend.proxy.resetCounts()
    const empty = await catchError(
      Task.put({ orgId: '', taskId: 'e', status: 'OPEN', priority: 1 })
    )
    expect(empty).toBeInstanceOf(ValidationError)
    expect(empty).toMatchObject({ code: 'validation.key', attribute: 'orgId' })
    const long = await catchError(Task.put({ orgId: 'o', taskId: 'l', owner: 'x'.repeat(2049) }))
    expect(long).toMatchObject({ code: 'validation.key', attribute: 'owner' })
    const expression = await catchError(
      Task.update({ orgId: 'o1', taskId: 't01', priority: $add(1) })
    )
    expect(expression).toMatchObject({ code: 'validation.key', attribute: 'priority' })
    const query = await catchError(
      Task.query({
        index: 'byStatus',
        partition: { orgId: 'o1' },
        range: { priority: 1 } as never
      })
    )
    expect(query).toMatchObject({ code: 'validation.query' })
    expect(backend.proxy.calls()).toBe(0)
  })

  it('checks slot types against entity attributes at compile time and at declaration', () => {
    const { table } = tracker
    expect(() =>
      defineEntity(table, {
        name: 'Mistyped',
        schema: item({ orgId: string().key(), rank: number() }),
        key: { pk: 'M#<orgId>', sk: 'M' },
        // @ts-expect-error 'rank' is a number and the first sort slot holds strings
        indexes: { byStatus: { partition: ['orgId'], sort: ['rank', 'rank'] } }
      })
    ).toThrow(ValidationError)
    expect(() =>
      defineEntity(table, {
        name: 'Short',
        schema: item({ orgId: string().key(), state: string() }),
        key: { pk: 'S#<orgId>', sk: 'S' },
        // @ts-expect-error every slot needs an attribute
        indexes: { byStatus: { partition: ['orgId'], sort: ['state'] } }
      })
    ).toThrow(/2 sort slots/)
    type TaskQuery = Parameters<typeof tracker.Task.query>[0]
    expectTypeOf<{
      index: 'byStatus'
      partition: { orgId: string }
      range: { status: 'OPEN'; priority: { lte: number } }
    }>().toMatchTypeOf<TaskQuery>()
    expectTypeOf<{
      index: 'byStatus'
      partition: { orgId: string }
      range: { priority: { lte: string } }
    }>().not.toMatchTypeOf<TaskQuery>()
  })
})

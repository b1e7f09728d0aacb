import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient
} from '@aws-sdk/client-dynamodb'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest'

import {
  defineEntity,
  defineTable,
  ensureTable,
  TableMismatchError,
  UniqueConstraintError
} from '../src/index.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'

const backend = useBackend()

/** The table another tool made: upper-case keys, an ALL GSI, a KEYS_ONLY GSI, a GSI on a plain attribute, an LSI. */
async function createLegacyTable(client: DynamoDBClient, TableName: string): Promise<void> {
  const keys = (hash: string, range?: string) => [
    { AttributeName: hash, KeyType: 'HASH' as const },
    ...(range === undefined ? [] : [{ AttributeName: range, KeyType: 'RANGE' as const }])
  ]
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        'PK',
        'SK',
        'GSI1PK',
        'GSI1SK',
        'GSI2PK',
        'GSI2SK',
        'LSI1SK',
        'email'
      ].map(AttributeName => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: keys('PK', 'SK'),
      GlobalSecondaryIndexes: [
        {
          IndexName: 'GSI1',
          KeySchema: keys('GSI1PK', 'GSI1SK'),
          Projection: { ProjectionType: 'ALL' }
        },
        {
          IndexName: 'GSI2',
          KeySchema: keys('GSI2PK', 'GSI2SK'),
          Projection: { ProjectionType: 'KEYS_ONLY' }
        },
        {
          IndexName: 'byEmail',
          KeySchema: keys('email'),
          Projection: { ProjectionType: 'KEYS_ONLY' }
        }
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'LSI1',
          KeySchema: keys('PK', 'LSI1SK'),
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['title'] }
        }
      ]
    })
  )
  while (
    (await client.send(new DescribeTableCommand({ TableName }))).Table?.TableStatus !== 'ACTIVE'
  ) {
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

const declareLegacy = (name: string) => {
  const table = defineTable({
    name,
    client: backend.client,
    keys: { pk: 'PK', sk: 'SK' },
    indexes: {
      GSI1: { pk: 'GSI1PK', sk: 'GSI1SK' },
      GSI2: { pk: 'GSI2PK', sk: 'GSI2SK', projection: 'KEYS_ONLY' },
      byEmail: { partition: [{ attribute: 'email', type: 'string' }], projection: 'KEYS_ONLY' },
      LSI1: { type: 'local', sk: 'LSI1SK', projection: { include: ['title'] } }
    }
  })
  const Project = defineEntity(table, {
    name: 'Project',
    schema: item({ projectId: string().key(), orgId: string(), name: string() }),
    key: { pk: 'PROJECT#<projectId>', sk: 'PROJECT' },
    indexes: { GSI1: { pk: 'ORG#<orgId>', sk: 'PROJECT#<name>' } }
  })
  const Task = defineEntity(table, {
    name: 'Task',
    schema: item({
      projectId: string().key(),
      taskId: string().key(),
      title: string(),
      status: string(),
      assignee: string().optional(),
      due: number(),
      notes: string().default('')
    }),
    key: { pk: 'PROJECT#<projectId>', sk: 'TASK#<taskId>' },
    indexes: {
      GSI2: { pk: 'ASSIGNEE#<assignee>', sk: 'DUE#<due>#<taskId>' },
      LSI1: { sk: 'STATUS#<status>#<taskId>' }
    }
  })
  const Member = defineEntity(table, {
    name: 'Member',
    schema: item({ memberId: string().key(), email: string(), displayName: string() }),
    key: { pk: 'MEMBER#<memberId>', sk: 'MEMBER' },
    indexes: { byEmail: { partition: ['email'] } },
    unique: { email: ['email'] }
  })
  return { table, Project, Task, Member }
}

describe('a table created by other tools', () => {
  let legacy: ReturnType<typeof declareLegacy>

  beforeAll(async () => {
    await createLegacyTable(backend.client.dynamoDBClient, 'legacy')
    legacy = declareLegacy('legacy')
    expect(await ensureTable(legacy.table)).toBe('existing')
    const { Project, Task, Member } = legacy
    await Project.put({ projectId: 'p1', orgId: 'acme', name: 'Apollo' })
    await Project.put({ projectId: 'p2', orgId: 'acme', name: 'Gemini' })
    for (const [taskId, status, assignee, due] of [
      ['t1', 'OPEN', 'ada', 20260105],
      ['t2', 'DONE', 'ada', 20260101],
      ['t3', 'OPEN', 'bob', 20260103],
      ['t4', 'OPEN', undefined, 20260102]
    ] as const) {
      await Task.put({ projectId: 'p1', taskId, title: `Task ${taskId}`, status, assignee, due })
    }
    await Member.put({ memberId: 'm1', email: 'ada@example.com', displayName: 'Ada' })
  })

  it('writes the attributes the table is keyed on, readable by the tools that made it', async () => {
    const { Item } = await backend.client.documentClient.send(
      new GetCommand({ TableName: 'legacy', Key: { PK: 'PROJECT#p1', SK: 'TASK#t1' } })
    )
    expect(Item).toMatchObject({
      PK: 'PROJECT#p1',
      SK: 'TASK#t1',
      GSI2PK: 'ASSIGNEE#ada',
      GSI2SK: 'DUE#20260105#t1',
      LSI1SK: 'STATUS#OPEN#t1',
      title: 'Task t1'
    })
    expect(Item).not.toHaveProperty('pk')
    expect(await legacy.Task.get({ projectId: 'p1', taskId: 't1' })).toMatchObject({
      title: 'Task t1',
      due: 20260105
    })
  })

  it('queries a GSI with other key names', async () => {
    const { items } = await legacy.Project.query({
      index: 'GSI1',
      partition: { orgId: 'acme' },
      range: { name: { beginsWith: 'G' } }
    })
    expect(items.map(project => project.projectId)).toEqual(['p2'])
  })

  it('returns what a KEYS_ONLY index holds, typed, or the whole items when asked', async () => {
    const { items } = await legacy.Task.query({ index: 'GSI2', partition: { assignee: 'ada' } })
    // The keys' attributes, read back from the composed keys; due as a number again.
    expect(items).toEqual([
      { projectId: 'p1', taskId: 't2', assignee: 'ada', due: 20260101 },
      { projectId: 'p1', taskId: 't1', assignee: 'ada', due: 20260105 }
    ])
    expectTypeOf(items[0]).toEqualTypeOf<
      { projectId: string; taskId: string; assignee?: string; due: number } | undefined
    >()

    const whole = await legacy.Task.query(
      { index: 'GSI2', partition: { assignee: 'ada' } },
      { fetchItems: true }
    )
    expect(whole.items.map(task => [task.taskId, task.title, task.status])).toEqual([
      ['t2', 'Task t2', 'DONE'],
      ['t1', 'Task t1', 'OPEN']
    ])
    expectTypeOf(whole.items[0]).toMatchTypeOf<{ title: string; notes: string } | undefined>()
  })

  it('queries a local index through its INCLUDE projection, telling entities apart by key', async () => {
    const { items } = await legacy.Task.query({
      index: 'LSI1',
      partition: { projectId: 'p1' },
      range: { status: 'OPEN' }
    })
    expect(items).toEqual([
      { projectId: 'p1', taskId: 't1', status: 'OPEN', title: 'Task t1' },
      { projectId: 'p1', taskId: 't3', status: 'OPEN', title: 'Task t3' },
      { projectId: 'p1', taskId: 't4', status: 'OPEN', title: 'Task t4' }
    ])
    const consistent = await legacy.Task.query(
      { index: 'LSI1', partition: { projectId: 'p1' }, range: { status: 'DONE' } },
      { consistent: true, fetchItems: true }
    )
    expect(consistent.items.map(task => task.notes)).toEqual([''])
  })

  it('finds by a plain attribute keyed index, and keeps the unique value it holds', async () => {
    const { items } = await legacy.Member.query({
      index: 'byEmail',
      partition: { email: 'ada@example.com' }
    })
    expect(items).toEqual([{ memberId: 'm1', email: 'ada@example.com' }])
    const duplicate = await catchError(
      legacy.Member.put({ memberId: 'm2', email: 'ada@example.com', displayName: 'Imposter' })
    )
    expect(duplicate).toBeInstanceOf(UniqueConstraintError)
  })

  it('says what differs when the declaration does not match the table', async () => {
    const wrong = defineTable({
      name: 'legacy',
      client: backend.client,
      keys: { pk: 'PK', sk: 'SK' },
      indexes: {
        GSI1: { pk: 'GSI1PK', sk: 'GSI1SK' },
        GSI2: { pk: 'GSI2PK', sk: 'GSI2SK' },
        byEmail: { partition: [{ attribute: 'email', type: 'string' }], projection: 'KEYS_ONLY' },
        LSI1: { type: 'local', sk: 'LSI1SK', projection: { include: ['title', 'status'] } }
      }
    })
    const error = await catchError(ensureTable(wrong))
    expect(error).toBeInstanceOf(TableMismatchError)
    expect((error as TableMismatchError).differences).toEqual([
      "index 'GSI2' projects KEYS_ONLY, expected ALL",
      "index 'LSI1' projects INCLUDE [title], expected INCLUDE [status, title]"
    ])
  })
})

const declareUsers = () => {
  const table = defineTable({
    name: 'users-by-id',
    client: backend.client,
    keys: { pk: 'id', sk: null },
    indexes: {}
  })
  const User = defineEntity(table, {
    name: 'User',
    schema: item({ userId: string().key(), email: string(), visits: number().default(0) }),
    key: { pk: '<userId>' },
    unique: { email: ['email'] },
    version: 'visits'
  })
  return { table, User }
}

describe('a table without a sort key', () => {
  let table: ReturnType<typeof declareUsers>['table']
  let User: ReturnType<typeof declareUsers>['User']
  beforeAll(() => {
    ;({ table, User } = declareUsers())
  })

  it('reads and writes single items, batches and transactions', async () => {
    expect(await ensureTable(table)).toBe('created')
    await User.put({ userId: 'u1', email: 'u1@example.com' })
    await User.update({ userId: 'u1', email: 'new@example.com', visits: 1 })
    expect(await User.get({ userId: 'u1' })).toEqual({
      userId: 'u1',
      email: 'new@example.com',
      visits: 2
    })
    const { Item } = await backend.client.documentClient.send(
      new GetCommand({ TableName: 'users-by-id', Key: { id: 'u1' } })
    )
    expect(Item).toMatchObject({ id: 'u1', email: 'new@example.com' })
    await backend.client.transactWrite([
      User.transactPut({ userId: 'u2', email: 'u2@example.com' })
    ])
    const [u1, u2] = await backend.client.batchGet([
      User.batchGet({ userId: 'u1' }),
      User.batchGet({ userId: 'u2' })
    ])
    expect([u1?.email, u2?.email]).toEqual(['new@example.com', 'u2@example.com'])
    const { items } = await User.query({ partition: { userId: 'u2' } })
    expect(items.map(user => user.email)).toEqual(['u2@example.com'])
    const taken = await catchError(
      User.put({ userId: 'u3', email: 'U2@example.com'.toLowerCase() })
    )
    expect(taken).toBeInstanceOf(UniqueConstraintError)
    await User.delete({ userId: 'u2', visits: 1 })
    expect(await User.get({ userId: 'u2' })).toBeUndefined()
  })

  it('refuses an entity with a sort-key template, and a query with a range', async () => {
    expect(() =>
      defineEntity(table, {
        name: 'Sorted',
        schema: item({ id: string().key() }),
        key: { pk: '<id>', sk: 'X' }
      })
    ).toThrow(/has no sort key/)
    const error = await catchError(
      User.query({ partition: { userId: 'u1' }, range: { x: 1 } as never })
    )
    expect(error).toMatchObject({ code: 'validation.query' })
  })
})

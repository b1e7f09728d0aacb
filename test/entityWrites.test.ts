import { $add, $remove } from 'dynamodb-toolbox/entity/actions/update'
import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { beforeAll, describe, expect, it } from 'vitest'

import {
  defineEntity,
  NotFoundError,
  TransactionCanceledError,
  ValidationError
} from '../src/index.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'
import { scanTable } from './support/scan.js'

const backend = useBackend()

const defineTask = () =>
  defineEntity(backend.shop.table, {
    name: 'Task',
    schema: item({
      projectId: string().key(),
      taskId: string().key(),
      title: string(),
      status: string().default('OPEN'),
      points: number().optional()
    }),
    key: { pk: 'PROJECT#<projectId>', sk: 'TASK#<taskId>' }
  })

describe('update and upsert', () => {
  let Task: ReturnType<typeof defineTask>
  beforeAll(() => {
    Task = defineTask()
  })

  const storedTasks = async () =>
    (await scanTable(backend.client, backend.shop.table.getName())).filter(
      stored => stored._et === 'Task'
    )

  it('update changes an existing item and creates nothing when there is none', async () => {
    await Task.put({ projectId: 'p1', taskId: 't1', title: 'Write' })
    await Task.update({ projectId: 'p1', taskId: 't1', title: 'Write more', points: $add(3) })
    expect(await Task.get({ projectId: 'p1', taskId: 't1' })).toEqual({
      projectId: 'p1',
      taskId: 't1',
      title: 'Write more',
      status: 'OPEN',
      points: 3
    })

    const before = await storedTasks()
    for (const update of [
      () => Task.update({ projectId: 'p1', taskId: 'ghost', title: 'g' }),
      () => Task.update({ projectId: 'p1', taskId: 'ghost', points: $add(1) }),
      () => Task.update({ projectId: 'p1', taskId: 'ghost', title: 'g' }, { exactlyOnce: false })
    ]) {
      const error = await catchError(update)
      expect(error).toBeInstanceOf(NotFoundError)
      expect(error).toMatchObject({ code: 'item.notFound', entity: 'Task', operation: 'update' })
    }
    expect(await storedTasks()).toEqual(before)
    // Queries keep working: no partial item was created.
    const { items } = await Task.query({ partition: { projectId: 'p1' } })
    expect(items.map(task => task.taskId)).toEqual(['t1'])
  })

  it('upsert creates a whole item, defaults included, or updates one', async () => {
    await Task.upsert({ projectId: 'p2', taskId: 'new', title: 'Created' })
    expect(await Task.get({ projectId: 'p2', taskId: 'new' })).toEqual({
      projectId: 'p2',
      taskId: 'new',
      title: 'Created',
      status: 'OPEN'
    })
    await Task.update({ projectId: 'p2', taskId: 'new', status: 'DONE' })
    await Task.upsert({ projectId: 'p2', taskId: 'new', title: 'Renamed', points: $add(2) })
    // The default applies only where the item had no value.
    expect(await Task.get({ projectId: 'p2', taskId: 'new' })).toMatchObject({
      title: 'Renamed',
      status: 'DONE',
      points: 2
    })
  })

  it('upsert refuses, before the network, an input that could create an item without a required attribute', async () => {
    backend.proxy.resetCounts()
    for (const input of [
      { projectId: 'p3', taskId: 'partial', points: 1 },
      { projectId: 'p3', taskId: 'partial', title: $remove() }
    ]) {
      const error = await catchError(Task.upsert(input as never))
      expect(error).toBeInstanceOf(ValidationError)
      expect(error).toMatchObject({ code: 'validation.item', attribute: 'title' })
      expect((error as Error).message).toContain("without 'title'")
    }
    expect(backend.proxy.calls()).toBe(0)
  })

  it('in a transaction: transactUpdate of a missing item cancels with notFound; transactUpsert creates', async () => {
    await Task.put({ projectId: 'p4', taskId: 'here', title: 'Here' })
    const error = await catchError(
      backend.client.transactWrite([
        Task.transactUpdate({ projectId: 'p4', taskId: 'here', title: 'Changed' }),
        Task.transactUpdate({ projectId: 'p4', taskId: 'gone', title: 'Nobody' })
      ])
    )
    expect(error).toBeInstanceOf(TransactionCanceledError)
    expect((error as TransactionCanceledError).reasons).toEqual([
      {
        index: 1,
        entity: 'Task',
        action: 'update',
        code: 'ConditionalCheckFailed',
        failure: 'notFound'
      }
    ])
    expect((error as Error).message).toContain('[1] Task update: ConditionalCheckFailed (notFound)')
    expect((await Task.get({ projectId: 'p4', taskId: 'here' }))?.title).toBe('Here')

    await backend.client.transactWrite([
      Task.transactUpsert({ projectId: 'p4', taskId: 'gone', title: 'Created' }),
      Task.transactUpdate({ projectId: 'p4', taskId: 'here', title: 'Changed' })
    ])
    expect(await Task.get({ projectId: 'p4', taskId: 'gone' })).toMatchObject({
      title: 'Created',
      status: 'OPEN'
    })
    expect((await Task.get({ projectId: 'p4', taskId: 'here' }))?.title).toBe('Changed')
  })
})

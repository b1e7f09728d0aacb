import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'

import { defineEntity, InvalidItemError, queryCollection } from '../src/index.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'
import { logged } from './support/logged.js'

const backend = useBackend()
const MARKER = 'PII-MARKER-e4a1'
const key = { pk: 'PROJECT#<projectId>', sk: 'TASK#<taskId>' } as const

/** The entity as the app first shipped it. */
const taskV1 = () =>
  defineEntity(backend.shop.table, {
    name: 'Task',
    schema: item({ projectId: string().key(), taskId: string().key(), title: string() }),
    key
  })

/** The next release: a new attribute with a default, and a new optional one. */
const taskV2 = () =>
  defineEntity(backend.shop.table, {
    name: 'Task',
    schema: item({
      projectId: string().key(),
      taskId: string().key(),
      title: string(),
      storyPoints: number().default(0),
      assignee: string().optional()
    }),
    key
  })

describe('schema evolution', () => {
  it('reads items written by an earlier schema with the new defaults, then backfills them', async () => {
    const v1 = taskV1()
    for (const taskId of ['a', 'b', 'c']) await v1.put({ projectId: 'evo', taskId, title: taskId })

    const v2 = taskV2()
    expect(await v2.get({ projectId: 'evo', taskId: 'a' })).toEqual({
      projectId: 'evo',
      taskId: 'a',
      title: 'a',
      storyPoints: 0
    })
    const page = await v2.query({ partition: { projectId: 'evo' } })
    expect(page.items.map(task => task.storyPoints)).toEqual([0, 0, 0])
    const { Task: collection } = await queryCollection([v2], { projectId: 'evo' })
    expect(collection).toHaveLength(3)
    const [read] = await backend.client.batchGet([v2.batchGet({ projectId: 'evo', taskId: 'b' })])
    expect(read?.storyPoints).toBe(0)

    // The backfill: every item rewritten with the values the new release means.
    for await (const { items } of v2.queryAll({ partition: { projectId: 'evo' } })) {
      await backend.client.batchWrite(
        items.map(task => v2.batchPut({ ...task, storyPoints: task.title === 'b' ? 5 : 1 }))
      )
    }
    const after = await v2.query({ partition: { projectId: 'evo' } })
    expect(after.items.map(task => task.storyPoints)).toEqual([1, 5, 1])
  })

  it('names the entity and attribute of an item it cannot read, with its key kept off logs', async () => {
    const v2 = taskV2()
    await v2.put({ projectId: 'bad', taskId: 'good', title: 'fine' })
    // Written by other code: a title of the wrong type.
    await backend.client.documentClient.send(
      new PutCommand({
        TableName: backend.shop.table.getName(),
        Item: {
          pk: 'PROJECT#bad',
          sk: 'TASK#broken',
          _et: 'Task',
          projectId: 'bad',
          taskId: 'broken',
          title: 42,
          assignee: MARKER
        }
      })
    )
    const error = await catchError(v2.query({ partition: { projectId: 'bad' } }))
    expect(error).toBeInstanceOf(InvalidItemError)
    expect(error).toMatchObject({ code: 'item.invalid', entity: 'Task', attribute: 'title' })
    expect((error as InvalidItemError).key).toEqual({ pk: 'PROJECT#bad', sk: 'TASK#broken' })
    expect(Object.keys(error as object)).not.toContain('key')
    expect(logged(error)).not.toContain(MARKER)
    expect(logged(error)).not.toContain('broken')

    const skipping = await v2.query({ partition: { projectId: 'bad' } }, { onInvalidItem: 'skip' })
    expect(skipping.items.map(task => task.taskId)).toEqual(['good'])
    expect(skipping.skipped?.map(skipped => skipped.key)).toEqual([
      { pk: 'PROJECT#bad', sk: 'TASK#broken' }
    ])
    expect(await catchError(v2.get({ projectId: 'bad', taskId: 'broken' }))).toBeInstanceOf(
      InvalidItemError
    )
  })
})

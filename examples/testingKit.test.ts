import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { $add } from 'dynamodb-toolbox/entity/actions/update'
import { beforeAll, beforeEach, expect, it } from 'vitest'
import { defineEntity, defineTable, type MonotableClient } from '../src/index.js'
import { useTestTables } from '../src/testing/index.js'

// Usually in your app's code: tables and entities built on a client.
function createApp(client: MonotableClient) {
  const table = defineTable({ name: 'app', client })
  const Counter = defineEntity(table, {
    name: 'Counter',
    schema: item({ counterId: string().key(), count: number() }),
    key: { pk: 'COUNTER#<counterId>', sk: 'COUNTER' }
  })
  return { table, Counter }
}

const t = useTestTables({ beforeAll, beforeEach }, ({ client }) => {
  const app = createApp(client)
  return {
    app,
    tables: [app.table],
    fixtures: () => [app.Counter.batchPut({ counterId: 'visits', count: 1 })]
  }
})

it('counts a visit', async () => {
  await t.app.Counter.update({ counterId: 'visits', count: $add(1) })
  expect(await t.app.Counter.get({ counterId: 'visits' })).toEqual({
    counterId: 'visits',
    count: 2
  })
})

it('starts again from the fixtures', async () => {
  expect(await t.app.Counter.get({ counterId: 'visits' })).toEqual({
    counterId: 'visits',
    count: 1
  })
})

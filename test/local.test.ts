import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'

import { createClient, startLocal } from '../src/index.js'

describe('startLocal', () => {
  it('listens on loopback at a random port and answers DynamoDB calls', async () => {
    const local = await startLocal()
    expect(local.endpoint).toBe(`http://127.0.0.1:${local.port}`)
    const client = createClient({ endpoint: local.endpoint })
    expect((await client.dynamoDBClient.send(new ListTablesCommand({}))).TableNames).toEqual([])
    client.destroy()
    await local.close()
  })

  it('frees its port on close, even with a keep-alive connection open', async () => {
    const first = await startLocal()
    const client = createClient({ endpoint: first.endpoint })
    await client.dynamoDBClient.send(new ListTablesCommand({}))
    await first.close()
    const second = await startLocal({ port: first.port })
    expect(second.port).toBe(first.port)
    await second.close()
    client.destroy()
  })

  it('keeps backends apart: each has its own in-memory data', async () => {
    const [one, two] = await Promise.all([startLocal(), startLocal()])
    const clientOne = createClient({ endpoint: one.endpoint })
    const clientTwo = createClient({ endpoint: two.endpoint })
    await clientOne.dynamoDBClient.send(
      new CreateTableCommand({
        TableName: 'only-in-one',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }]
      })
    )
    expect((await clientTwo.dynamoDBClient.send(new ListTablesCommand({}))).TableNames).toEqual([])
    for (const client of [clientOne, clientTwo]) client.destroy()
    await Promise.all([one.close(), two.close()])
  })
})

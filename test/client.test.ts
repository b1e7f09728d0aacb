import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { ConfiguredRetryStrategy } from '@smithy/core/retry'
import { describe, expect, it } from 'vitest'

import { createClient, MonotableError, RequestFailedError } from '../src/index.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'
import { failFirst, FORWARD } from './support/faultProxy.js'

const backend = useBackend()
const ada = { customerId: 'c-retry', email: 'ada@example.com', name: 'Ada' }

describe('createClient', () => {
  it('configures 5 attempts through the SDK retry strategy, replacing the SDK defaults', async () => {
    const client = createClient({ endpoint: 'http://127.0.0.1:1' })
    expect(await client.dynamoDBClient.config.maxAttempts()).toBe(5)
    const strategy = await client.dynamoDBClient.config.retryStrategy()
    expect(strategy).toBeInstanceOf(ConfiguredRetryStrategy)
    expect(await (strategy as ConfiguredRetryStrategy).maxAttempts()).toBe(5)
    client.destroy()
  })

  it('gives a loopback endpoint dummy credentials and a region', async () => {
    const client = createClient({ endpoint: 'http://localhost:8000' })
    const credentials = await client.dynamoDBClient.config.credentials()
    expect(credentials.accessKeyId).toBe('local')
    expect(await client.dynamoDBClient.config.region()).toBe('us-east-1')
    client.destroy()
  })

  it('wraps an existing DynamoDBClient without taking ownership of it', async () => {
    const inner = createClient({ endpoint: backend.local.endpoint })
    const wrapper = createClient({ dynamoDBClient: inner.dynamoDBClient })
    expect(wrapper.dynamoDBClient).toBe(inner.dynamoDBClient)
    wrapper.destroy()
    const { shop } = backend
    await shop.Customer.put(ada)
    // Still usable after the wrapper is destroyed.
    expect(await inner.documentClient.config.region()).toBe('us-east-1')
    inner.destroy()
  })
})

describe('the document client', () => {
  it('drops undefined attributes instead of failing to marshall them', async () => {
    const { client, shop } = backend
    const TableName = shop.table.getName()
    const Item = { pk: 'RAW#1', sk: 'RAW', kept: 'yes', dropped: undefined }
    await client.documentClient.send(new PutCommand({ TableName, Item }))
    const stored = await client.documentClient.send(
      new GetCommand({ TableName, Key: { pk: 'RAW#1', sk: 'RAW' } })
    )
    expect(stored.Item).toEqual({ pk: 'RAW#1', sk: 'RAW', kept: 'yes' })
  })
})

describe('retries through the document client', () => {
  it.each([
    ['ThrottlingException', 3],
    ['ProvisionedThroughputExceededException', 4],
    ['RequestLimitExceeded', 2],
    ['InternalServerError', 5]
  ])('a call answered %s succeeds on attempt %i', async (errorType, attempts) => {
    const { proxy, shop } = backend
    await shop.Customer.put(ada)
    proxy.resetCounts()
    proxy.setPolicy(failFirst('GetItem', attempts - 1, errorType))
    expect(await shop.Customer.get({ customerId: ada.customerId })).toEqual(ada)
    expect(proxy.calls('GetItem')).toBe(attempts)
    expect(proxy.forwarded('GetItem')).toBe(1)
    proxy.setPolicy(FORWARD)
  })

  it('retries a connection reset', async () => {
    const { proxy, shop } = backend
    proxy.resetCounts()
    proxy.setPolicy(({ call }) => (call <= 2 ? { kind: 'resetBefore' } : { kind: 'forward' }))
    await shop.Customer.put(ada)
    expect(proxy.calls('PutItem')).toBe(3)
    expect(proxy.forwarded('PutItem')).toBe(1)
    proxy.setPolicy(FORWARD)
  })

  it("gives up after maxAttempts (5) with a typed error and the policy's short pauses", async () => {
    const { proxy, shop } = backend
    proxy.resetCounts()
    proxy.setPolicy(failFirst('GetItem', Infinity, 'ThrottlingException'))
    const error = await catchError(shop.Customer.get({ customerId: ada.customerId }))
    expect(error).toBeInstanceOf(RequestFailedError)
    expect(error).toMatchObject({
      code: 'request.failed',
      awsErrorName: 'ThrottlingException',
      attempts: 5
    })
    expect(proxy.calls('GetItem')).toBe(5)
    // Pauses come from our policy (base 1 ms, so at most 1 + 2 + 4 + 8 ms), not the SDK's 1 s
    // throttling base: the SDK reports the sum of the delays it computed.
    const { totalRetryDelay } = (error as { cause: { $metadata: { totalRetryDelay: number } } })
      .cause.$metadata
    expect(totalRetryDelay).toBeLessThanOrEqual(15)
    proxy.setPolicy(FORWARD)
  })

  it.each(['ValidationException', 'ConditionalCheckFailedException', 'ResourceNotFoundException'])(
    'tries a call answered %s once',
    async errorType => {
      const { proxy, shop } = backend
      proxy.resetCounts()
      proxy.setPolicy(failFirst('GetItem', Infinity, errorType))
      const error = await catchError(shop.Customer.get({ customerId: ada.customerId }))
      expect(MonotableError.is(error)).toBe(true)
      expect(proxy.calls('GetItem')).toBe(1)
      proxy.setPolicy(FORWARD)
    }
  )
})

import { $add } from 'dynamodb-toolbox/entity/actions/update'
import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { beforeAll, describe, expect, it } from 'vitest'

import {
  BatchWriteError,
  ConditionFailedError,
  type BatchWriteRequest,
  createClient,
  defineEntity,
  RequestFailedError,
  TransactionAbortedError,
  TransactionCanceledError
} from '../src/index.js'
import { useBackend } from './support/backend.js'
import { chance, keyOf, withholdWrites } from './support/batchFaults.js'
import { catchError } from './support/catchError.js'
import type { FaultPolicy } from './support/faultProxy.js'

const backend = useBackend()

const defineCounter = () =>
  defineEntity(backend.shop.table, {
    name: 'Counter',
    schema: item({ counterId: string().key(), count: number(), label: string().optional() }),
    key: { pk: 'COUNTER#<counterId>', sk: 'COUNTER' }
  })

/** Throttles every call of `operation`; `onCall` sees each one as it arrives. */
function throttleAll(operation: string, onCall: () => void = () => {}): FaultPolicy {
  return request => {
    if (request.operation !== operation) return { kind: 'forward' }
    onCall()
    return { kind: 'respond', status: 400, errorType: 'ThrottlingException' }
  }
}

describe('the retry contract', () => {
  let Counter: ReturnType<typeof defineCounter>
  beforeAll(() => {
    Counter = defineCounter()
  })

  it('per-key order: re-sending .unprocessed never restores an older value', async () => {
    const { Lead } = backend.shop
    const table = backend.shop.table.getName()
    const hot = { leadId: 'hot', email: 'v1@example.com', name: 'v1' }
    let refusedV1 = 0
    let v1GivenUp: () => void = () => {}
    const v1Done = new Promise<void>(resolve => (v1GivenUp = resolve))
    backend.proxy.setPolicy(request => {
      if (request.operation !== 'BatchWriteItem') return { kind: 'forward' }
      return withholdWrites(request, (key, attributes) => {
        const refuse =
          key === keyOf(table, { pk: { S: 'LEAD#hot' }, sk: { S: 'LEAD' } })
            ? attributes.name?.S === 'v1'
            : false
        if (refuse && ++refusedV1 === 5) setImmediate(v1GivenUp)
        return refuse
      })
    })
    async function* stream(): AsyncGenerator<BatchWriteRequest> {
      yield Lead.batchPut(hot)
      for (let index = 0; index < 30; index += 1) {
        yield Lead.batchPut({
          leadId: `filler-${index}`,
          email: 'f@example.com',
          name: 'F'
        })
      }
      // Only once v1 has run out of attempts does the input go on to v2.
      await v1Done
      yield Lead.batchPut({ ...hot, email: 'v2@example.com', name: 'v2' })
    }
    const error = await catchError(backend.client.batchWrite(stream(), { concurrency: 1 }))
    expect(error).toBeInstanceOf(BatchWriteError)
    const unprocessed = (error as BatchWriteError<BatchWriteRequest>).unprocessed
    expect(unprocessed).toHaveLength(2)

    backend.proxy.setPolicy(() => ({ kind: 'forward' }))
    await backend.client.batchWrite([...unprocessed])
    expect(await Lead.get({ leadId: 'hot' })).toMatchObject({ name: 'v2' })
  })

  it('an abort stops a transaction inside a throttle storm after the call in flight', async () => {
    const client = createClient({ endpoint: backend.proxy.endpoint }) // default retries
    const controller = new AbortController()
    backend.proxy.resetCounts()
    backend.proxy.setPolicy(throttleAll('TransactWriteItems', () => controller.abort()))
    try {
      const error = await catchError(
        client.transactWrite([Counter.transactPut({ counterId: 'storm', count: 1 })], {
          signal: controller.signal
        })
      )
      expect(error).toBeInstanceOf(TransactionAbortedError)
      expect((error as TransactionAbortedError).clientRequestToken).toMatch(/^[0-9a-f-]{36}$/)
      expect(backend.proxy.calls('TransactWriteItems')).toBe(1)
    } finally {
      client.destroy()
    }
  })

  it('an abort stops a batch inside a throttle storm after the call in flight', async () => {
    const client = createClient({ endpoint: backend.proxy.endpoint }) // default retries
    const controller = new AbortController()
    backend.proxy.resetCounts()
    backend.proxy.setPolicy(throttleAll('BatchWriteItem', () => controller.abort()))
    try {
      const requests = Array.from({ length: 10 }, (_, index) =>
        Counter.batchPut({ counterId: `storm-${index}`, count: 1 })
      )
      const error = await catchError(
        client.batchWrite(requests, { signal: controller.signal, concurrency: 1 })
      )
      expect(error).toMatchObject({ code: 'batch.aborted', written: 0 })
      expect((error as BatchWriteError).unprocessed).toHaveLength(10)
      expect(backend.proxy.calls('BatchWriteItem')).toBe(1)
    } finally {
      client.destroy()
    }
  })

  it.each([1, 3])('maxAttempts: %i makes exactly that many HTTP attempts', async maxAttempts => {
    for (const [operation, call] of [
      [
        'TransactWriteItems',
        () =>
          backend.client.transactWrite([Counter.transactPut({ counterId: 'tries', count: 1 })], {
            maxAttempts
          })
      ],
      [
        'BatchWriteItem',
        () =>
          backend.client.batchWrite([Counter.batchPut({ counterId: 'tries', count: 1 })], {
            maxAttempts
          })
      ]
    ] as const) {
      backend.proxy.resetCounts()
      backend.proxy.setPolicy(throttleAll(operation))
      await catchError(call())
      expect(backend.proxy.calls(operation), operation).toBe(maxAttempts)
    }
  })

  it.each([
    ['exactly once (the default)', true],
    ['exactlyOnce: false', false]
  ])(
    'a hot $add counter under resets after apply, %s, counts every resolved call once',
    async (_name, exactlyOnce) => {
      const counterId = `hot-${exactlyOnce}`
      await Counter.put({ counterId, count: 0 })
      const calls = 200
      backend.proxy.setPolicy(request =>
        ['UpdateItem', 'TransactWriteItems'].includes(request.operation) &&
        chance(7, request.operation, request.call) < 0.1
          ? { kind: 'resetAfter' }
          : { kind: 'forward' }
      )
      const outcomes = await Promise.allSettled(
        Array.from({ length: calls }, () =>
          Counter.update({ counterId, count: $add(1) }, { exactlyOnce })
        )
      )
      backend.proxy.setPolicy(() => ({ kind: 'forward' }))
      const resolved = outcomes.filter(outcome => outcome.status === 'fulfilled').length
      const ambiguous = outcomes.filter(
        outcome =>
          outcome.status === 'rejected' && (outcome.reason as RequestFailedError).ambiguous === true
      ).length
      const stored = (await Counter.get({ counterId }))?.count ?? 0
      // Every resolved call is counted once; an ambiguous one at most once; nothing else failed.
      expect(resolved + ambiguous).toBe(calls)
      expect(stored).toBeGreaterThanOrEqual(resolved)
      expect(stored).toBeLessThanOrEqual(resolved + ambiguous)
      // Sent as transactions, a lost answer is retried under the same token: every call resolves.
      if (exactlyOnce) expect(resolved).toBe(calls)
      else expect(ambiguous).toBeGreaterThan(0)
    }
  )

  it('a transaction whose answer was lost, then throttled, says it may have been applied', async () => {
    backend.proxy.setPolicy(request =>
      request.operation !== 'TransactWriteItems'
        ? { kind: 'forward' }
        : request.call === 1
          ? { kind: 'resetAfter' }
          : { kind: 'respond', status: 400, errorType: 'ThrottlingException' }
    )
    backend.proxy.resetCounts()
    const error = await catchError(
      backend.client.transactWrite([Counter.transactPut({ counterId: 'lost', count: 1 })], {
        maxAttempts: 3
      })
    )
    expect(error).toBeInstanceOf(RequestFailedError)
    const failed = error as RequestFailedError
    expect(failed.ambiguous).toBe(true)
    // The first answer was lost (the SDK names a socket closed mid-answer a reset or a timeout).
    expect(failed.attemptErrors).toHaveLength(3)
    expect(failed.attemptErrors.slice(1)).toEqual(['ThrottlingException', 'ThrottlingException'])
    expect(failed.code).toBe('request.ambiguous')
    expect(failed.message).toContain('it may have been applied')
    expect(failed.clientRequestToken).toMatch(/^[0-9a-f-]{36}$/)
    expect(await Counter.get({ counterId: 'lost' })).toEqual({ counterId: 'lost', count: 1 })
  })

  it('a condition that failed after a lost answer says the write may be its own', async () => {
    backend.proxy.setPolicy(request =>
      request.operation === 'PutItem' && request.call === 1
        ? { kind: 'resetAfter' }
        : { kind: 'forward' }
    )
    backend.proxy.resetCounts()
    const error = await catchError(
      Counter.put(
        { counterId: 'create-once', count: 1 },
        { condition: { attr: 'counterId', exists: false } }
      )
    )
    expect(error).toBeInstanceOf(ConditionFailedError)
    expect((error as ConditionFailedError).ambiguous).toBe(true)
    expect(backend.proxy.calls('PutItem')).toBe(2)
    expect(await Counter.get({ counterId: 'create-once' })).toEqual({
      counterId: 'create-once',
      count: 1
    })
  })

  it('an abort cuts a single-item call short in flight, typed and with its history', async () => {
    const controller = new AbortController()
    backend.proxy.setPolicy(request => {
      if (request.operation !== 'PutItem') return { kind: 'forward' }
      controller.abort()
      return { kind: 'forward', delayMs: 50 }
    })
    backend.proxy.resetCounts()
    const error = await catchError(
      Counter.put({ counterId: 'cut', count: 1 }, { signal: controller.signal, maxAttempts: 5 })
    )
    expect(error).toBeInstanceOf(RequestFailedError)
    // The request was on its way: DynamoDB may have applied it.
    expect(error).toMatchObject({
      code: 'request.aborted',
      ambiguous: true,
      attemptErrors: ['AbortError']
    })
    expect(backend.proxy.calls('PutItem')).toBe(1)
  })

  it('a cancellation after an attempt whose answer was lost says it may have been applied', async () => {
    backend.proxy.setPolicy(request =>
      request.operation !== 'TransactWriteItems'
        ? { kind: 'forward' }
        : request.call === 1
          ? { kind: 'resetAfter' }
          : {
              kind: 'respond',
              status: 400,
              errorType: 'TransactionCanceledException',
              fields: { CancellationReasons: [{ Code: 'TransactionConflict' }] }
            }
    )
    backend.proxy.resetCounts()
    const error = await catchError(
      backend.client.transactWrite([Counter.transactPut({ counterId: 'conflicted', count: 1 })], {
        maxAttempts: 2
      })
    )
    expect(error).toBeInstanceOf(TransactionCanceledError)
    const canceled = error as TransactionCanceledError
    expect(canceled).toMatchObject({ ambiguous: true, attempts: 2 })
    expect(canceled.clientRequestToken).toMatch(/^[0-9a-f-]{36}$/)
    expect(canceled.message).toContain('an earlier attempt may have been applied')
    // It was: sending it again with the token settles it without applying it twice.
    backend.proxy.setPolicy(() => ({ kind: 'forward' }))
    await backend.client.transactWrite(
      [Counter.transactPut({ counterId: 'conflicted', count: 1 })],
      {
        clientRequestToken: canceled.clientRequestToken as string
      }
    )
    expect(await Counter.get({ counterId: 'conflicted' })).toEqual({
      counterId: 'conflicted',
      count: 1
    })
  })
})

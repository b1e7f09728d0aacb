import { describe, expect, it } from 'vitest'

import { RequestQueue } from '../src/client/batch/requestQueue.js'

interface Request {
  index: number
  keyId: string
  notBefore: number
}

const request = (index: number, keyId: string): Request => ({ index, keyId, notBefore: 0 })
const takeAll = (queue: RequestQueue<Request>, now = 0) => queue.take(now, () => true)
const indexes = (requests: readonly Request[]) => requests.map(({ index }) => index)

describe('RequestQueue: per-key order', () => {
  it('lets one request per key be sendable; the next waits until the earlier one is processed', () => {
    const queue = new RequestQueue<Request>()
    const [a1, b1, a2, a3] = [request(0, 'a'), request(1, 'b'), request(2, 'a'), request(3, 'a')]
    expect([a1, b1, a2, a3].map(entry => queue.add(entry))).toEqual([
      'ready',
      'ready',
      'blocked',
      'blocked'
    ])
    expect(queue.size).toBe(4)
    expect(indexes(takeAll(queue))).toEqual([0, 1])
    expect(takeAll(queue)).toEqual([])
    queue.settle(a1)
    expect(indexes(takeAll(queue))).toEqual([2])
    queue.settle(a2)
    queue.settle(b1)
    expect(indexes(takeAll(queue))).toEqual([3])
    queue.settle(a3)
    expect(queue.size).toBe(0)
  })

  it('gives up every later request to a key whose earlier request was given up, for the rest of the run', () => {
    const queue = new RequestQueue<Request>()
    const [a1, a2, a3] = [request(0, 'a'), request(1, 'a'), request(2, 'a')]
    queue.add(a1)
    queue.add(a2)
    queue.add(a3)
    takeAll(queue)
    expect(indexes(queue.abandon(a1))).toEqual([1, 2])
    expect(queue.size).toBe(0)
    expect(queue.add(request(3, 'a'))).toBe('abandoned')
    expect(queue.add(request(4, 'b'))).toBe('ready')
  })

  it('keeps a retry back until it is due, and takes only what fits', () => {
    const queue = new RequestQueue<Request>()
    const retried = request(0, 'a')
    queue.add(retried)
    takeAll(queue)
    retried.notBefore = 100
    queue.retry(retried)
    queue.add(request(1, 'b'))
    queue.add(request(2, 'c'))
    expect(queue.earliestDue()).toBe(0)
    let room = 1
    expect(indexes(queue.take(50, () => room-- > 0))).toEqual([1])
    expect(indexes(takeAll(queue, 50))).toEqual([2])
    expect(queue.earliestDue()).toBe(100)
    expect(indexes(takeAll(queue, 100))).toEqual([0])
  })

  it('drains what it holds, ready and blocked, in input order', () => {
    const queue = new RequestQueue<Request>()
    for (const [index, key] of [
      [0, 'a'],
      [1, 'b'],
      [2, 'a'],
      [3, 'c']
    ] as const)
      queue.add(request(index, key))
    takeAll(queue) // 0, 1 and 3 in flight
    queue.retry(request(1, 'b'))
    expect(indexes(queue.drain())).toEqual([1, 2])
    expect(queue.size).toBe(0)
  })
})

import { describe, expect, it } from 'vitest'

import { resolveBatchOptions } from '../src/client/batch/batchOptions.js'
import { createRetryPolicy } from '../src/client/retryPolicy.js'
import { BatchWriteError } from '../src/index.js'
import { useBackend } from './support/backend.js'
import { withholdWrites } from './support/batchFaults.js'
import { catchError } from './support/catchError.js'

// A cap of 300 ms stands in for the default 20 s, so the test runs in well under a second.
const backend = useBackend({ baseDelayMs: 1, maxDelayMs: 300 })

/** A table that refuses every write (unprocessed) for `ms`, then takes them all. */
function saturatedFor(ms: number) {
  const until = Date.now() + ms
  backend.proxy.setPolicy(request =>
    request.operation === 'BatchWriteItem'
      ? withholdWrites(request, () => Date.now() < until)
      : { kind: 'forward' }
  )
}

const leads = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) =>
    backend.shop.Lead.batchPut({ leadId: `${prefix}${index}`, email: 'e@x', name: 'L' })
  )

describe('a saturated table', () => {
  it('loses nothing to a saturation shorter than the cap, with default options', async () => {
    saturatedFor(200)
    const { written } = await backend.client.batchWrite(leads('short-', 60))
    expect(written).toBe(60)
    // Five quick attempts alone would have handed them all back within a few milliseconds.
    expect(backend.proxy.calls('BatchWriteItem')).toBeGreaterThan(5)
  })

  it('hands back what a saturation longer than the cap still refuses, and no sooner', async () => {
    saturatedFor(10_000)
    const started = Date.now()
    const error = await catchError(backend.client.batchWrite(leads('long-', 30)))
    expect(error).toBeInstanceOf(BatchWriteError)
    expect((error as BatchWriteError).unprocessed).toHaveLength(30)
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
  })

  it('takes an explicit maxAttempts as an exact count', async () => {
    saturatedFor(10_000)
    backend.proxy.resetCounts()
    const error = await catchError(
      backend.client.batchWrite(leads('exact-', 10), { maxAttempts: 2 })
    )
    expect((error as BatchWriteError).unprocessed).toHaveLength(10)
    expect(backend.proxy.calls('BatchWriteItem')).toBe(2)
  })

  it('takes a cap of a fraction of a millisecond as its default budget (found in review)', () => {
    const policy = createRetryPolicy({ maxDelayMs: 0.5 })
    expect(resolveBatchOptions({}, policy).refusalBudgetMs).toBe(0.5)
    expect(() => resolveBatchOptions({ refusalBudgetMs: 1.5 }, policy)).toThrow(/refusalBudgetMs/)
  })
})

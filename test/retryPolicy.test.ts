import { describe, expect, it } from 'vitest'

import {
  computeBackoffDelayMs,
  createRetryPolicy,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_DELAY_MS,
  ValidationError
} from '../src/index.js'

const ALMOST_ONE = 1 - Number.EPSILON

describe('RetryPolicy', () => {
  it('defaults to 5 attempts, a 100 ms base and a 20 s cap', () => {
    const policy = createRetryPolicy()
    expect([policy.maxAttempts, policy.baseDelayMs, policy.maxDelayMs]).toEqual([5, 100, 20_000])
    expect([DEFAULT_MAX_ATTEMPTS, DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS]).toEqual([
      5, 100, 20_000
    ])
  })

  it.each([
    [1, 0, 99],
    [2, 0, 199],
    [3, 0, 399],
    [4, 0, 799],
    [8, 0, 12_799],
    [9, 0, 19_999], // 25 600 is capped at 20 000
    [50, 0, 19_999]
  ])('after attempt %i the delay spans [%i, %i]', (attempt, low, high) => {
    const policy = createRetryPolicy()
    expect(policy.delayMs(attempt, () => 0)).toBe(low)
    expect(policy.delayMs(attempt, () => ALMOST_ONE)).toBe(high)
  })

  it('is full jitter: the delay is random() times the capped exponential ceiling', () => {
    const policy = createRetryPolicy({ baseDelayMs: 10, maxDelayMs: 1_000 })
    expect(policy.delayMs(3, () => 0.5)).toBe(20) // 0.5 * 40
    expect(policy.delayMs(3, () => 0.25)).toBe(10)
    expect(policy.delayMs(10, () => 0.5)).toBe(500) // 0.5 * min(1000, 5120)
  })

  it('never exceeds the cap nor goes negative, whatever the attempt', () => {
    for (let attempt = 1; attempt <= 2_000; attempt += 7) {
      const delay = computeBackoffDelayMs(attempt, 100, 20_000, () => ALMOST_ONE)
      expect(delay).toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThan(20_000)
    }
  })

  it('uses Math.random when no random source is given', () => {
    const policy = createRetryPolicy({ baseDelayMs: 1_000, maxDelayMs: 1_000 })
    const delays = new Set(Array.from({ length: 50 }, () => policy.delayMs(1)))
    expect(delays.size).toBeGreaterThan(1)
    for (const delay of delays) expect(delay).toBeLessThan(1_000)
  })

  it.each([
    [{ maxAttempts: 0 }],
    [{ maxAttempts: 1.5 }],
    [{ baseDelayMs: -1 }],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }]
  ])('rejects %o with a typed error', options => {
    expect(() => createRetryPolicy(options)).toThrow(ValidationError)
  })

  it('is frozen: engines can share it safely', () => {
    expect(Object.isFrozen(createRetryPolicy())).toBe(true)
  })
})

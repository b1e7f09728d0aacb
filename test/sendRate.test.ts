import { describe, expect, it } from 'vitest'

import { SendRateLimiter } from '../src/client/batch/sendRate.js'

/** A limiter on a hand-driven clock, and a helper that reports calls every `stepMs`. */
function setup() {
  let time = 0
  const limiter = new SendRateLimiter({ now: () => time })
  const calls = (count: number, stepMs: number, sent: number, refused: number) => {
    for (let call = 0; call < count; call += 1) {
      time += stepMs
      limiter.record(sent, refused, time - 1)
    }
  }
  return { limiter, calls, advance: (ms: number) => (time += ms) }
}

describe('SendRateLimiter', () => {
  it('does not pace while nothing is refused', () => {
    const { limiter, calls } = setup()
    calls(50, 10, 25, 0)
    expect(limiter.limit).toBeUndefined()
    expect(limiter.reserve(25)).toBe(0)
  })

  it('after a refusal, paces a little under the goodput of the last 200 ms', () => {
    const { limiter, calls } = setup()
    calls(40, 10, 25, 0) // 2 500 items/s accepted
    calls(1, 5, 25, 20)
    // The window (calls completed in the last 200 ms) holds 20 whole calls and the refused one:
    // 505 items accepted since the earliest of them was sent, 196 ms before.
    expect(limiter.limit).toBeCloseTo((0.95 * 505) / 0.196, 0)
    expect(limiter.reserve(25)).toBe(Math.ceil((25 / limiter.limit!) * 1_000))
  })

  it('keeps pacing, and grows, when refusals stop: the table was saturated', () => {
    const { limiter, calls } = setup()
    calls(40, 10, 25, 0)
    calls(1, 5, 25, 25)
    const paced = limiter.limit!
    calls(30, 10, 25, 0) // the trial: nothing refused at the new rate
    expect(limiter.limit).toBeGreaterThan(paced)
    const afterTrial = limiter.limit!
    calls(100, 10, 25, 0)
    expect(limiter.limit).toBeGreaterThan(afterTrial * 1.25)
  })

  it('stops pacing when refusals do not depend on the rate', () => {
    const { limiter, calls } = setup()
    calls(40, 10, 25, 8) // about 30% refused...
    expect(limiter.limit).toBeDefined()
    calls(30, 10, 25, 8) // ...and still 30% at the slower rate
    expect(limiter.limit).toBeUndefined()
  })

  it('waits longer before each new trial that does not help', () => {
    let time = 0
    const limiter = new SendRateLimiter({ now: () => time })
    const trialStarts: number[] = []
    let paced = false
    for (; time < 6_000; time += 10) {
      limiter.record(25, time < 1_000 ? 0 : 8, time - 1)
      if (!paced && limiter.limit !== undefined) trialStarts.push(time)
      paced = limiter.limit !== undefined
    }
    const gaps = trialStarts.slice(1).map((start, index) => start - (trialStarts[index] as number))
    // Each trial lasts about 250 ms; after the second failure, quiet spells of 500, 1000, 2000 ms.
    expect(gaps[0]).toBeLessThan(300)
    expect(gaps[1]).toBeGreaterThanOrEqual(750)
    expect(gaps[2]).toBeGreaterThanOrEqual(1_250)
    expect(gaps[3]).toBeGreaterThanOrEqual(2_250)
  })

  it('leaves pacing alone while nothing gets through: goodput then says nothing', () => {
    const { limiter, calls } = setup()
    calls(20, 10, 25, 25)
    expect(limiter.limit).toBeUndefined()
  })

  it('undoes a trial during which nothing got through, rather than pacing at nothing', () => {
    let time = 0
    const limiter = new SendRateLimiter({ now: () => time })
    for (; time < 400; time += 2) limiter.record(25, 0, time - 1) // 12 500 items/s, all accepted
    limiter.record(25, 25, time - 1) // a wall: a trial starts at the measured goodput
    expect(limiter.limit).toBeGreaterThan(10_000)
    let lowest = Number.POSITIVE_INFINITY
    for (let call = 0; call < 60; call += 1) {
      time += 10
      limiter.record(25, 25, time - 1) // nothing accepted, sent far under the trial rate
      lowest = Math.min(lowest, limiter.limit ?? lowest)
    }
    expect(lowest).toBeGreaterThan(1_000)
    expect(limiter.limit).toBeUndefined()
  })
})

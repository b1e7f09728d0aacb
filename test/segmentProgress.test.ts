import { describe, expect, it } from 'vitest'

import { BackfillProgress } from '../src/entities/backfill/segmentProgress.js'

const key = (index: number) => ({ pk: `K#${index}`, sk: 'S' })

describe('backfill progress', () => {
  it('resumes after what settled, skipping what settled beyond, whatever the order', () => {
    const progress = BackfillProgress.start(2)
    const ids = progress.addPage(0, [key(1), key(2), key(3), key(4)], {
      state: 'after',
      key: key(4)
    })
    progress.settle(0, ids[0] as string)
    progress.settle(0, ids[2] as string)
    const resumed = BackfillProgress.resume(
      progress.cursor() as string,
      2,
      new Set(['pk', 'sk']),
      'E'
    )
    expect(resumed.positions()).toEqual([{ state: 'after', key: key(1) }, { state: 'start' }])
    expect(resumed.settledBefore(0, key(3))).toBe(true)
    expect(resumed.settledBefore(0, key(2))).toBe(false)
    expect(resumed.settledBefore(0, key(4))).toBe(false)
  })

  it('holds a bounded number of entries however many items a segment reads', () => {
    const progress = BackfillProgress.start(1)
    let inFlight: string | undefined
    for (let page = 0; page < 200; page++) {
      const keys = Array.from({ length: 1_000 }, (_, index) => key(page * 1_000 + index))
      const ids = progress.addPage(0, keys, { state: 'after', key: key(page * 1_000 + 999) })
      // The last item of each page is still in flight when the next page is read.
      for (const id of ids.slice(0, -1)) progress.settle(0, id)
      if (inFlight !== undefined) progress.settle(0, inFlight)
      inFlight = ids.at(-1)
    }
    expect(progress.heldEntries()).toBeLessThan(5_000)
  })
})

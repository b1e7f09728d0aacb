import { fromCursor, invalidCursor, type Tagged, tagKey, toCursor, untagKey } from '../cursor.js'
import type { SegmentPosition } from '../scan/segmentScan.js'

type Key = Record<string, unknown>

/** One item of a segment, in scan order, or the end of a page (where the segment then stands). */
interface ItemEntry {
  readonly kind: 'item'
  readonly key: Key
  readonly id: string
  settled: boolean
}
type Entry = ItemEntry | { readonly kind: 'pageEnd'; readonly next: SegmentPosition }

/** Where a segment of a backfill stands: read and settled up to a key, and settled beyond it. */
interface SegmentState {
  position: SegmentPosition
  /** Items the scan returns again on a resume but that were settled already. */
  readonly skip: Set<string>
  /** Items and page ends not yet passed, in scan order, from `head` on. */
  queue: Entry[]
  head: number
  readonly items: Map<string, ItemEntry>
}

/**
 * What a backfill has settled, segment by segment, so that it can resume exactly. Items of a
 * segment settle out of order (they are written concurrently); the segment's position moves past
 * an item only once it and every item before it have settled, and the items settled beyond that
 * position are listed in the cursor, so a resumed run neither writes an item twice nor skips one.
 * Only writes still in flight when a process dies are unknown to the cursor.
 */
export class BackfillProgress {
  private readonly segments: SegmentState[]

  private constructor(segments: SegmentState[]) {
    this.segments = segments
  }

  static start(segments: number): BackfillProgress {
    return new BackfillProgress(
      Array.from({ length: segments }, () => emptyState({ state: 'start' }, new Set()))
    )
  }

  static resume(
    cursor: string,
    segments: number,
    keyAttributes: ReadonlySet<string>,
    entity: string
  ): BackfillProgress {
    const states = (fromCursor(cursor) as { backfill?: unknown } | undefined)?.backfill
    if (!Array.isArray(states) || states.length !== segments) throw invalidCursor(entity)
    return new BackfillProgress(
      states.map(state => {
        if (state === 1) return emptyState({ state: 'done' }, new Set())
        const { after, done } = (state ?? {}) as { after?: unknown; done?: unknown }
        const key = after === null ? undefined : untagKey(after, keyAttributes)
        if ((after !== null && key === undefined) || !Array.isArray(done))
          throw invalidCursor(entity)
        const skip = new Set(
          done.map(tagged => {
            const doneKey = untagKey(tagged, keyAttributes)
            if (doneKey === undefined) throw invalidCursor(entity)
            return keyId(doneKey)
          })
        )
        return emptyState(key === undefined ? { state: 'start' } : { state: 'after', key }, skip)
      })
    )
  }

  /** Entries held in memory, passed ones included (for tests: it must stay bounded). */
  heldEntries(): number {
    return this.segments.reduce((sum, segment) => sum + segment.queue.length, 0)
  }

  /** Where each segment's scan starts. */
  positions(): SegmentPosition[] {
    return this.segments.map(segment => segment.position)
  }

  /** Whether a resumed run already settled this item. */
  settledBefore(segment: number, key: Key): boolean {
    return this.state(segment).skip.has(keyId(key))
  }

  /** A page's items, in scan order, then where the segment stands after it. */
  addPage(segment: number, keys: readonly Key[], next: SegmentPosition): string[] {
    const { queue, items } = this.state(segment)
    const ids = keys.map(key => {
      const entry: ItemEntry = { kind: 'item', key, id: keyId(key), settled: false }
      queue.push(entry)
      items.set(entry.id, entry)
      return entry.id
    })
    queue.push({ kind: 'pageEnd', next })
    this.advance(segment)
    return ids
  }

  /** An item is done with (written, unchanged, ...): the segment moves past what is settled. */
  settle(segment: number, id: string): boolean {
    const entry = this.state(segment).items.get(id)
    if (entry !== undefined) entry.settled = true
    return this.advance(segment)
  }

  /** Resumes after every settled item; `undefined` once every segment is done. */
  cursor(): string | undefined {
    if (this.segments.every(segment => segment.position.state === 'done')) return undefined
    return toCursor({
      backfill: this.segments.map(({ position, items }) => {
        if (position.state === 'done') return 1
        const done: Record<string, Tagged>[] = []
        for (const entry of items.values()) if (entry.settled) done.push(tagKey(entry.key))
        return { after: position.state === 'after' ? tagKey(position.key) : null, done }
      })
    })
  }

  /** Moves a segment past its settled front; true when it passed a page's end. */
  private advance(segment: number): boolean {
    const state = this.state(segment)
    let passedPage = false
    for (;;) {
      const front = state.queue[state.head]
      if (front === undefined) {
        state.queue = []
        state.head = 0
        return passedPage
      }
      if (front.kind === 'item') {
        if (!front.settled) return passedPage
        state.position = { state: 'after', key: front.key }
        state.items.delete(front.id)
      } else {
        state.position = front.next
        passedPage = true
      }
      state.head += 1
      // Drop what the segment has passed, so a long segment does not keep every item it read.
      if (state.head >= COMPACT_AFTER && state.head * 2 >= state.queue.length) {
        state.queue = state.queue.slice(state.head)
        state.head = 0
      }
    }
  }

  private state(segment: number): SegmentState {
    return this.segments[segment] as SegmentState
  }
}

/** Passed entries a queue may hold before it is compacted (amortised: half of it at least). */
const COMPACT_AFTER = 1024

function emptyState(position: SegmentPosition, skip: Set<string>): SegmentState {
  return { position, skip, queue: [], head: 0, items: new Map() }
}

/** An item's identity within a table: its primary key's values. */
export function keyId(key: Key): string {
  return JSON.stringify(tagKey(key))
}

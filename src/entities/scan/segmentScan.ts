/**
 * A parallel scan as DynamoDB runs one: the table split into `segments`, each read page by page
 * from where it stopped. Segments are read concurrently (at most `concurrency` calls in flight),
 * each one page ahead of its consumer, and pages come out as they arrive, so memory holds at
 * most `concurrency` pages whatever the table's size.
 */

/** Where each segment stands: not started, after a key, or done. */
export type SegmentPosition =
  | { readonly state: 'start' }
  | { readonly state: 'after'; readonly key: Record<string, unknown> }
  | { readonly state: 'done' }

export interface SegmentPage<PAGE> {
  readonly segment: number
  readonly page: PAGE
  /** Where the segment stands once this page is consumed. */
  readonly next: SegmentPosition
}

export interface SegmentRead<PAGE> {
  readonly page: PAGE
  readonly lastEvaluatedKey: Record<string, unknown> | undefined
}

export interface SegmentScanOptions<PAGE> {
  /** Where every segment starts (its length is the number of segments). */
  readonly positions: readonly SegmentPosition[]
  /** Segments to read (default all): one worker of several reads only its own. */
  readonly only?: readonly number[] | undefined
  readonly concurrency: number
  readonly signal?: AbortSignal | undefined
  /** Reads one page of a segment from a position (never 'done'). */
  read(
    segment: number,
    exclusiveStartKey: Record<string, unknown> | undefined
  ): Promise<SegmentRead<PAGE>>
}

/** Pages of every unfinished segment, in the order they arrive. */
export async function* scanSegments<PAGE>(
  options: SegmentScanOptions<PAGE>
): AsyncGenerator<SegmentPage<PAGE>> {
  const { concurrency, signal } = options
  const positions = [...options.positions]
  const waiting = (options.only ?? positions.map((_, segment) => segment)).filter(
    segment => positions[segment]?.state !== 'done'
  )
  const inFlight = new Map<number, Promise<SegmentPage<PAGE>>>()
  const start = (segment: number, position: SegmentPosition) => {
    const startKey = position.state === 'after' ? position.key : undefined
    inFlight.set(
      segment,
      options.read(segment, startKey).then(({ page, lastEvaluatedKey }) => ({
        segment,
        page,
        next:
          lastEvaluatedKey === undefined
            ? { state: 'done' }
            : { state: 'after', key: lastEvaluatedKey }
      }))
    )
  }
  try {
    for (;;) {
      while (inFlight.size < concurrency && waiting.length > 0 && signal?.aborted !== true) {
        const segment = waiting.shift() as number
        start(segment, positions[segment] as SegmentPosition)
      }
      if (inFlight.size === 0) return
      const arrived = await Promise.race(inFlight.values())
      inFlight.delete(arrived.segment)
      positions[arrived.segment] = arrived.next
      // Read the segment's next page while this one is consumed.
      if (arrived.next.state === 'after') waiting.unshift(arrived.segment)
      while (inFlight.size < concurrency && waiting.length > 0 && signal?.aborted !== true) {
        const segment = waiting.shift() as number
        start(segment, positions[segment] as SegmentPosition)
      }
      yield arrived
    }
  } finally {
    // Reads still in flight end with the signal or on their own; their pages are not wanted.
    for (const pending of inFlight.values()) pending.catch(() => undefined)
  }
}

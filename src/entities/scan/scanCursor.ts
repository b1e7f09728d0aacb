import { fromCursor, invalidCursor, tagKey, toCursor, untagKey } from '../cursor.js'
import type { SegmentPosition } from './segmentScan.js'

/** DynamoDB's limit on the segments of a parallel scan. */
export const MAX_SCAN_SEGMENTS = 1_000_000

/**
 * A parallel scan's cursor: where every segment stands (not started, after a key, done), so that
 * a scan resumed from it reads each item it had not returned yet, once.
 */
export function encodeScanCursor(positions: readonly SegmentPosition[]): string | undefined {
  if (positions.every(position => position.state === 'done')) return undefined
  return toCursor({
    segments: positions.map(position =>
      position.state === 'start' ? 0 : position.state === 'done' ? 1 : tagKey(position.key)
    )
  })
}

export function decodeScanCursor(
  cursor: string,
  segments: number,
  allowedAttributes: ReadonlySet<string>,
  entity: string
): SegmentPosition[] {
  const decoded = fromCursor(cursor) as { segments?: unknown } | undefined
  const states = decoded?.segments
  if (!Array.isArray(states) || states.length !== segments) throw invalidCursor(entity)
  return states.map(state => {
    if (state === 0) return { state: 'start' }
    if (state === 1) return { state: 'done' }
    const key = untagKey(state, allowedAttributes)
    if (key === undefined) throw invalidCursor(entity)
    return { state: 'after', key }
  })
}

/** Every segment at its start. */
export function startPositions(segments: number): SegmentPosition[] {
  return Array.from({ length: segments }, () => ({ state: 'start' }) as const)
}

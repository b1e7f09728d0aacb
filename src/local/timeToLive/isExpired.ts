import type { AttributeValue } from '../dynalite/internals.js'

/**
 * DynamoDB ignores TTL values more than five years in the past (its guide: "an expiration of no
 * more than five years in the past"), so an epoch in milliseconds or a zero placeholder never
 * deletes an item. The guide gives no exact span; five years of 365 days is taken here.
 */
export const MAX_EXPIRED_AGE_SECONDS = 5 * 365 * 24 * 60 * 60

/**
 * Whether DynamoDB's time to live deletes an item whose TTL attribute holds `value`, at `nowMs`:
 * only a top-level Number, in epoch seconds, earlier than now and no more than five years ago.
 * Any other type (a String of digits, a number set, a list) is ignored.
 */
export function isExpired(value: AttributeValue | undefined, nowMs: number): boolean {
  if (typeof value?.N !== 'string') return false
  const expiresAt = Number(value.N)
  const now = nowMs / 1000
  return expiresAt < now && expiresAt >= now - MAX_EXPIRED_AGE_SECONDS
}

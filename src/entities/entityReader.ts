import type { Entity } from 'dynamodb-toolbox/entity'

import { formattingReader, type ItemReader } from '../client/itemReader.js'

export interface EntityReaderOptions {
  /** The stored name of the entity's time-to-live attribute (epoch seconds), when it has one. */
  timeToLiveAttribute?: string | undefined
  now?: () => number
  /** Formats whole items of plain schemas without toolbox's formatter (`FastParser.format`). */
  fastFormat?:
    ((stored: Record<string, unknown>) => Record<string, unknown> | undefined) | undefined
}

interface AttributeSchema {
  props: { savedAs?: string; putDefault?: unknown; putLink?: unknown; hidden?: boolean }
}

/**
 * How an entity reads stored items, so that reads survive schema evolution: an attribute declared
 * with a default after items were written reads back with that default (a function default is
 * called, as a put would), instead of failing every read of the older items. An item past its
 * time to live reads as missing unless `includeExpired` is asked for: DynamoDB deletes expired
 * items lazily, up to days later.
 */
export function createEntityReader(entity: Entity, options: EntityReaderOptions = {}): ItemReader {
  const now = options.now ?? Date.now
  const defaults: [string, unknown][] = []
  for (const [name, attribute] of Object.entries(entity.schema.attributes)) {
    const { savedAs = name, putDefault, putLink } = (attribute as unknown as AttributeSchema).props
    // Links (index keys) and the entity tag are computed, not defaulted.
    if (putDefault === undefined || putLink !== undefined) continue
    if (savedAs === entity.table.entityAttributeSavedAs) continue
    defaults.push([savedAs, putDefault])
  }
  const ttl = options.timeToLiveAttribute
  return formattingReader(
    entity,
    (stored, readOptions) => {
      if (ttl !== undefined && !readOptions.includeExpired && isExpired(stored[ttl], now())) {
        return undefined
      }
      if (readOptions.partial || defaults.every(([savedAs]) => stored[savedAs] !== undefined)) {
        return stored
      }
      const filled: Record<string, unknown> = { ...stored }
      for (const [savedAs, value] of defaults) {
        if (filled[savedAs] === undefined) {
          filled[savedAs] = typeof value === 'function' ? (value as () => unknown)() : value
        }
      }
      return filled
    },
    options.fastFormat
  )
}

/** DynamoDB's rule: a Number of epoch seconds in the past (ignored when over five years old). */
export function isExpired(value: unknown, nowMs: number): boolean {
  if (typeof value !== 'number') return false
  const nowSeconds = nowMs / 1_000
  return value < nowSeconds && value > nowSeconds - FIVE_YEARS_SECONDS
}

const FIVE_YEARS_SECONDS = 5 * 365 * 24 * 60 * 60

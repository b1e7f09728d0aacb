import { InvalidItemError } from '../client/errors/index.js'
import type { EntityModel } from './writes/entityModel.js'

type Stored = Record<string, unknown>

/** An item a page left out because it cannot be read as its entity (`onInvalidItem: 'skip'`). */
export interface SkippedItem {
  /** The item's primary key, to find and fix it. */
  readonly key: Readonly<Record<string, unknown>>
  readonly error: InvalidItemError
}

export interface ReadPageOptions {
  /**
   * What an item that cannot be read as its entity does: `'throw'` (default) fails the page with an
   * InvalidItemError naming the entity and the attribute; `'skip'` leaves it out and lists it in
   * the page's `skipped`.
   */
  onInvalidItem?: 'throw' | 'skip' | undefined
  /** Items past their time to live are left out unless this is true. */
  includeExpired?: boolean | undefined
}

export interface ReadPage<ITEM> {
  items: ITEM[]
  /** With `onInvalidItem: 'skip'`: the items left out. */
  skipped?: SkippedItem[]
}

/**
 * Reads a page's stored items as the entity reads them, keeping those `keep` accepts; `partial`
 * entries (from an index that projects some attributes) are read as they are, none required.
 */
export function readPage(
  model: EntityModel,
  stored: readonly Stored[],
  options: ReadPageOptions & { partial?: boolean; attributes?: readonly string[] | undefined },
  keep: (item: Stored) => boolean = () => true
): ReadPage<Stored> {
  const skip = options.onInvalidItem === 'skip'
  const items: Stored[] = []
  const skipped: SkippedItem[] = []
  const readOptions = {
    ...(options.includeExpired === true ? { includeExpired: true } : {}),
    ...(options.partial === true ? { partial: true } : {}),
    ...(options.attributes === undefined ? {} : { attributes: options.attributes })
  }
  for (const entry of stored) {
    let item: Stored | undefined
    try {
      item = model.reader.read(entry, readOptions)
    } catch (error) {
      if (!skip || !(error instanceof InvalidItemError)) throw error
      skipped.push({ key: error.key, error })
      continue
    }
    if (item !== undefined && keep(item)) items.push(item)
  }
  return skip ? { items, skipped } : { items }
}

import type { Entity } from 'dynamodb-toolbox/entity'
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format'
import { DynamoDBToolboxError } from 'dynamodb-toolbox/errors'

import { InvalidItemError } from './errors/index.js'

export interface ReadOptions {
  /** A partial item (what `UPDATED_NEW` returns): no attribute is required, none defaulted. */
  partial?: boolean
  /** Read only these attributes (a projection). */
  attributes?: readonly string[]
  /** Items past their time to live are read as missing unless this is true. */
  includeExpired?: boolean
}

/** How an entity reads what DynamoDB stores. */
export interface ItemReader {
  /**
   * The item as the entity formats it, or `undefined` when it has expired.
   *
   * @throws InvalidItemError when it does not match the entity's schema
   */
  read(
    stored: Readonly<Record<string, unknown>>,
    options?: ReadOptions
  ): Record<string, unknown> | undefined
}

const readers = new WeakMap<Entity, ItemReader>()

/** `defineEntity` registers the reader of each entity it builds (defaults, expiry). */
export function registerItemReader(entity: Entity, reader: ItemReader): void {
  readers.set(entity, reader)
}

/** The entity's reader: the one `defineEntity` registered, else toolbox's formatter alone. */
export function readerFor(entity: Entity): ItemReader {
  let reader = readers.get(entity)
  if (reader === undefined) {
    reader = formattingReader(entity, item => item)
    readers.set(entity, reader)
  }
  return reader
}

/**
 * toolbox's formatter, with its errors (which quote values) turned into an InvalidItemError that
 * names the attribute and carries the item's key. `prepare` fills in what the stored item lacks;
 * `fastFormat`, when given, formats whole items first and hands what it cannot vouch for to toolbox.
 */
export function formattingReader(
  entity: Entity,
  prepare: (
    stored: Readonly<Record<string, unknown>>,
    options: ReadOptions
  ) => Readonly<Record<string, unknown>> | undefined,
  fastFormat?: (stored: Record<string, unknown>) => Record<string, unknown> | undefined
): ItemReader {
  const formatter = new EntityFormatter(entity)
  const { partitionKey, sortKey } = entity.table
  return {
    read(stored, options = {}) {
      const prepared = prepare(stored, options)
      if (prepared === undefined) return undefined
      if (fastFormat !== undefined && !options.partial && options.attributes === undefined) {
        const item = fastFormat(prepared)
        if (item !== undefined) return item
      }
      try {
        return formatter.format(prepared as never, {
          ...(options.partial ? { partial: true } : {}),
          ...(options.attributes === undefined ? {} : { attributes: options.attributes as never })
        }) as Record<string, unknown>
      } catch (error) {
        if (!(error instanceof DynamoDBToolboxError)) throw error
        const key: Record<string, unknown> = { [partitionKey.name]: stored[partitionKey.name] }
        if (sortKey !== undefined) key[sortKey.name] = stored[sortKey.name]
        const attribute = typeof error.path === 'string' ? error.path.split(/[.[]/)[0] : undefined
        throw new InvalidItemError(entity.entityName, attribute, error.code, key)
      }
    }
  }
}

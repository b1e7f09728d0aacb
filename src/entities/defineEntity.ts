import type { Entity, EntityAttrDefaultOptions } from 'dynamodb-toolbox/entity'
import type { ItemAttributes, ItemSchema } from 'dynamodb-toolbox/schema/item'

import { registerItemReader } from '../client/itemReader.js'
import { timeToLiveOf, type SingleTable } from '../schema/defineTable.js'
import { buildToolboxEntity, type KeyTemplates } from './entityKeys.js'
import { createEntityFacade } from './entityFacade.js'
import { createEntityReader } from './entityReader.js'
import type { MonotableEntity } from './entityTypes.js'
import type { CheckedTemplate, EntityIndexes, IndexMappingOf } from './indexTypes.js'
import { compileFastParser } from './fastParser.js'
import type { UniqueDeclaration } from './features/uniqueValues.js'
import {
  type TimestampsDeclaration,
  type ToolboxTimestamps,
  toolboxTimestamps
} from './features/timestamps.js'
import { assertOwnSchema } from './toolboxIdentity.js'
import { buildEntityModel } from './writes/entityModel.js'

export type { EntityIndexes, EntityQuery, QueriedItem, SlotCondition } from './indexTypes.js'
export type {
  DeleteOptions,
  EntityQueryOptions,
  EntityScanOptions,
  EntityTransactAction,
  GetOptions,
  IndexTemplates,
  MonotableEntity,
  PutOptions,
  TransactWriteOptions,
  UpdateOptions
} from './entityTypes.js'

/** The dynamodb-toolbox entity `defineEntity` builds (entity attribute on, timestamps as declared). */
export type ToolboxEntity<
  NAME extends string = string,
  TABLE extends SingleTable = SingleTable,
  ATTRIBUTES extends ItemAttributes = ItemAttributes,
  TIMESTAMPS extends TimestampsDeclaration = false
> = Entity<NAME, TABLE, ATTRIBUTES, EntityAttrDefaultOptions, ToolboxTimestamps<TIMESTAMPS>>

type NumberAttributeNames<ATTRIBUTES extends ItemAttributes> = {
  [NAME in keyof ATTRIBUTES]: ATTRIBUTES[NAME] extends { type: 'number' } ? NAME : never
}[keyof ATTRIBUTES] &
  string

type KeyAttributeNames<ATTRIBUTES extends ItemAttributes> = {
  [NAME in keyof ATTRIBUTES]: ATTRIBUTES[NAME] extends { props: { key: true } } ? NAME : never
}[keyof ATTRIBUTES] &
  string

export interface EntityDeclaration<
  TABLE extends SingleTable,
  NAME extends string,
  ATTRIBUTES extends ItemAttributes,
  KEY extends KeyTemplates,
  INDEXES extends EntityIndexes,
  VERSION extends string = never,
  TTL extends string = never,
  TIMESTAMPS extends TimestampsDeclaration = false
> {
  /** Stored in every item (`_et`) and used to tell entities apart in a collection. */
  name: NAME
  /** A toolbox `item({...})` schema. Attributes used in the primary key are marked `.key()`. */
  schema: ItemSchema<ATTRIBUTES>
  /**
   * Primary key templates, e.g. `{ pk: 'CUSTOMER#<customerId>', sk: 'CUSTOMER' }` (no `sk` on a
   * table without a sort key).
   */
  key: {
    pk: CheckedTemplate<KEY['pk'], KeyAttributeNames<ATTRIBUTES>, 'a .key() attribute'>
    sk?: CheckedTemplate<KEY['sk'], KeyAttributeNames<ATTRIBUTES>, 'a .key() attribute'>
  }
  /**
   * How the entity fills its table's indexes, by index name: templates for a composed index
   * (`{ gsi1: { pk: 'CUSTOMER#<customerId>', sk: 'ORDER#<createdAt>' } }`, `{ lsi1: { sk: ... } }`),
   * or its own attributes for the typed slots of an attribute-keyed one
   * (`{ byStatus: { partition: ['orgId'], sort: ['status', 'priority'] } }`), each of the slot's type.
   */
  indexes?: {
    [INDEX in keyof INDEXES]: IndexMappingOf<
      INDEX extends keyof TABLE['indexes'] ? TABLE['indexes'][INDEX] : never,
      ATTRIBUTES,
      INDEXES[INDEX]
    >
  }
  /**
   * Unique values by constraint name: the attributes whose values, together, no two items of the
   * entity may share, e.g. `{ email: ['email'], orgSlug: ['orgId', 'slug'] }`; or
   * `{ attributes, normalize }` to compare normalised values (`value => value.toLowerCase()`).
   */
  unique?: Readonly<Record<string, UniqueDeclaration<keyof ATTRIBUTES & string>>>
  /**
   * Optimistic locking: a number attribute (declare it `number().default(0)`) that every write
   * increments and requires to be the value read.
   */
  version?: VERSION & NumberAttributeNames<ATTRIBUTES>
  /**
   * `createdAt` / `updatedAt` (ISO 8601), set by every write; or `{ created, updated }` naming
   * them (`false` leaves one out).
   */
  timestamps?: TIMESTAMPS
  /**
   * The attribute that says when the item expires (epoch seconds; a `Date` is accepted on input):
   * the table's time-to-live attribute (`defineTable({ timeToLive })`).
   */
  ttl?: TTL & keyof ATTRIBUTES & string
}

/**
 * Declares an entity on a single table. Keys are composed from templates; values are escaped so
 * they cannot reach into another item collection (see `keyTemplate.ts`).
 *
 * @example
 * const Customer = defineEntity(table, {
 *   name: 'Customer',
 *   schema: item({ customerId: string().key(), email: string(), name: string() }),
 *   key: { pk: 'CUSTOMER#<customerId>', sk: 'CUSTOMER' }
 * })
 * await Customer.put({ customerId: 'c1', email: 'ada@example.com', name: 'Ada' })
 * const ada = await Customer.get({ customerId: 'c1' })
 */
export function defineEntity<
  TABLE extends SingleTable,
  const NAME extends string,
  ATTRIBUTES extends ItemAttributes,
  const KEY extends KeyTemplates,
  const INDEXES extends EntityIndexes = {},
  const VERSION extends string = never,
  const TTL extends string = never,
  const TIMESTAMPS extends TimestampsDeclaration = false
>(
  table: TABLE,
  declaration: EntityDeclaration<
    TABLE,
    NAME,
    ATTRIBUTES,
    KEY,
    INDEXES,
    VERSION,
    TTL,
    TIMESTAMPS
  > & {
    key: KEY
    indexes?: INDEXES
  }
): MonotableEntity<ToolboxEntity<NAME, TABLE, ATTRIBUTES, TIMESTAMPS>, KEY, INDEXES, VERSION, TTL> {
  assertOwnSchema(declaration.schema, declaration.name)
  const timestamps = toolboxTimestamps(declaration.name, declaration.timestamps)
  const { entity, primaryKey, indexKeys, linkedAttributes, slots } = buildToolboxEntity({
    entityName: declaration.name,
    table,
    schema: declaration.schema as ItemSchema,
    key: declaration.key,
    indexes: declaration.indexes ?? {},
    timestamps: timestamps.toolbox
  })
  const tableTimeToLive = timeToLiveOf(table)
  const fast = compileFastParser(entity, linkedAttributes, timestamps.attributes)
  const reader = createEntityReader(entity, {
    timeToLiveAttribute: declaration.ttl === undefined ? undefined : tableTimeToLive,
    fastFormat: fast?.format
  })
  registerItemReader(entity, reader)
  const model = buildEntityModel(
    entity,
    { unique: declaration.unique, version: declaration.version, ttl: declaration.ttl },
    { linkedAttributes, slots, timestamps: timestamps.attributes, reader, tableTimeToLive, fast }
  )
  return createEntityFacade({
    model,
    key: declaration.key,
    indexes: declaration.indexes ?? {},
    primaryKey,
    indexKeys
  }) as never
}

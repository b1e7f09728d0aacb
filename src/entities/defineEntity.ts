import type { Entity, EntityAttrDefaultOptions } from 'dynamodb-toolbox/entity'
import type { ItemAttributes, ItemSchema } from 'dynamodb-toolbox/schema/item'

import { registerItemReader } from '../client/itemReader.js'
import { timeToLiveOf, type SingleTable } from '../schema/defineTable.js'
import type { TemplateAttributes } from '../schema/keyTemplate.js'
import { buildToolboxEntity, type KeyTemplates } from './entityKeys.js'
import { createEntityFacade } from './entityFacade.js'
import { createEntityReader } from './entityReader.js'
import type { IndexTemplates, MonotableEntity } from './entityTypes.js'
import { compileFastParser } from './fastParser.js'
import type { UniqueDeclaration } from './features/uniqueValues.js'
import {
  type TimestampsDeclaration,
  type ToolboxTimestamps,
  toolboxTimestamps
} from './features/timestamps.js'
import { assertOwnSchema } from './toolboxIdentity.js'
import { buildEntityModel } from './writes/entityModel.js'

export type {
  DeleteOptions,
  EntityQuery,
  EntityQueryOptions,
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

/** Resolves to the template, or to a readable error string when it names unknown attributes. */
type CheckedTemplate<TEMPLATE extends string, ALLOWED extends string, WHAT extends string> = [
  TemplateAttributes<TEMPLATE>
] extends [ALLOWED]
  ? TEMPLATE
  : `'${Exclude<TemplateAttributes<TEMPLATE>, ALLOWED>}' is not ${WHAT}`

export interface EntityDeclaration<
  NAME extends string,
  ATTRIBUTES extends ItemAttributes,
  KEY extends KeyTemplates,
  INDEXES extends IndexTemplates,
  VERSION extends string = never,
  TTL extends string = never,
  TIMESTAMPS extends TimestampsDeclaration = false
> {
  /** Stored in every item (`_et`) and used to tell entities apart in a collection. */
  name: NAME
  /** A toolbox `item({...})` schema. Attributes used in the primary key are marked `.key()`. */
  schema: ItemSchema<ATTRIBUTES>
  /** Primary key templates, e.g. `{ pk: 'CUSTOMER#<customerId>', sk: 'CUSTOMER' }`. */
  key: {
    pk: CheckedTemplate<KEY['pk'], KeyAttributeNames<ATTRIBUTES>, 'a .key() attribute'>
    sk: CheckedTemplate<KEY['sk'], KeyAttributeNames<ATTRIBUTES>, 'a .key() attribute'>
  }
  /** GSI key templates by index name, e.g. `{ gsi1: { pk: 'CUSTOMER#<customerId>', sk: 'ORDER#<createdAt>' } }`. */
  indexes?: {
    [INDEX in keyof INDEXES]: {
      pk: CheckedTemplate<INDEXES[INDEX]['pk'], keyof ATTRIBUTES & string, 'an attribute'>
      sk: CheckedTemplate<INDEXES[INDEX]['sk'], keyof ATTRIBUTES & string, 'an attribute'>
    }
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
  const INDEXES extends IndexTemplates = {},
  const VERSION extends string = never,
  const TTL extends string = never,
  const TIMESTAMPS extends TimestampsDeclaration = false
>(
  table: TABLE,
  declaration: EntityDeclaration<NAME, ATTRIBUTES, KEY, INDEXES, VERSION, TTL, TIMESTAMPS> & {
    key: KEY
    indexes?: INDEXES
  }
): MonotableEntity<ToolboxEntity<NAME, TABLE, ATTRIBUTES, TIMESTAMPS>, KEY, INDEXES, VERSION, TTL> {
  assertOwnSchema(declaration.schema, declaration.name)
  const timestamps = toolboxTimestamps(declaration.name, declaration.timestamps)
  const { entity, primaryKey, indexKeys, linkedAttributes } = buildToolboxEntity({
    entityName: declaration.name,
    table,
    schema: declaration.schema as ItemSchema,
    key: declaration.key,
    indexes: declaration.indexes ?? {},
    timestamps: timestamps.toolbox
  })
  const tableTimeToLive = timeToLiveOf(table)
  const reader = createEntityReader(entity, {
    timeToLiveAttribute: declaration.ttl === undefined ? undefined : tableTimeToLive
  })
  registerItemReader(entity, reader)
  const model = buildEntityModel(
    entity,
    { unique: declaration.unique, version: declaration.version, ttl: declaration.ttl },
    { linkedAttributes, reader, tableTimeToLive }
  )
  return createEntityFacade({
    model,
    key: declaration.key,
    indexes: declaration.indexes ?? {},
    primaryKey,
    indexKeys,
    fast: compileFastParser(entity, linkedAttributes, timestamps.attributes)
  }) as never
}

import type { Entity, FormattedItem } from 'dynamodb-toolbox/entity'
import type { Key } from 'dynamodb-toolbox/table'

import type { ProjectedItem } from '../client/projections.js'
import type { TemplateAttributes } from '../schema/keyTemplate.js'
import type { EntityIndexDeclaration, KeyTemplates } from './entityKeys.js'
import type { PartitionValues, RangeValues } from './keyQuery.js'

/** How an entity maps itself onto its table's indexes, by index name. */
export type EntityIndexes = Readonly<Record<string, EntityIndexDeclaration>>

/** Resolves to the template, or to a readable error string when it names unknown attributes. */
export type CheckedTemplate<
  TEMPLATE,
  ALLOWED extends string,
  WHAT extends string
> = TEMPLATE extends string
  ? [TemplateAttributes<TEMPLATE>] extends [ALLOWED]
    ? TEMPLATE
    : `'${Exclude<TemplateAttributes<TEMPLATE>, ALLOWED>}' is not ${WHAT}`
  : never

/** The names of the attributes whose schema type is `TYPE` ('string', 'number', 'binary'). */
export type AttributesOfType<ATTRIBUTES, TYPE> = {
  [NAME in keyof ATTRIBUTES]: ATTRIBUTES[NAME] extends { readonly type: TYPE } ? NAME : never
}[keyof ATTRIBUTES] &
  string

type SlotAttributes<ATTRIBUTES, SLOTS extends readonly Key[]> = {
  readonly [POSITION in keyof SLOTS]: SLOTS[POSITION] extends Key
    ? AttributesOfType<ATTRIBUTES, SLOTS[POSITION]['type']>
    : never
}

/** An entity's mapping onto the slots of an attribute-keyed index: one attribute of the slot's type each. */
export type SlotMappingOf<TABLE_INDEX, ATTRIBUTES> = TABLE_INDEX extends {
  readonly type: 'local'
  readonly sortKey: infer SORT extends Key
}
  ? { readonly sort: readonly [AttributesOfType<ATTRIBUTES, SORT['type']>] }
  : TABLE_INDEX extends {
        readonly partitionKeys: infer PARTITION extends readonly Key[]
        readonly sortKeys: infer SORT extends readonly Key[]
      }
    ? { readonly partition: SlotAttributes<ATTRIBUTES, PARTITION> } & (SORT extends readonly []
        ? { readonly sort?: readonly [] }
        : { readonly sort: SlotAttributes<ATTRIBUTES, SORT> })
    : 'this index is not keyed on typed attributes: map it with pk/sk templates'

/**
 * What an entity may declare for one index: templates naming its attributes, or, for an
 * attribute-keyed index, an attribute of the right type for every slot.
 */
export type IndexMappingOf<TABLE_INDEX, ATTRIBUTES, DECLARED> = DECLARED extends
  { readonly partition: readonly string[] } | { readonly sort: readonly string[] }
  ? SlotMappingOf<TABLE_INDEX, ATTRIBUTES>
  : {
      readonly pk?: DECLARED extends { readonly pk: infer PK }
        ? CheckedTemplate<PK, keyof ATTRIBUTES & string, 'an attribute'>
        : never
      readonly sk?: DECLARED extends { readonly sk: infer SK }
        ? CheckedTemplate<SK, keyof ATTRIBUTES & string, 'an attribute'>
        : never
    }

type Present<VALUE> = Exclude<VALUE, undefined>

/** A condition on one typed sort attribute; the values are compared as DynamoDB compares them. */
export type SlotCondition<VALUE> =
  | { readonly eq: VALUE }
  | { readonly lt: VALUE }
  | { readonly lte: VALUE }
  | { readonly gt: VALUE }
  | { readonly gte: VALUE }
  | { readonly between: readonly [VALUE, VALUE] }
  | ([VALUE] extends [string] ? { readonly beginsWith: string } : never)
  | ([VALUE] extends [Uint8Array] ? { readonly beginsWith: Uint8Array } : never)

type ItemOf<ENTITY extends Entity> = FormattedItem<ENTITY>

type AttributeValues<ENTITY extends Entity, NAMES extends string> = {
  readonly [NAME in NAMES]: NAME extends keyof ItemOf<ENTITY>
    ? Present<ItemOf<ENTITY>[NAME]>
    : never
}

type AttributeRange<ENTITY extends Entity, NAMES extends string> = {
  readonly [NAME in NAMES]?: NAME extends keyof ItemOf<ENTITY>
    ? Present<ItemOf<ENTITY>[NAME]> | SlotCondition<Present<ItemOf<ENTITY>[NAME]>>
    : never
}

/** A query through one index, shaped by how the entity maps onto it. */
type IndexQueryOf<ENTITY extends Entity, KEY extends KeyTemplates, DECLARED> = DECLARED extends {
  readonly partition: infer PARTITION extends readonly string[]
}
  ? {
      partition: AttributeValues<ENTITY, PARTITION[number]>
      range?: AttributeRange<ENTITY, SortAttributes<DECLARED>>
    }
  : DECLARED extends { readonly sort: readonly string[] }
    ? { partition: PartitionValues<KEY>; range?: AttributeRange<ENTITY, SortAttributes<DECLARED>> }
    : DECLARED extends { readonly pk: string }
      ? { partition: PartitionValues<DECLARED>; range?: RangeValues<DECLARED> }
      : DECLARED extends { readonly sk: infer SK extends string }
        ? { partition: PartitionValues<KEY>; range?: RangeValues<{ pk: ''; sk: SK }> }
        : never

type SortAttributes<DECLARED> = DECLARED extends {
  readonly sort: infer SORT extends readonly string[]
}
  ? SORT[number]
  : never

/** A query on the primary key, or on one of the indexes the entity declares. */
export type EntityQuery<
  ENTITY extends Entity,
  KEY extends KeyTemplates,
  INDEXES extends EntityIndexes
> =
  | { index?: undefined; partition: PartitionValues<KEY>; range?: RangeValues<KEY> }
  | {
      [INDEX in keyof INDEXES & string]: { index: INDEX } & IndexQueryOf<
        ENTITY,
        KEY,
        INDEXES[INDEX]
      >
    }[keyof INDEXES & string]

/** The entity attributes an index holds for this entity: its key's, and those it maps there. */
type IndexedAttributes<KEY extends KeyTemplates, DECLARED> =
  | TemplateAttributes<KEY['pk']>
  | (KEY extends { readonly sk: infer SK extends string } ? TemplateAttributes<SK> : never)
  | (DECLARED extends { readonly partition: infer PARTITION extends readonly string[] }
      ? PARTITION[number]
      : never)
  | SortAttributes<DECLARED>
  | (DECLARED extends { readonly pk: infer PK extends string } ? TemplateAttributes<PK> : never)
  | (DECLARED extends { readonly sk: infer SK extends string } ? TemplateAttributes<SK> : never)

type ProjectionOfIndex<
  ENTITY extends Entity,
  INDEX
> = ENTITY['table']['indexes'] extends infer INDEXES
  ? INDEX extends keyof INDEXES
    ? INDEXES[INDEX] extends { readonly projection: infer PROJECTION }
      ? PROJECTION
      : 'ALL'
    : 'ALL'
  : 'ALL'

/**
 * What a query or scan returns: the attributes asked for (and the key attributes), or the entity's
 * items; through an index that projects only some attributes,
 * the attributes it holds (the keys', the ones the entity maps onto it, and those it includes),
 * unless `fetchItems: true` reads the whole items.
 */
export type QueriedItem<
  ENTITY extends Entity,
  KEY extends KeyTemplates,
  INDEXES extends EntityIndexes,
  QUERY,
  OPTIONS
> = OPTIONS extends { readonly attributes: infer ATTRIBUTES extends readonly string[] }
  ? ProjectedItem<ENTITY, ATTRIBUTES>
  : QUERY extends { readonly index: infer INDEX extends keyof INDEXES & string }
    ? OPTIONS extends { readonly fetchItems: true }
      ? ItemOf<ENTITY>
      : ProjectionOfIndex<ENTITY, INDEX> extends infer PROJECTION
        ? PROJECTION extends 'ALL'
          ? ItemOf<ENTITY>
          : Pick<
              ItemOf<ENTITY>,
              (
                | IndexedAttributes<KEY, INDEXES[INDEX]>
                | (PROJECTION extends readonly string[] ? PROJECTION[number] : never)
              ) &
                keyof ItemOf<ENTITY>
            >
        : never
    : ItemOf<ENTITY>

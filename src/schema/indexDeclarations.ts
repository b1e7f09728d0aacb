import type { Key, KeyType } from 'dynamodb-toolbox/table'

/**
 * How a table declares its secondary indexes, and what each declaration becomes.
 *
 * Two kinds of key:
 * - **composed**: string attributes that entities fill from key templates (`CUSTOMER#<customerId>`).
 *   Several entities share one index by writing different prefixes.
 * - **attributes**: typed slots (up to four partition and four sort attributes on a GSI, DynamoDB's
 *   multi-attribute keys) that entities map their own attributes onto. Numbers sort as numbers, and
 *   values are stored as they are, with no escaping or padding.
 */

export type { KeyType }

/**
 * One slot of an attribute-keyed index: its type, stored under a name of the index's own
 * (`<index>pk1`, `<index>sk2`, ...); or the item attribute it is (`{ attribute: 'email', type: 'string' }`),
 * which is how a table created by other tools names it.
 */
export type IndexSlot = KeyType | { readonly attribute: string; readonly type: KeyType }

/** What an index holds besides the keys: every attribute, none, or the ones listed. */
export type IndexProjection = 'ALL' | 'KEYS_ONLY' | { readonly include: readonly string[] }

/** A global index with composed string keys, by default `<name>pk` / `<name>sk`. */
export interface ComposedIndexDeclaration {
  readonly type?: 'global'
  /** The partition-key attribute (default `<name>pk`). */
  readonly pk?: string
  /** The sort-key attribute (default `<name>sk`); `null` for an index without one. */
  readonly sk?: string | null
  readonly projection?: IndexProjection
}

/** A global index keyed on typed item attributes: 1 to 4 partition slots, 0 to 4 sort slots. */
export interface AttributeIndexDeclaration {
  readonly type?: 'global'
  readonly partition: readonly IndexSlot[]
  readonly sort?: readonly IndexSlot[]
  readonly projection?: IndexProjection
}

/**
 * A local index: the table's partition key with another sort key, composed (`sk`, default
 * `<name>sk`) or a typed attribute (`sort: [slot]`).
 */
export interface LocalIndexDeclaration {
  readonly type: 'local'
  readonly sk?: string
  readonly sort?: readonly [IndexSlot]
  readonly projection?: IndexProjection
}

export type IndexDeclaration =
  ComposedIndexDeclaration | AttributeIndexDeclaration | LocalIndexDeclaration

/** Index names (composed GSIs on `<name>pk`/`<name>sk`), or declarations by name. */
export type IndexesDeclaration = readonly string[] | Readonly<Record<string, IndexDeclaration>>

/** The projection as the table type carries it: `'ALL'`, `'KEYS_ONLY'`, or the included names. */
export type ProjectionOf<DECLARATION> = DECLARATION extends {
  readonly projection: { readonly include: infer NAMES extends readonly string[] }
}
  ? NAMES
  : DECLARATION extends { readonly projection: 'KEYS_ONLY' }
    ? 'KEYS_ONLY'
    : 'ALL'

type SlotType<SLOT> = SLOT extends KeyType
  ? SLOT
  : SLOT extends { readonly type: infer TYPE extends KeyType }
    ? TYPE
    : never

type SlotKeys<SLOTS extends readonly IndexSlot[]> = {
  readonly [POSITION in keyof SLOTS]: Key<string, SlotType<SLOTS[POSITION]>>
}

/** A projection as an index holds it: `'ALL'`, `'KEYS_ONLY'`, or the names it includes. */
export type IndexProjectionValue = 'ALL' | 'KEYS_ONLY' | readonly string[]

/** A composed index as the table (a dynamodb-toolbox Table) holds it. */
export type ComposedGlobalIndex<
  SORTED extends boolean = boolean,
  PROJECTION extends IndexProjectionValue = IndexProjectionValue
> = {
  readonly type: 'global'
  readonly keyKind: 'composed'
  readonly partitionKey: Key<string, 'string'>
  readonly projection: PROJECTION
} & (SORTED extends true
  ? { readonly sortKey: Key<string, 'string'> }
  : { readonly sortKey?: never })

export interface AttributeGlobalIndex<
  PARTITION extends readonly Key[] = readonly Key[],
  SORT extends readonly Key[] = readonly Key[],
  PROJECTION extends IndexProjectionValue = IndexProjectionValue
> {
  readonly type: 'global'
  readonly keyKind: 'attributes'
  readonly partitionKeys: PARTITION
  readonly sortKeys: SORT
  readonly projection: PROJECTION
}

export interface LocalIndex<
  KIND extends 'composed' | 'attributes' = 'composed' | 'attributes',
  SORT extends Key = Key,
  PROJECTION extends IndexProjectionValue = IndexProjectionValue
> {
  readonly type: 'local'
  readonly keyKind: KIND
  readonly sortKey: SORT
  readonly projection: PROJECTION
}

export type TableIndex = ComposedGlobalIndex | AttributeGlobalIndex | LocalIndex

/** The index a declaration becomes. */
export type TableIndexOf<DECLARATION> = DECLARATION extends { readonly type: 'local' }
  ? DECLARATION extends { readonly sort: readonly [infer SLOT] }
    ? LocalIndex<'attributes', Key<string, SlotType<SLOT>>, ProjectionOf<DECLARATION>>
    : LocalIndex<'composed', Key<string, 'string'>, ProjectionOf<DECLARATION>>
  : DECLARATION extends { readonly partition: infer PARTITION extends readonly IndexSlot[] }
    ? AttributeGlobalIndex<
        SlotKeys<PARTITION>,
        DECLARATION extends { readonly sort: infer SORT extends readonly IndexSlot[] }
          ? SlotKeys<SORT>
          : readonly [],
        ProjectionOf<DECLARATION>
      >
    : ComposedGlobalIndex<
        DECLARATION extends { readonly sk: null } ? false : true,
        ProjectionOf<DECLARATION>
      >

/** The indexes of a table, from its declaration (a list of names or declarations by name). */
export type TableIndexes<DECLARATION> = DECLARATION extends readonly (infer NAME extends string)[]
  ? { readonly [INDEX in NAME]: ComposedGlobalIndex<true, 'ALL'> }
  : { readonly [INDEX in keyof DECLARATION & string]: TableIndexOf<DECLARATION[INDEX]> }

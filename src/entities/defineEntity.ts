import type {
  Entity,
  EntityAttrDefaultOptions,
  FormattedItem,
  KeyInputItem
} from 'dynamodb-toolbox/entity'
import type { BatchDeleteRequest } from 'dynamodb-toolbox/entity/actions/batchDelete'
import type { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet'
import type { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut'
import type { DeleteItemOptions, DeleteItemResponse } from 'dynamodb-toolbox/entity/actions/delete'
import type { GetItemOptions, GetItemResponse } from 'dynamodb-toolbox/entity/actions/get'
import type { Condition } from 'dynamodb-toolbox/entity/actions/parseCondition'
import type {
  PutItemInput,
  PutItemOptions,
  PutItemResponse
} from 'dynamodb-toolbox/entity/actions/put'
import type { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck'
import type {
  DeleteTransaction,
  DeleteTransactionOptions
} from 'dynamodb-toolbox/entity/actions/transactDelete'
import type { GetTransaction } from 'dynamodb-toolbox/entity/actions/transactGet'
import type {
  PutTransaction,
  PutTransactionOptions
} from 'dynamodb-toolbox/entity/actions/transactPut'
import type {
  UpdateTransaction,
  UpdateTransactionOptions
} from 'dynamodb-toolbox/entity/actions/transactUpdate'
import type {
  UpdateItemInput,
  UpdateItemOptions,
  UpdateItemResponse
} from 'dynamodb-toolbox/entity/actions/update'
import type { ItemAttributes, ItemSchema } from 'dynamodb-toolbox/schema/item'

import type { SingleTable } from '../schema/defineTable.js'
import type { TemplateAttributes } from '../schema/keyTemplate.js'
import { buildToolboxEntity, type KeyTemplates, type ParsedKey } from './entityKeys.js'
import { createEntityFacade } from './entityFacade.js'
import { assertOwnSchema } from './toolboxIdentity.js'
import type { EntityCallOptions, OldItemOnFailureOption } from './entityOptions.js'
import { compileFastParser } from './fastParser.js'
import type { PartitionValues, RangeValues } from './keyQuery.js'
import type { QueryPage } from './queryEntity.js'

/** The dynamodb-toolbox entity `defineEntity` builds (entity attribute on, timestamps off). */
export type ToolboxEntity<
  NAME extends string = string,
  TABLE extends SingleTable = SingleTable,
  ATTRIBUTES extends ItemAttributes = ItemAttributes
> = Entity<NAME, TABLE, ATTRIBUTES, EntityAttrDefaultOptions, false>

export type IndexTemplates = Readonly<Record<string, KeyTemplates>>

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
  INDEXES extends IndexTemplates
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
}

/** A query on the primary key, or on one of the indexes the entity declares. */
export type EntityQuery<KEY extends KeyTemplates, INDEXES extends IndexTemplates> =
  | { index?: undefined; partition: PartitionValues<KEY>; range?: RangeValues<KEY> }
  | {
      [INDEX in keyof INDEXES & string]: {
        index: INDEX
        partition: PartitionValues<INDEXES[INDEX]>
        range?: RangeValues<INDEXES[INDEX]>
      }
    }[keyof INDEXES & string]

/** toolbox's put options, `returnValuesOnConditionCheckFailure`, and the call's attempts and signal. */
export type PutOptions<ENTITY extends Entity> = PutItemOptions<ENTITY> &
  OldItemOnFailureOption &
  EntityCallOptions
/** toolbox's get options, and the call's attempts and signal. */
export type GetOptions<ENTITY extends Entity> = GetItemOptions<ENTITY> & EntityCallOptions
/** toolbox's update options, `returnValuesOnConditionCheckFailure`, and how it is sent. */
export type UpdateOptions<ENTITY extends Entity> = UpdateItemOptions<ENTITY> &
  OldItemOnFailureOption &
  EntityCallOptions & {
    /**
     * An update that is not idempotent (`$add`, `$append`, ...) is sent as a one-action transaction
     * under a ClientRequestToken, so an attempt whose answer was lost is never applied twice
     * (default `true`; two write units on DynamoDB). `false` sends an UpdateItem that is not
     * retried once an attempt may have been applied: the call then fails with `request.ambiguous`.
     * An update asking for `returnValues` is always sent that second way.
     */
    exactlyOnce?: boolean
    /** The token of an exactly-once update (generated when absent), to send one again safely. */
    clientRequestToken?: string
  }
/** toolbox's delete options, `returnValuesOnConditionCheckFailure`, and the call's attempts and signal. */
export type DeleteOptions<ENTITY extends Entity> = DeleteItemOptions<ENTITY> &
  OldItemOnFailureOption &
  EntityCallOptions

export interface EntityQueryOptions<ENTITY extends Entity> extends EntityCallOptions {
  /** Items evaluated per page (DynamoDB applies it before `filter`). */
  limit?: number
  /** Descending sort-key order. */
  reverse?: boolean
  /** The `cursor` of a previous page. */
  cursor?: string
  /** Strongly consistent read (primary key only). */
  consistent?: boolean
  /** A toolbox condition on this entity's attributes. */
  filter?: Condition<ENTITY>
}

export interface MonotableEntity<
  ENTITY extends Entity = Entity,
  KEY extends KeyTemplates = KeyTemplates,
  INDEXES extends IndexTemplates = IndexTemplates
> {
  readonly name: ENTITY['entityName']
  /** The dynamodb-toolbox entity, for anything this facade does not cover. */
  readonly entity: ENTITY
  readonly table: ENTITY['table']
  /** The key templates as declared. */
  readonly key: KEY
  readonly indexes: INDEXES
  readonly primaryKey: ParsedKey
  readonly indexKeys: ReadonlyMap<string, ParsedKey>

  /** Writes the item; resolves with the previous item when `returnValues: 'ALL_OLD'`. */
  put<OPTIONS extends PutOptions<ENTITY> = PutOptions<ENTITY>>(
    item: PutItemInput<ENTITY>,
    options?: OPTIONS
  ): Promise<PutItemResponse<ENTITY, OPTIONS>['Attributes']>
  /** The item, or `undefined` when there is none. */
  get<OPTIONS extends GetOptions<ENTITY> = GetOptions<ENTITY>>(
    key: KeyInputItem<ENTITY>,
    options?: OPTIONS
  ): Promise<GetItemResponse<ENTITY, OPTIONS>['Item']>
  /** Updates (or creates) the item; resolves with what `returnValues` asks for. */
  update<OPTIONS extends UpdateOptions<ENTITY> = UpdateOptions<ENTITY>>(
    item: UpdateItemInput<ENTITY>,
    options?: OPTIONS
  ): Promise<UpdateItemResponse<ENTITY, OPTIONS>['Attributes']>
  delete<OPTIONS extends DeleteOptions<ENTITY> = DeleteOptions<ENTITY>>(
    key: KeyInputItem<ENTITY>,
    options?: OPTIONS
  ): Promise<DeleteItemResponse<ENTITY, OPTIONS>['Attributes']>
  /** One page of this entity's items (other entities in the same collection are left out). */
  query(
    query: EntityQuery<KEY, INDEXES>,
    options?: EntityQueryOptions<ENTITY>
  ): Promise<QueryPage<FormattedItem<ENTITY>>>
  /** Every page, fetched one at a time as the loop asks for it. */
  queryAll(
    query: EntityQuery<KEY, INDEXES>,
    options?: EntityQueryOptions<ENTITY>
  ): AsyncIterable<QueryPage<FormattedItem<ENTITY>>>

  batchPut(item: PutItemInput<ENTITY>): BatchPutRequest<ENTITY>
  batchDelete(key: KeyInputItem<ENTITY>): BatchDeleteRequest<ENTITY>
  batchGet(key: KeyInputItem<ENTITY>): BatchGetRequest<ENTITY>

  transactPut<
    OPTIONS extends PutTransactionOptions<ENTITY> & OldItemOnFailureOption =
      PutTransactionOptions<ENTITY>
  >(
    item: PutItemInput<ENTITY>,
    options?: OPTIONS
  ): PutTransaction<ENTITY, OPTIONS>
  transactUpdate<
    OPTIONS extends UpdateTransactionOptions<ENTITY> & OldItemOnFailureOption =
      UpdateTransactionOptions<ENTITY>
  >(
    item: UpdateItemInput<ENTITY>,
    options?: OPTIONS
  ): UpdateTransaction<ENTITY, OPTIONS>
  transactDelete<
    OPTIONS extends DeleteTransactionOptions<ENTITY> & OldItemOnFailureOption =
      DeleteTransactionOptions<ENTITY>
  >(
    key: KeyInputItem<ENTITY>,
    options?: OPTIONS
  ): DeleteTransaction<ENTITY, OPTIONS>
  transactCheck(
    key: KeyInputItem<ENTITY>,
    condition: Condition<ENTITY>,
    options?: OldItemOnFailureOption
  ): ConditionCheck<ENTITY>
  transactGet(key: KeyInputItem<ENTITY>): GetTransaction<ENTITY>

  /** Formats a stored item (as DynamoDB returns it, unmarshalled) the way reads do. */
  format(item: Record<string, unknown>): FormattedItem<ENTITY>
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
  const INDEXES extends IndexTemplates = {}
>(
  table: TABLE,
  declaration: EntityDeclaration<NAME, ATTRIBUTES, KEY, INDEXES> & { key: KEY; indexes?: INDEXES }
): MonotableEntity<ToolboxEntity<NAME, TABLE, ATTRIBUTES>, KEY, INDEXES> {
  assertOwnSchema(declaration.schema, declaration.name)
  const { entity, primaryKey, indexKeys, linkedAttributes } = buildToolboxEntity({
    entityName: declaration.name,
    table,
    schema: declaration.schema as ItemSchema,
    key: declaration.key,
    indexes: declaration.indexes ?? {}
  })
  return createEntityFacade({
    entity,
    key: declaration.key,
    indexes: declaration.indexes ?? {},
    primaryKey,
    indexKeys,
    linkedAttributes,
    fast: compileFastParser(entity, linkedAttributes)
  }) as never
}

import type { Entity, FormattedItem, KeyInputItem } from 'dynamodb-toolbox/entity'
import type { BatchDeleteRequest } from 'dynamodb-toolbox/entity/actions/batchDelete'
import type { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet'
import type { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut'
import type { DeleteItemOptions, DeleteItemResponse } from 'dynamodb-toolbox/entity/actions/delete'
import type { GetItemOptions } from 'dynamodb-toolbox/entity/actions/get'
import type { Condition } from 'dynamodb-toolbox/entity/actions/parseCondition'
import type {
  PutItemInput,
  PutItemOptions,
  PutItemResponse
} from 'dynamodb-toolbox/entity/actions/put'
import type { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck'
import type { GetTransaction } from 'dynamodb-toolbox/entity/actions/transactGet'
import type {
  UpdateItemInput,
  UpdateItemOptions,
  UpdateItemResponse
} from 'dynamodb-toolbox/entity/actions/update'

import type { PlannedAction } from '../client/transaction/transactionActions.js'
import type { ComposedKey, KeyTemplates, ParsedKey } from './entityKeys.js'
import type { EntityCallOptions, OldItemOnFailureOption } from './entityOptions.js'
import type { EntityIndexes, EntityQuery, QueriedItem } from './indexTypes.js'
import type { AttributeName, Projected, ProjectionOption, ReadItem } from './projection.js'
import type { QueryPage } from './queryEntity.js'
import type { ReadPageOptions } from './readPage.js'
import type { ScanPage } from './scan/scanEntity.js'

/** @deprecated use {@link EntityIndexes}: an entity's mappings onto its table's indexes. */
export type IndexTemplates = EntityIndexes

/** toolbox's put options, `returnValuesOnConditionCheckFailure`, and the call's attempts and signal. */
export type PutOptions<ENTITY extends Entity> = PutItemOptions<ENTITY> &
  OldItemOnFailureOption &
  EntityCallOptions

/** toolbox's get options, a projection, the call's attempts and signal, and whether to read an expired item. */
export type GetOptions<ENTITY extends Entity> = Omit<GetItemOptions<ENTITY>, 'attributes'> &
  ProjectionOption<ENTITY> &
  EntityCallOptions & {
    /** An item past its time to live reads as missing unless this is true. */
    includeExpired?: boolean
  }

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
    /** The token of a write sent as a transaction (generated when absent), to send it again safely. */
    clientRequestToken?: string
  }

/** toolbox's delete options, `returnValuesOnConditionCheckFailure`, and the call's attempts and signal. */
export type DeleteOptions<ENTITY extends Entity> = DeleteItemOptions<ENTITY> &
  OldItemOnFailureOption &
  EntityCallOptions

export interface EntityQueryOptions<ENTITY extends Entity>
  extends EntityCallOptions, ReadPageOptions, ProjectionOption<ENTITY> {
  /** Items evaluated per page (DynamoDB applies it before `filter`). */
  limit?: number
  /** Descending sort-key order. */
  reverse?: boolean
  /** The `cursor` of a previous page. */
  cursor?: string
  /** Strongly consistent read (the table and local indexes only). */
  consistent?: boolean
  /** A toolbox condition on this entity's attributes (those the index holds). */
  filter?: Condition<ENTITY>
  /**
   * Through an index that projects only some attributes: read the whole items by key (one batch
   * read per page) instead of returning the partial items the index holds.
   */
  fetchItems?: boolean
}

/** What a scan takes. */
export interface EntityScanOptions<ENTITY extends Entity, INDEXES extends EntityIndexes>
  extends EntityCallOptions, ReadPageOptions, ProjectionOption<ENTITY> {
  /** A parallel scan: the table is read as that many segments, concurrently (default 1). */
  segments?: number
  /** Read only this segment of `segments` (one worker of several; `0` to `segments - 1`). */
  segment?: number
  /** Calls in flight at once (default: `segments`, at most 8). */
  concurrency?: number
  /** Items evaluated per call (DynamoDB applies it before `filter`). */
  limit?: number
  /** A toolbox condition on this entity's attributes. */
  filter?: Condition<ENTITY>
  /** Strongly consistent reads (the table and local indexes only). */
  consistent?: boolean
  /** The `cursor` of a previous page: every segment resumes where it stood. */
  cursor?: string
  /** Scan one of the indexes the entity maps (partial items through a partial index). */
  index?: keyof INDEXES & string
}

/** Options of the transaction builders: a condition, and the old item on a failed one. */
export interface TransactWriteOptions<ENTITY extends Entity> extends OldItemOnFailureOption {
  condition?: Condition<ENTITY>
}

/** A write an entity builds for `client.transactWrite`: it plans its own TransactItems. */
export interface EntityTransactAction<ENTITY extends Entity> extends PlannedAction {
  readonly entity: ENTITY
}

/** An input whose time-to-live attribute may also be given as a `Date`. */
export type WithExpiry<INPUT, TTL extends string> = [TTL] extends [never]
  ? INPUT
  : { [NAME in keyof INPUT]: NAME extends TTL ? INPUT[NAME] | Date : INPUT[NAME] }

/** A key, with the version read when the entity has one (optimistic locking). */
export type VersionedKey<ENTITY extends Entity, VERSION extends string> = KeyInputItem<ENTITY> &
  ([VERSION] extends [never] ? unknown : { readonly [NAME in VERSION]?: number })

export interface MonotableEntity<
  ENTITY extends Entity = Entity,
  KEY extends KeyTemplates = KeyTemplates,
  INDEXES extends EntityIndexes = EntityIndexes,
  VERSION extends string = never,
  TTL extends string = never
> {
  readonly name: ENTITY['entityName']
  /** The dynamodb-toolbox entity, for anything this facade does not cover. */
  readonly entity: ENTITY
  readonly table: ENTITY['table']
  /** The key templates as declared. */
  readonly key: KEY
  readonly indexes: INDEXES
  readonly primaryKey: ComposedKey
  readonly indexKeys: ReadonlyMap<string, ParsedKey>

  /** Creates or replaces the item; resolves with the previous item when `returnValues: 'ALL_OLD'`. */
  put<OPTIONS extends PutOptions<ENTITY> = PutOptions<ENTITY>>(
    item: WithExpiry<PutItemInput<ENTITY>, TTL>,
    options?: OPTIONS
  ): Promise<PutItemResponse<ENTITY, OPTIONS>['Attributes']>
  /**
   * The item, or `undefined` when there is none (or it has expired); with `attributes`, those and
   * the key attributes only.
   */
  get<const OPTIONS extends GetOptions<ENTITY> = GetOptions<ENTITY>>(
    key: KeyInputItem<ENTITY>,
    options?: OPTIONS
  ): Promise<ReadItem<ENTITY, OPTIONS> | undefined>
  /**
   * Updates an **existing** item; fails with NotFoundError (`item.notFound`) when there is none,
   * and creates nothing. Resolves with what `returnValues` asks for.
   */
  update<OPTIONS extends UpdateOptions<ENTITY> = UpdateOptions<ENTITY>>(
    item: WithExpiry<UpdateItemInput<ENTITY>, TTL>,
    options?: OPTIONS
  ): Promise<UpdateItemResponse<ENTITY, OPTIONS>['Attributes']>
  /**
   * Creates or updates the item. Refused before the network when it could create an item lacking
   * a required attribute without a default.
   */
  upsert<OPTIONS extends UpdateOptions<ENTITY> = UpdateOptions<ENTITY>>(
    item: WithExpiry<UpdateItemInput<ENTITY>, TTL>,
    options?: OPTIONS
  ): Promise<UpdateItemResponse<ENTITY, OPTIONS>['Attributes']>
  delete<OPTIONS extends DeleteOptions<ENTITY> = DeleteOptions<ENTITY>>(
    key: VersionedKey<ENTITY, VERSION>,
    options?: OPTIONS
  ): Promise<DeleteItemResponse<ENTITY, OPTIONS>['Attributes']>
  /**
   * One page of this entity's items (other entities in the same collection or index are left
   * out). Through an index that projects only some attributes, the items hold what it projects
   * (see {@link QueriedItem}) unless `fetchItems` is set.
   */
  query<
    const QUERY extends EntityQuery<ENTITY, KEY, INDEXES>,
    const OPTIONS extends EntityQueryOptions<ENTITY> = EntityQueryOptions<ENTITY>
  >(
    query: QUERY,
    options?: OPTIONS
  ): Promise<QueryPage<QueriedItem<ENTITY, KEY, INDEXES, QUERY, OPTIONS>>>
  /** Every page, fetched one at a time as the loop asks for it. */
  queryAll<
    const QUERY extends EntityQuery<ENTITY, KEY, INDEXES>,
    const OPTIONS extends EntityQueryOptions<ENTITY> = EntityQueryOptions<ENTITY>
  >(
    query: QUERY,
    options?: OPTIONS
  ): AsyncIterable<QueryPage<QueriedItem<ENTITY, KEY, INDEXES, QUERY, OPTIONS>>>

  batchPut(item: WithExpiry<PutItemInput<ENTITY>, TTL>): BatchPutRequest<ENTITY>
  batchDelete(key: KeyInputItem<ENTITY>): BatchDeleteRequest<ENTITY>
  /** A key for `client.batchGet`; with `attributes`, its item holds those and the key attributes. */
  batchGet<const ATTRIBUTES extends readonly AttributeName<ENTITY>[] = never>(
    key: KeyInputItem<ENTITY>,
    options?: { attributes?: ATTRIBUTES }
  ): BatchGetRequest<ENTITY> & ([ATTRIBUTES] extends [never] ? unknown : Projected<ATTRIBUTES>)

  transactPut(
    item: WithExpiry<PutItemInput<ENTITY>, TTL>,
    options?: TransactWriteOptions<ENTITY>
  ): EntityTransactAction<ENTITY>
  /** An update of an existing item; its cancellation reason says `notFound` when there is none. */
  transactUpdate(
    item: WithExpiry<UpdateItemInput<ENTITY>, TTL>,
    options?: TransactWriteOptions<ENTITY>
  ): EntityTransactAction<ENTITY>
  transactUpsert(
    item: WithExpiry<UpdateItemInput<ENTITY>, TTL>,
    options?: TransactWriteOptions<ENTITY>
  ): EntityTransactAction<ENTITY>
  transactDelete(
    key: VersionedKey<ENTITY, VERSION>,
    options?: TransactWriteOptions<ENTITY>
  ): EntityTransactAction<ENTITY>
  transactCheck(
    key: KeyInputItem<ENTITY>,
    condition: Condition<ENTITY>,
    options?: OldItemOnFailureOption
  ): ConditionCheck<ENTITY>
  /** A key for `client.transactGet`; with `attributes`, its item holds those and the key attributes. */
  transactGet<const ATTRIBUTES extends readonly AttributeName<ENTITY>[] = never>(
    key: KeyInputItem<ENTITY>,
    options?: { attributes?: ATTRIBUTES }
  ): GetTransaction<ENTITY> & ([ATTRIBUTES] extends [never] ? unknown : Projected<ATTRIBUTES>)
  /**
   * One page of this entity's items, read by a scan of the table (or of an index): with
   * `segments`, a page of each segment, read concurrently. `cursor` resumes every segment.
   */
  scan<
    const OPTIONS extends EntityScanOptions<ENTITY, INDEXES> = EntityScanOptions<ENTITY, INDEXES>
  >(
    options?: OPTIONS
  ): Promise<ScanPage<QueriedItem<ENTITY, KEY, INDEXES, OPTIONS, OPTIONS>>>
  /**
   * Every page of a scan, yielded as the segments return them (a page of each in flight at the
   * most), each with the cursor that resumes after it.
   */
  scanAll<
    const OPTIONS extends EntityScanOptions<ENTITY, INDEXES> = EntityScanOptions<ENTITY, INDEXES>
  >(
    options?: OPTIONS
  ): AsyncIterable<ScanPage<QueriedItem<ENTITY, KEY, INDEXES, OPTIONS, OPTIONS>>>

  /** Reads a stored item (as DynamoDB returns it, unmarshalled) the way reads do. */
  format(item: Record<string, unknown>): FormattedItem<ENTITY>
}

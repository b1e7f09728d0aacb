import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete'

import { ERROR_CODES, NotFoundError, ValidationError } from '../../client/errors/index.js'
import { measureItem } from '../../client/itemSize.js'
import { MAX_ITEM_BYTES } from '../../client/limits.js'
import type { PlannedPart } from '../../client/transaction/transactionActions.js'
import type { UniqueConstraint } from '../features/uniqueValues.js'
import { isRepeatableUpdate } from '../updateSafety.js'
import {
  attributesEqual,
  itemExists,
  itemMissing,
  type Params,
  withCondition
} from '../features/conditions.js'
import type { EntityModel } from './entityModel.js'
import { explainItemFailure, type Expectation, pinnedValues } from './explainFailure.js'
import { guardChanges, touchedConstraints, uniqueView } from './guardChanges.js'
import { checkUpsert } from './upsertInput.js'
import { putParams } from './putParams.js'
import { updateParams } from './updateParams.js'
import { prepareInput, versionOf } from './writeInputs.js'

type Stored = Record<string, unknown>

/** Reads the item as stored now (strongly consistent), or `undefined` when there is none. */
export type ReadCurrent = (key: Stored) => Promise<Stored | undefined>

/**
 * What one entity write sends: its own write first, then the guards of the unique values it
 * gives or takes. A plan of one part goes as a single-item call; more parts go as a transaction.
 */
export interface WritePlan {
  readonly parts: readonly PlannedPart[]
  /** Whether an attempt that may have been applied can be sent again (a single part). */
  readonly repeatable: boolean
  /** The item's primary key, as stored. */
  readonly key: Stored
  /** The item as read to plan the write (plans with unique values only). */
  readonly current?: Stored | undefined
}

type ToolboxOptions = Record<string, unknown> & { condition?: unknown }

/**
 * A write as far as it can be built without the table: toolbox's parameters with monotable's
 * conditions, checked against DynamoDB's limits. Unique values need the item as stored to know
 * which guards move; {@link completeWrite} reads it and adds them.
 */
export interface DraftWrite {
  readonly field: 'Put' | 'Update' | 'Delete'
  readonly params: Params
  readonly expectation: Expectation
  readonly key: Stored
  readonly repeatable: boolean
  /** The unique constraints the write may change: the item must be read to plan their guards. */
  readonly constraints: readonly UniqueConstraint[]
  /** The constrained values after the write, from those before it (`undefined`: deleted). */
  readonly after: (before: Stored | undefined) => Stored | undefined
  /** The item must exist (an update): a read that finds none fails before writing. */
  readonly mustExist: boolean
  readonly operation: string
}

/** `put`: creates or replaces the item. */
export function draftPut(model: EntityModel, input: unknown, options: ToolboxOptions): DraftWrite {
  const item = prepareInput(model, input, 'put')
  const version = versionOf(model, item, 'put', false)
  const expectation: Expectation = {}
  const { params: built, parsed } = putParams(
    model,
    withNextVersion(model, item, version),
    withVersionCondition(model, options, version)
  )
  assertItemSize(model, 'put', measureItem(built.Item as Stored).itemBytes)
  let params: Params = built
  if (version !== undefined) {
    expectation.version = version
    if (version === 0) params = withCondition(params, itemMissing(partitionKeyOf(model)))
  }
  return {
    field: 'Put',
    params,
    expectation,
    key: primaryKeyOf(model, built.Item as Stored),
    repeatable: true,
    constraints: model.unique,
    after: () => parsed as Stored,
    mustExist: false,
    operation: 'put'
  }
}

/** `update` (the item must exist) and `upsert` (created when missing). */
export function draftUpdate(
  model: EntityModel,
  input: unknown,
  options: ToolboxOptions,
  upsert: boolean
): DraftWrite {
  const operation = upsert ? 'upsert' : 'update'
  const item = prepareInput(model, input, operation)
  const version = versionOf(model, item, operation, !upsert)
  let update = withNextVersion(model, item, version)
  if (upsert) update = checkUpsert(model, update, version === undefined || version === 0)
  const built = updateParams(model, update, withVersionCondition(model, options, version))
  // An update adds its values; the stored item can still grow past the limit, as only DynamoDB can tell.
  const valueBytes =
    measureItem(built.Key as Stored).itemBytes +
    measureItem((built.ExpressionAttributeValues as Stored | undefined) ?? {}).itemBytes
  assertItemSize(model, operation, valueBytes)
  const expectation: Expectation = {}
  let params: Params = built
  const partitionKey = partitionKeyOf(model)
  if (!upsert) {
    params = withCondition(params, itemExists(partitionKey))
    expectation.exists = true
  }
  if (version !== undefined) {
    expectation.version = version
    if (upsert && version === 0) params = withCondition(params, itemMissing(partitionKey))
  }
  return {
    field: 'Update',
    params,
    expectation,
    key: built.Key as Stored,
    repeatable: isRepeatableUpdate(input),
    constraints: touchedConstraints(model, operation, item),
    after: before => ({ ...before, ...item }),
    mustExist: !upsert,
    operation
  }
}

/** `delete`: removes the item (and the guards of its unique values). */
export function draftDelete(model: EntityModel, key: unknown, options: ToolboxOptions): DraftWrite {
  const input = prepareInput(model, key, 'delete')
  const version = versionOf(model, input, 'delete', true)
  const versionAttribute = model.version?.attribute
  const { [versionAttribute ?? '']: _version, ...keyInput } = input
  const built = model.entity
    .build(DeleteItemCommand)
    .key((versionAttribute === undefined ? input : keyInput) as never)
    .options(withVersionCondition(model, options, version) as never)
    .params()
  return {
    field: 'Delete',
    params: built,
    expectation: version === undefined ? {} : { version },
    key: built.Key as Stored,
    repeatable: true,
    constraints: model.unique,
    after: () => undefined,
    mustExist: false,
    operation: 'delete'
  }
}

/** The draft's own write, as it is sent when no guard has to move. */
export function draftPart(model: EntityModel, draft: DraftWrite): PlannedPart {
  return itemPart(model, draft.field, draft.params, draft.expectation)
}

/**
 * Completes a draft: for writes that may change unique values, reads the item (strongly
 * consistent), pins the write to what was read, and adds the guards to move.
 */
export async function completeWrite(
  model: EntityModel,
  draft: DraftWrite,
  readCurrent: ReadCurrent
): Promise<WritePlan> {
  if (draft.constraints.length === 0) {
    return { parts: [draftPart(model, draft)], repeatable: draft.repeatable, key: draft.key }
  }
  const current = await readCurrent(draft.key)
  if (current === undefined && draft.mustExist) throw new NotFoundError(model.name, draft.operation)
  const { params, pinned: pinnedTo } = pinned(model, draft.params, current, draft.constraints)
  const before = uniqueView(model, current)
  const guards = guardChanges(
    model,
    draft.operation,
    draft.key,
    draft.constraints,
    before,
    draft.after(before)
  )
  return {
    parts: [
      itemPart(model, draft.field, params, { ...draft.expectation, pinned: pinnedTo }),
      ...guards
    ],
    repeatable: draft.repeatable,
    key: draft.key,
    current
  }
}

/** The item's own part; its failed condition is explained from the item DynamoDB returns. */
function itemPart(
  model: EntityModel,
  field: 'Put' | 'Update' | 'Delete',
  params: Params,
  expectation: Expectation
): PlannedPart {
  const kind = field === 'Put' ? 'put' : field === 'Update' ? 'update' : 'delete'
  const explained = Object.keys(expectation).length > 0
  const asked = params.ReturnValuesOnConditionCheckFailure === 'ALL_OLD'
  if (!explained) return { field, kind, params }
  return {
    field,
    kind,
    // The item as it was is what tells a missing item or a version conflict from a condition.
    params: { ...params, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
    explain: current => explainItemFailure(model, expectation, current),
    ...(asked ? {} : { hideOldItem: true })
  }
}

/**
 * Pins the item to the state it was read in: absent, or holding the constrained values it held.
 * A write between the read and this one cancels it (`changed`), and the caller plans again.
 */
function pinned(
  model: EntityModel,
  params: Params,
  current: Stored | undefined,
  constraints: EntityModel['unique']
): { params: Params; pinned: Stored | null } {
  const partitionKey = partitionKeyOf(model)
  if (current === undefined)
    return { params: withCondition(params, itemMissing(partitionKey)), pinned: null }
  const values = pinnedValues(model, current, constraints)
  return {
    params: withCondition(withCondition(params, itemExists(partitionKey)), attributesEqual(values)),
    pinned: values
  }
}

function withNextVersion(model: EntityModel, item: Stored, version: number | undefined): Stored {
  if (model.version === undefined || version === undefined) return item
  return { ...item, [model.version.attribute]: version + 1 }
}

/** The caller's condition, and that the stored version is the one the write is based on. */
function withVersionCondition(
  model: EntityModel,
  options: ToolboxOptions,
  version: number | undefined
): ToolboxOptions {
  if (model.version === undefined || version === undefined || version === 0) return options
  const versionCondition = { attr: model.version.attribute, eq: version }
  return {
    ...options,
    condition:
      options.condition === undefined
        ? versionCondition
        : { and: [options.condition, versionCondition] }
  }
}

function partitionKeyOf(model: EntityModel): string {
  return model.entity.table.partitionKey.name
}

function primaryKeyOf(model: EntityModel, item: Stored): Stored {
  const { partitionKey, sortKey } = model.entity.table
  return {
    [partitionKey.name]: item[partitionKey.name],
    ...(sortKey === undefined ? {} : { [sortKey.name]: item[sortKey.name] })
  }
}

function assertItemSize(model: EntityModel, operation: string, itemBytes: number): void {
  if (itemBytes <= MAX_ITEM_BYTES) return
  throw new ValidationError(
    ERROR_CODES.itemTooLarge,
    `${model.name}.${operation}: the item is ${itemBytes} bytes, over DynamoDB's ${MAX_ITEM_BYTES}-byte item limit`,
    { entity: model.name }
  )
}

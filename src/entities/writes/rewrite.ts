import { ERROR_CODES, ValidationError } from '../../client/errors/index.js'
import { measureItem } from '../../client/itemSize.js'
import { MAX_ITEM_BYTES } from '../../client/limits.js'
import { attributesEqual, type Params, withCondition } from '../features/conditions.js'
import type { EntityModel } from './entityModel.js'
import { putParams } from './putParams.js'
import { prepareInput } from './writeInputs.js'
import type { DraftWrite } from './writePlans.js'

type Stored = Record<string, unknown>

/**
 * A put that replaces an item only if it is still as it was read (`basis`, as stored): every
 * attribute it held holds the same value, and none of the entity's others has appeared. That is
 * exact whatever the entity declares; a versioned entity's version moves on by one as well. A
 * backfill writes with it, so that a concurrent write is never overwritten by a stale rewrite.
 */
export function draftRewrite(
  model: EntityModel,
  input: unknown,
  basis: Readonly<Stored>,
  options: Stored
): DraftWrite {
  const item = prepareInput(model, input, 'rewrite')
  const version = model.version
  const rewritten =
    version === undefined
      ? item
      : { ...item, [version.attribute]: Number(basis[version.savedAs] ?? 0) + 1 }
  const { params: built, parsed } = putParams(model, rewritten, options)
  const { itemBytes } = measureItem(built.Item as Stored)
  if (itemBytes > MAX_ITEM_BYTES) {
    throw new ValidationError(
      ERROR_CODES.itemTooLarge,
      `${model.name}.rewrite: the item is ${itemBytes} bytes, over DynamoDB's ${MAX_ITEM_BYTES}-byte item limit`,
      { entity: model.name }
    )
  }
  const params: Params = withCondition(built, unchangedSince(model, basis))
  const { partitionKey, sortKey } = model.entity.table
  const stored = built.Item as Stored
  return {
    field: 'Put',
    params,
    expectation: {},
    key: {
      [partitionKey.name]: stored[partitionKey.name],
      ...(sortKey === undefined ? {} : { [sortKey.name]: stored[sortKey.name] })
    },
    repeatable: true,
    constraints: model.unique,
    after: () => parsed as Stored,
    mustExist: true,
    operation: 'rewrite'
  }
}

/** The item holds what `basis` holds, and none of the entity's attributes that `basis` lacks. */
function unchangedSince(model: EntityModel, basis: Readonly<Stored>) {
  const { partitionKey, sortKey } = model.entity.table
  const values: Stored = {}
  for (const [attribute, value] of Object.entries(basis)) {
    if (attribute !== partitionKey.name && attribute !== sortKey?.name) values[attribute] = value
  }
  for (const [name, schema] of Object.entries(model.entity.schema.attributes)) {
    const savedAs = (schema.props as { savedAs?: string }).savedAs ?? name
    if (!(savedAs in basis)) values[savedAs] = undefined
  }
  return attributesEqual(values, 'mtrw')
}

import type { Entity } from 'dynamodb-toolbox/entity'

import { ERROR_CODES, ValidationError } from '../../client/errors/index.js'
import { MAX_PARTITION_KEY_BYTES } from '../../client/limits.js'
import { escapeKeyValue, KEY_DELIMITER } from '../../schema/keyTemplate.js'
import { attributesEqual, itemMissing, type Params, withCondition } from './conditions.js'

/**
 * Unique values: "no two items of this entity hold the same email". DynamoDB enforces uniqueness
 * only on primary keys, so each constraint is backed by a **guard item** whose key is built from
 * the constrained values (`_UNIQUE#User#email#ada%40…`). A write that gives an item a value puts
 * its guard under `attribute_not_exists`, in the same transaction as the item: a second item with
 * that value cancels the transaction. Changing the value moves the guard; deleting the item
 * deletes it (only if it still belongs to the item).
 */
export interface UniqueConstraint {
  readonly name: string
  /** Entity attribute names whose values, together, are unique. */
  readonly attributes: readonly string[]
  /** Applied to string values before they are compared (e.g. lower-casing an email). */
  readonly normalize: ((value: string) => string) | undefined
}

/** How a constraint is declared: its attributes, or its attributes and a normalisation. */
export type UniqueDeclaration<ATTRIBUTE extends string = string> =
  | readonly ATTRIBUTE[]
  | { readonly attributes: readonly ATTRIBUTE[]; readonly normalize?: (value: string) => string }

/** The entity tag of guard items: no entity is named this, so queries and scans skip them. */
export const GUARD_ENTITY = '@unique'
const GUARD_PREFIX = '_UNIQUE'
const OWNER_PK = '_ownerPk'
const OWNER_SK = '_ownerSk'

export function parseUniqueConstraints(
  entityName: string,
  declared: Readonly<Record<string, UniqueDeclaration>> | undefined,
  schemaAttributes: ReadonlySet<string>
): UniqueConstraint[] {
  return Object.entries(declared ?? {}).map(([name, declaration]) => {
    const attributes = Array.isArray(declaration)
      ? (declaration as readonly string[])
      : (declaration as { attributes: readonly string[] }).attributes
    const normalize = Array.isArray(declaration)
      ? undefined
      : (declaration as { normalize?: (value: string) => string }).normalize
    if (!/^[A-Za-z0-9_.-]+$/.test(name) || !Array.isArray(attributes) || attributes.length === 0) {
      throw declarationError(
        `${entityName}: unique constraint '${name}' needs a name and attributes`
      )
    }
    for (const attribute of attributes) {
      if (!schemaAttributes.has(attribute)) {
        throw declarationError(
          `${entityName}: unique constraint '${name}' names '${attribute}', which the schema does not have`
        )
      }
    }
    return { name, attributes, normalize }
  })
}

/** The constrained values of an item, or `undefined` when one is absent (then no guard applies). */
export function constrainedValues(
  constraint: UniqueConstraint,
  item: Readonly<Record<string, unknown>>
): readonly unknown[] | undefined {
  const values = constraint.attributes.map(attribute => item[attribute])
  return values.some(value => value === undefined || value === null) ? undefined : values
}

export interface GuardContext {
  entity: Entity
  operation: string
}

/** The guard's primary key for these values. */
export function guardKey(
  context: GuardContext,
  constraint: UniqueConstraint,
  values: readonly unknown[]
): Record<string, string> {
  const { entity } = context
  const parts = values.map((value, position) => {
    const attribute = constraint.attributes[position] as string
    if (typeof value === 'number' && Number.isFinite(value)) return String(value)
    if (typeof value === 'string') {
      return escapeKeyValue(
        constraint.normalize === undefined ? value : constraint.normalize(value)
      )
    }
    throw new ValidationError(
      ERROR_CODES.invalidItem,
      `${entity.entityName}.${context.operation}: '${attribute}' of unique constraint '${constraint.name}' must be a string or a number`,
      { entity: entity.entityName, attribute }
    )
  })
  const partition = [
    GUARD_PREFIX,
    escapeKeyValue(entity.entityName),
    constraint.name,
    ...parts
  ].join(KEY_DELIMITER)
  if (Buffer.byteLength(partition, 'utf8') > MAX_PARTITION_KEY_BYTES) {
    throw new ValidationError(
      ERROR_CODES.invalidKey,
      `${entity.entityName}.${context.operation}: the values of unique constraint '${constraint.name}' are longer than a key may be`,
      { entity: entity.entityName }
    )
  }
  const { partitionKey, sortKey } = entity.table
  return {
    [partitionKey.name]: partition,
    ...(sortKey === undefined ? {} : { [sortKey.name]: GUARD_PREFIX })
  }
}

/** Creates a guard, under the condition that no item holds its value yet. */
export function putGuard(
  context: GuardContext,
  constraint: UniqueConstraint,
  values: readonly unknown[],
  ownerKey: Readonly<Record<string, unknown>>
): Params {
  const { entity } = context
  const Item = {
    ...guardKey(context, constraint, values),
    [entity.table.entityAttributeSavedAs]: GUARD_ENTITY,
    ...ownerOf(entity, ownerKey)
  }
  return withCondition(
    { TableName: entity.table.getName(), Item },
    itemMissing(entity.table.partitionKey.name)
  )
}

/** Deletes a guard, only if it belongs to `ownerKey` (it may be another item's by now). */
export function deleteGuard(
  context: GuardContext,
  constraint: UniqueConstraint,
  values: readonly unknown[],
  ownerKey: Readonly<Record<string, unknown>>
): Params {
  const { entity } = context
  return withCondition(
    { TableName: entity.table.getName(), Key: guardKey(context, constraint, values) },
    attributesEqual(ownerOf(entity, ownerKey))
  )
}

/** The attributes a guard names its item by: the item's primary key. */
function ownerOf(entity: Entity, ownerKey: Readonly<Record<string, unknown>>): Params {
  const { partitionKey, sortKey } = entity.table
  return {
    [OWNER_PK]: ownerKey[partitionKey.name],
    ...(sortKey === undefined ? {} : { [OWNER_SK]: ownerKey[sortKey.name] })
  }
}

/** Two value lists name the same guard. */
export function sameValues(
  constraint: UniqueConstraint,
  left: readonly unknown[] | undefined,
  right: readonly unknown[] | undefined
): boolean {
  if (left === undefined || right === undefined) return left === right
  const normalized = (value: unknown) =>
    typeof value === 'string' && constraint.normalize !== undefined
      ? constraint.normalize(value)
      : value
  return left.every((value, index) => normalized(value) === normalized(right[index]))
}

function declarationError(message: string): ValidationError {
  return new ValidationError(ERROR_CODES.invalidDeclaration, message)
}

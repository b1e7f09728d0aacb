import {
  isExtension,
  isRemoval,
  isSetting,
  $SET
} from 'dynamodb-toolbox/entity/actions/update/symbols'

import { ERROR_CODES, ValidationError } from '../../client/errors/index.js'
import type { PlannedPart } from '../../client/transaction/transactionActions.js'
import {
  constrainedValues,
  deleteGuard,
  putGuard,
  sameValues,
  type UniqueConstraint
} from '../features/uniqueValues.js'
import type { EntityModel } from './entityModel.js'

type Stored = Record<string, unknown>

/**
 * The guard writes that take an item from `before` to `after` (entity attribute names; `undefined`
 * for an absent item): a constraint whose values change gives up its old guard (only if it is
 * still the item's) and takes the new one (only if no item holds it).
 */
export function guardChanges(
  model: EntityModel,
  operation: string,
  ownerKey: Stored,
  constraints: readonly UniqueConstraint[],
  before: Stored | undefined,
  after: Stored | undefined
): PlannedPart[] {
  const context = { entity: model.entity, operation }
  const parts: PlannedPart[] = []
  for (const constraint of constraints) {
    const from = before === undefined ? undefined : constrainedValues(constraint, before)
    const to = after === undefined ? undefined : constrainedValues(constraint, plainValues(after))
    if (sameValues(constraint, from, to)) continue
    if (from !== undefined) {
      parts.push({
        field: 'Delete',
        kind: 'delete',
        params: deleteGuard(context, constraint, from, ownerKey),
        explain: () => ({ failure: 'changed' })
      })
    }
    if (to !== undefined) {
      parts.push({
        field: 'Put',
        kind: 'put',
        params: putGuard(context, constraint, to, ownerKey),
        explain: () => ({ failure: 'unique', constraint: constraint.name })
      })
    }
  }
  return parts
}

/**
 * The constraints an update changes a value of. Their values must be given plainly (or removed):
 * an expression (`$add`, `$append`) would leave the new value unknown, and so its guard.
 */
export function touchedConstraints(
  model: EntityModel,
  operation: string,
  update: Stored
): UniqueConstraint[] {
  return model.unique.filter(constraint =>
    constraint.attributes.some(attribute => {
      const value = update[attribute]
      if (value === undefined) return false
      if (isExtension(value) && !isRemoval(value) && !isSetting(value)) {
        throw new ValidationError(
          ERROR_CODES.invalidItem,
          `${model.name}.${operation}: '${attribute}' of unique constraint '${constraint.name}' can only be set to a value or removed`,
          { entity: model.name, attribute }
        )
      }
      return true
    })
  )
}

/** The constrained attributes of a stored item, by their entity names. */
export function uniqueView(model: EntityModel, stored: Stored | undefined): Stored | undefined {
  if (stored === undefined) return undefined
  const view: Stored = {}
  for (const constraint of model.unique) {
    for (const attribute of constraint.attributes)
      view[attribute] = stored[model.savedAs(attribute)]
  }
  return view
}

/** Update values as they will be stored: `$set(v)` is `v`, `$remove()` is absent. */
function plainValues(values: Stored): Stored {
  const plain: Stored = {}
  for (const [attribute, value] of Object.entries(values)) {
    if (isRemoval(value)) plain[attribute] = undefined
    else if (isSetting(value)) plain[attribute] = (value as Record<symbol, unknown>)[$SET]
    else plain[attribute] = value
  }
  return plain
}

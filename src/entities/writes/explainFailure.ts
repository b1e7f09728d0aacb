import type { FailureExplanation } from '../../client/errors/index.js'
import type { UniqueConstraint } from '../features/uniqueValues.js'
import type { EntityModel } from './entityModel.js'

type Stored = Record<string, unknown>

/** What an item's write required, to tell why its condition failed. */
export interface Expectation {
  /** The item had to exist (update, delete of a versioned item). */
  exists?: boolean
  /** The version the write was based on (0: the item must not exist). */
  version?: number
  /** The stored constrained values the item was read with (`null`: it was absent). */
  pinned?: Stored | null
}

/**
 * Why an entity write's condition failed, from the item as it was when it failed (DynamoDB returns
 * it with `ReturnValuesOnConditionCheckFailure: ALL_OLD`): it changed since it was read, it is
 * missing, its version is another, or else the caller's own condition did not hold.
 */
export function explainItemFailure(
  model: EntityModel,
  expectation: Expectation,
  current: Stored | undefined
): FailureExplanation {
  if (expectation.pinned !== undefined) {
    const now = current === undefined ? null : pinnedValues(model, current, model.unique)
    if (!samePinned(expectation.pinned, now)) return { failure: 'changed' }
  }
  if (expectation.exists === true && current === undefined) return { failure: 'notFound' }
  if (expectation.version !== undefined && model.version !== undefined) {
    const stored = current?.[model.version.savedAs]
    const conflict =
      expectation.version === 0 ? current !== undefined : stored !== expectation.version
    if (conflict) return { failure: current === undefined ? 'notFound' : 'version' }
  }
  return { failure: 'condition' }
}

/** The stored values of the constrained attributes (by their stored names). */
export function pinnedValues(
  model: EntityModel,
  current: Stored,
  constraints: readonly UniqueConstraint[]
): Stored {
  const values: Stored = {}
  for (const constraint of constraints) {
    for (const attribute of constraint.attributes) {
      const savedAs = model.savedAs(attribute)
      values[savedAs] = current[savedAs]
    }
  }
  return values
}

function samePinned(left: Stored | null, right: Stored | null): boolean {
  if (left === null || right === null) return left === right
  return Object.keys(left).every(name => left[name] === right[name])
}

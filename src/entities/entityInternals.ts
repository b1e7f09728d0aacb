import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
import type { IndexView } from './indexView.js'
import type { ItemOperations } from './singleItem.js'
import type { EntityModel } from './writes/entityModel.js'

/** What engines beyond the entity itself (a backfill) need of it; not part of the public API. */
export interface EntityInternals {
  readonly model: EntityModel
  readonly items: ItemOperations
  /** How the entity reads the table itself. */
  readonly tableView: IndexView
}

const internals = new WeakMap<object, EntityInternals>()

export function registerEntityInternals(entity: object, parts: EntityInternals): void {
  internals.set(entity, parts)
}

/** The internals of an entity `defineEntity` made, or a ValidationError before any I/O. */
export function entityInternals(entity: unknown, operation: string): EntityInternals {
  const found = typeof entity === 'object' && entity !== null ? internals.get(entity) : undefined
  if (found === undefined) {
    throw new ValidationError(
      ERROR_CODES.invalidRequest,
      `${operation}: the entity must be one defineEntity() returned`
    )
  }
  return found
}

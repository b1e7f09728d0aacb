import { defineHidden, ERROR_CODES, MonotableError } from './base.js'

/**
 * A stored item cannot be read as its entity: an attribute is missing, of the wrong type, or
 * outside an enum (an item written before the schema changed, or by other code). The message names
 * the entity, the attribute and the problem, never values; `key` (non-enumerable) holds the item's
 * primary key, so it can be found and fixed.
 */
export class InvalidItemError extends MonotableError {
  declare readonly key: Readonly<Record<string, unknown>>

  constructor(
    readonly entity: string,
    readonly attribute: string | undefined,
    /** toolbox's code for the problem, e.g. `formatter.missingAttribute`. */
    readonly problem: string,
    key: Readonly<Record<string, unknown>>
  ) {
    const subject = attribute === undefined ? 'it' : `attribute '${attribute}'`
    super(
      ERROR_CODES.invalidStoredItem,
      `${entity}: a stored item cannot be read: ${subject} does not match the schema (${problem})`
    )
    defineHidden(this, 'key', key)
  }
}

/** A write would give a value of a unique constraint to a second item. Names the constraint only. */
export class UniqueConstraintError extends MonotableError {
  constructor(
    readonly entity: string,
    readonly operation: string,
    /** The constraint's name, as declared in `unique`. */
    readonly constraint: string,
    cause?: Error
  ) {
    super(
      ERROR_CODES.uniqueConflict,
      `${entity}.${operation}: another item holds the value of unique constraint '${constraint}'`,
      cause === undefined ? {} : { cause }
    )
  }
}

/**
 * Optimistic locking: the stored item's version is not the one the write was based on (another
 * writer got there first), or an item to create exists already. `item` (non-enumerable) holds the
 * item as it is, when DynamoDB returned it.
 */
export class VersionConflictError extends MonotableError {
  declare readonly item: unknown

  constructor(
    readonly entity: string,
    readonly operation: string,
    item: unknown,
    cause?: Error,
    /** An earlier attempt of this write may have been applied: the conflict may be its own. */
    readonly ambiguous = false
  ) {
    super(
      ERROR_CODES.versionConflict,
      `${entity}.${operation}: the stored version is not the one this write was based on${ambiguous ? ' (an earlier attempt may have been applied)' : ''}`,
      cause === undefined ? {} : { cause }
    )
    defineHidden(this, 'item', item)
  }
}

import { ERROR_CODES, ValidationError } from '../../client/errors/index.js'
import { assertSlotValues } from '../slotValues.js'
import type { EntityModel } from './entityModel.js'

type Input = Record<string, unknown>

/**
 * A write's input as toolbox will parse it: an object, whose time-to-live may be given as a `Date`
 * (stored as epoch seconds, what DynamoDB's TTL reads), whose index keys are not given (they are
 * computed from the key templates; taking one from input would let a caller list an item under
 * someone else's partition of an index), and whose index slot values DynamoDB would accept.
 */
export function prepareInput(model: EntityModel, input: unknown, operation: string): Input {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError(
      ERROR_CODES.invalidItem,
      `${model.name}.${operation}: the item must be an object`,
      { entity: model.name }
    )
  }
  for (const attribute of model.linkedAttributes) {
    if ((input as Input)[attribute] !== undefined) {
      throw new ValidationError(
        ERROR_CODES.invalidItem,
        `${model.name}.${operation}: '${attribute}' is an index key, computed from the key templates`,
        { entity: model.name, attribute }
      )
    }
  }
  if (model.slots.length > 0) assertSlotValues(model, input as Input, operation)
  const ttl = model.timeToLive?.attribute
  const expiry = ttl === undefined ? undefined : (input as Input)[ttl]
  if (!(expiry instanceof Date)) return input as Input
  if (Number.isNaN(expiry.getTime())) {
    throw new ValidationError(
      ERROR_CODES.invalidItem,
      `${model.name}.${operation}: '${ttl}' is an invalid Date`,
      { entity: model.name, attribute: ttl as string }
    )
  }
  return { ...(input as Input), [ttl as string]: epochSeconds(expiry) }
}

/** A time as DynamoDB's time to live reads it: whole seconds since the epoch. */
export function epochSeconds(time: Date): number {
  return Math.floor(time.getTime() / 1_000)
}

/**
 * The version a write is based on: what the caller read (`0` or absent for an item to create).
 * `required` for writes that must find the item (update, delete).
 */
export function versionOf(
  model: EntityModel,
  input: Input,
  operation: string,
  required: boolean
): number | undefined {
  const attribute = model.version?.attribute
  if (attribute === undefined) return undefined
  const version = input[attribute]
  if (version === undefined || version === 0) {
    if (!required) return 0
    throw new ValidationError(
      ERROR_CODES.missingVersion,
      `${model.name}.${operation}: '${attribute}' must be given: the version this write is based on (optimistic locking)`,
      { entity: model.name, attribute }
    )
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new ValidationError(
      ERROR_CODES.missingVersion,
      `${model.name}.${operation}: '${attribute}' must be a whole number of at least 0`,
      { entity: model.name, attribute }
    )
  }
  return version
}

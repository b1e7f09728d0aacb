import { isGetting, isSetting, $SET } from 'dynamodb-toolbox/entity/actions/update/symbols'

import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
import { MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES } from '../client/limits.js'
import type { SlotMapping } from './entityKeys.js'
import type { EntityModel } from './writes/entityModel.js'

/**
 * Checks, before the network, the values a write gives to attributes that fill index slots, as
 * DynamoDB checks index keys: no empty string or binary, at most 2048 bytes for a partition
 * attribute and 1024 for a sort attribute (types are the schema's, checked by toolbox). An
 * expression's value is DynamoDB's to check.
 */
export function assertSlotValues(
  model: EntityModel,
  input: Readonly<Record<string, unknown>>,
  operation: string
): void {
  for (const slot of model.slots) {
    let value = input[slot.attribute]
    if (isSetting(value)) value = (value as Record<symbol, unknown>)[$SET]
    else if (isGetting(value)) continue
    const problem = problemOf(slot, value)
    if (problem === undefined) continue
    throw new ValidationError(
      ERROR_CODES.invalidKey,
      `${model.name}.${operation}: '${slot.attribute}' fills a key of index slot '${slot.stored}' and ${problem}`,
      { entity: model.name, attribute: slot.attribute }
    )
  }
}

function problemOf(slot: SlotMapping, value: unknown): string | undefined {
  const maxBytes = slot.role === 'partition' ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES
  if (typeof value === 'string') {
    if (value.length === 0) return 'cannot be empty'
    if (value.length * 3 > maxBytes && Buffer.byteLength(value, 'utf8') > maxBytes) {
      return `is longer than ${maxBytes} bytes`
    }
  } else if (value instanceof Uint8Array) {
    if (value.length === 0) return 'cannot be empty'
    if (value.length > maxBytes) return `is longer than ${maxBytes} bytes`
  }
  return undefined
}

import {
  $get,
  $GET,
  $remove,
  $SET,
  isExtension,
  isGetting,
  isRemoval,
  isSetting
} from 'dynamodb-toolbox/entity/actions/update/symbols'
import { binary } from 'dynamodb-toolbox/schema/binary'
import type { ItemSchema } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'

import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
import type { KeyType } from '../schema/indexDeclarations.js'
import type { KeyTemplate } from '../schema/keyTemplate.js'
import { composeBoundedKey, type KeyRole, type SlotMapping } from './entityKeys.js'

/**
 * The functions toolbox calls to keep an index key in step with its item: on put (`putLink`) and
 * on update (`updateLink`), for composed keys and for slot copies.
 */

type Item = Record<string, unknown>

export interface LinkableSchema {
  putLink(link: (item: Item) => unknown): LinkableSchema
  updateLink(link: (item: Item) => unknown): LinkableSchema
}

export function copySchema(type: KeyType, big: boolean) {
  if (type === 'string') return string().optional().hidden()
  if (type === 'binary') return binary().optional().hidden()
  return big ? number().big().optional().hidden() : number().optional().hidden()
}

/**
 * A slot copy follows the attribute: set with it, removed with it. An expression (`$add`, ...)
 * leaves the copy's new value unknown, so it is refused; an upsert's default
 * (`if_not_exists(attribute, default)`) is copied as that same expression.
 */
export function copyOnUpdate(slot: SlotMapping, value: unknown, entity: string): unknown {
  if (value === undefined) return undefined
  if (isRemoval(value)) return $remove()
  if (isSetting(value)) return (value as Record<symbol, unknown>)[$SET]
  if (isGetting(value)) return value
  if (isExtension(value)) {
    throw new ValidationError(
      ERROR_CODES.invalidKey,
      `${entity}: '${slot.attribute}' is copied into index key '${slot.stored}' and cannot be updated with an expression; set its new value`,
      { entity, attribute: slot.attribute }
    )
  }
  return value
}

/** An item without one of the template's attributes stays out of the index (a sparse index). */
export function composeIndexKeyOnPut(
  template: KeyTemplate,
  item: Item,
  entity: string,
  keyAttribute: KeyRole
): string | undefined {
  if (template.attributes.some(attribute => item[attribute] === undefined)) return undefined
  return composeBoundedKey(template, item, entity, keyAttribute)
}

/**
 * Recomputes an index key when an update sets the attributes it is built from (key attributes are
 * in every update, so they alone do not count, unless the key is built from them only: then every
 * update sets it, so that an upsert that creates the item lists it). Setting only some of them
 * would leave the key stale, so that is refused; removing one removes the key. An upsert's defaults
 * (`if_not_exists(attribute, default)`) give `if_not_exists(key, key composed with the defaults)`,
 * right both for a created item and for an existing one, whose key is then unchanged.
 */
export function composeIndexKeyOnUpdate(
  template: KeyTemplate,
  update: Item,
  entity: string,
  keyAttribute: KeyRole,
  schema: ItemSchema
): unknown {
  const isKey = (attribute: string) => schema.keyAttributeNames.has(attribute)
  const touched = template.attributes.some(
    attribute => !isKey(attribute) && update[attribute] !== undefined
  )
  if (!touched && !template.attributes.every(isKey)) return undefined
  const values: Item = {}
  const missing: string[] = []
  let defaulted = false
  let given = false
  for (const attribute of template.attributes) {
    const value = update[attribute]
    if (value === undefined) {
      missing.push(attribute)
      continue
    }
    if (isRemoval(value)) return $remove()
    if (isGetting(value) && isOwnDefault(value, attribute)) {
      values[attribute] = ((value as Record<symbol, unknown[]>)[$GET] as unknown[])[1]
      defaulted = true
      continue
    }
    if (isSetting(value)) values[attribute] = (value as Record<symbol, unknown>)[$SET]
    else if (isExtension(value))
      throw staleIndexKey(entity, keyAttribute.name, attribute, 'is updated with an expression')
    else values[attribute] = value
    if (!isKey(attribute)) given = true
  }
  const [firstMissing] = missing
  if (firstMissing !== undefined) {
    throw staleIndexKey(entity, keyAttribute.name, firstMissing, 'is missing from the update')
  }
  const key = composeBoundedKey(template, values, entity, keyAttribute)
  if (!defaulted) return key
  if (given) {
    const defaultedAttribute = template.attributes.find(attribute => isGetting(update[attribute]))
    throw staleIndexKey(
      entity,
      keyAttribute.name,
      defaultedAttribute as string,
      'is left to its default while the key changes; give it'
    )
  }
  return ($get as (reference: string, fallback: unknown) => unknown)(keyAttribute.name, key)
}

/** `$get(attribute, default)`: what an upsert sets an attribute it was not given to. */
function isOwnDefault(value: unknown, attribute: string): boolean {
  const [reference, fallback] = (value as Record<symbol, unknown[]>)[$GET] as unknown[]
  return reference === attribute && fallback !== undefined
}

function staleIndexKey(
  entity: string,
  keyAttribute: string,
  attribute: string,
  problem: string
): ValidationError {
  return new ValidationError(
    ERROR_CODES.invalidKey,
    `${entity}: index key '${keyAttribute}' cannot be recomputed: '${attribute}' ${problem}`,
    { entity, attribute }
  )
}

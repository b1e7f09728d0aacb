import { $get, isRemoval } from 'dynamodb-toolbox/entity/actions/update/symbols'

import { ERROR_CODES, ValidationError } from '../../client/errors/index.js'
import type { EntityModel } from './entityModel.js'

type Stored = Record<string, unknown>

interface AttributeProps {
  required?: string
  key?: boolean
  putDefault?: unknown
  putLink?: unknown
  updateDefault?: unknown
  updateLink?: unknown
}

/**
 * An upsert may create the item, so it must give every attribute a created item needs: an update
 * does not apply put defaults, so `upsert` sets each defaulted attribute the input leaves out to
 * its default where the item has none (`if_not_exists`), and refuses, before the network, an input
 * that leaves out a required attribute without a default (a created item would not match its
 * schema, and every later read of it would fail).
 */
export function checkUpsert(model: EntityModel, update: Stored, couldCreate: boolean): Stored {
  if (!couldCreate) return update
  const missing: string[] = []
  const defaulted: Stored = {}
  for (const [attribute, schema] of Object.entries(model.entity.schema.attributes)) {
    const props = (schema as unknown as { props: AttributeProps }).props
    if (props.key === true || props.putLink !== undefined || props.updateDefault !== undefined)
      continue
    if (props.updateLink !== undefined || model.linkedAttributes.has(attribute)) continue
    const given = update[attribute] !== undefined && !isRemoval(update[attribute])
    if (given) continue
    if (props.putDefault !== undefined) {
      const value =
        typeof props.putDefault === 'function'
          ? (props.putDefault as () => unknown)()
          : props.putDefault
      defaulted[attribute] = $get(attribute as never, value as never)
    } else if (props.required !== 'never') missing.push(attribute)
  }
  if (missing.length > 0) {
    throw new ValidationError(
      ERROR_CODES.invalidItem,
      `${model.name}.upsert: could create an item without ${missing.map(name => `'${name}'`).join(', ')} (required, no default); give them, or use update`,
      { entity: model.name, attribute: missing[0] as string }
    )
  }
  return Object.keys(defaulted).length === 0 ? update : { ...update, ...defaulted }
}

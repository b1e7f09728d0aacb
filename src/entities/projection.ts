import type { Entity, FormattedItem } from 'dynamodb-toolbox/entity'

import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
import type { AttributeName, ProjectedItem } from '../client/projections.js'

export type {
  AttributeName,
  KeyAttributeName,
  Projected,
  ProjectedItem
} from '../client/projections.js'

/** A read narrowed to some attributes: those asked for, and the key attributes, always. */
export interface ProjectionOption<ENTITY extends Entity> {
  /**
   * Read only these attributes (a ProjectionExpression); the item also holds the entity's key
   * attributes, so that it can be written back or deleted.
   */
  attributes?: readonly AttributeName<ENTITY>[]
}

/** The item of a read with these options: projected when they ask for attributes. */
export type ReadItem<
  ENTITY extends Entity,
  OPTIONS,
  WHOLE = FormattedItem<ENTITY>
> = OPTIONS extends {
  readonly attributes: infer ATTRIBUTES extends readonly string[]
}
  ? ProjectedItem<ENTITY, ATTRIBUTES>
  : WHOLE

/**
 * The attributes a projected read asks DynamoDB for and formats: the ones given, checked against
 * the entity before the network, and its key attributes. `undefined` when none are given.
 */
export function projectedAttributes(
  entity: Entity,
  attributes: unknown,
  operation: string
): string[] | undefined {
  if (attributes === undefined) return undefined
  const schema = entity.schema.attributes as Record<string, { props: { hidden?: unknown } }>
  const valid =
    Array.isArray(attributes) &&
    attributes.length > 0 &&
    attributes.every(
      name => typeof name === 'string' && name in schema && schema[name]?.props.hidden !== true
    )
  if (!valid) {
    throw new ValidationError(
      ERROR_CODES.invalidOptions,
      `${entity.entityName}.${operation}: 'attributes' must list attributes of the entity`,
      { entity: entity.entityName }
    )
  }
  const keys = [...entity.schema.keyAttributeNames]
  return [...new Set([...keys, ...(attributes as string[])])]
}

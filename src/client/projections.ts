import type { Entity, FormattedItem } from 'dynamodb-toolbox/entity'

/** A top-level attribute of an entity, as reads return it. */
export type AttributeName<ENTITY extends Entity> = keyof FormattedItem<ENTITY> & string

/** The `.key()` attributes of an entity. */
export type KeyAttributeName<ENTITY extends Entity> = {
  [NAME in keyof ENTITY['schema']['attributes']]: ENTITY['schema']['attributes'][NAME] extends {
    readonly props: { readonly key: true }
  }
    ? NAME
    : never
}[keyof ENTITY['schema']['attributes']] &
  string

/** The item a projected read returns: the attributes asked for, and the key attributes. */
export type ProjectedItem<ENTITY extends Entity, ATTRIBUTES extends readonly string[]> = Pick<
  FormattedItem<ENTITY>,
  (ATTRIBUTES[number] | KeyAttributeName<ENTITY>) & keyof FormattedItem<ENTITY>
>

declare const projected: unique symbol

/** A read request (batchGet, transactGet) that asks for some attributes only: its type says which. */
export interface Projected<ATTRIBUTES extends readonly string[]> {
  readonly [projected]: ATTRIBUTES
}

/** The item a read request returns: projected, or whole. */
export type RequestedItem<REQUEST extends { entity: Entity }> =
  REQUEST extends Projected<infer ATTRIBUTES>
    ? ProjectedItem<REQUEST['entity'], ATTRIBUTES>
    : FormattedItem<REQUEST['entity']>

/**
 * The attributes a read request asks for (an entity's `batchGet(key, { attributes })` or
 * `transactGet(key, { attributes })`), kept beside the request so that engines read the item as
 * projected. The entity's key attributes are always among them.
 */
const projections = new WeakMap<object, readonly string[]>()

export function setProjection(request: object, attributes: readonly string[] | undefined): void {
  if (attributes !== undefined) projections.set(request, attributes)
}

export function projectionOf(request: object): readonly string[] | undefined {
  return projections.get(request)
}

/**
 * A ProjectionExpression for these entity attributes (by their stored names) and the table's key
 * attributes, which a batch read needs to match items to keys.
 */
export function projectionExpression(
  entity: Entity,
  attributes: Iterable<string>
): { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> } {
  const schema = entity.schema.attributes as Record<string, { props: { savedAs?: string } }>
  const { partitionKey, sortKey } = entity.table
  const stored = new Set([partitionKey.name, ...(sortKey === undefined ? [] : [sortKey.name])])
  for (const attribute of attributes) stored.add(schema[attribute]?.props.savedAs ?? attribute)
  const names = [...stored]
  return {
    ProjectionExpression: names.map((_, position) => `#p${position}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(
      names.map((name, position) => [`#p${position}`, name])
    )
  }
}

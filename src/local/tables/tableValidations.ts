import { type ActionValidation, actionValidations } from '../dynalite/internals.js'
import { checkGlobalIndexKeySchema, KEY_SCHEMA_MESSAGES } from './keySchemaRules.js'

interface KeySchemaElementInput {
  AttributeName?: unknown
  KeyType?: unknown
}

interface IndexInput {
  IndexName?: unknown
  KeySchema?: KeySchemaElementInput[]
  Projection?: { NonKeyAttributes?: unknown[] }
}

type Types = Record<string, unknown>

/**
 * CreateTable as dynalite checks it, except for global secondary index key schemas: dynalite's
 * types cap them at two elements and its custom check wants exactly HASH then RANGE. Here, after
 * DynamoDB Local's rule against an attribute defined twice, dynalite's checks run on the request
 * with every such key schema replaced by a stand-in that passes them (the table's own partition
 * key), then Local's rules run on the real ones (and on each index's NonKeyAttributes), then its
 * rule that every attribute definition is used by some key.
 */
export const createTableValidation: ActionValidation = {
  types: withoutLengthBounds(actionValidations.createTable.types, [
    'GlobalSecondaryIndexes',
    'children',
    'children',
    'KeySchema'
  ]),
  custom: (data, store) => {
    const names = ((data.AttributeDefinitions as { AttributeName?: unknown }[]) ?? []).map(
      definition => definition.AttributeName
    )
    if (new Set(names).size !== names.length) return KEY_SCHEMA_MESSAGES.sameAttributeTwice
    const indexes = (data.GlobalSecondaryIndexes as IndexInput[] | undefined) ?? []
    const tableKeys = (data.KeySchema as KeySchemaElementInput[]) ?? []
    const standIn = [{ AttributeName: tableKeys[0]?.AttributeName, KeyType: 'HASH' }]
    const message = actionValidations.createTable.custom?.(
      indexes.length === 0
        ? data
        : {
            ...data,
            GlobalSecondaryIndexes: indexes.map(index => ({ ...index, KeySchema: standIn }))
          },
      store
    )
    if (message) return message
    if (indexes.length === 0 && data.LocalSecondaryIndexes == null) return undefined
    const defined = definedNamesOf(data)
    for (const index of indexes) {
      const problem = checkGlobalIndexKeySchema(index.KeySchema ?? [], defined)
      if (problem !== undefined) return problem
      const projected = index.Projection?.NonKeyAttributes ?? []
      if (new Set(projected).size !== projected.length) {
        return KEY_SCHEMA_MESSAGES.sameAttributeTwice
      }
    }
    return usesEveryDefinition(data, defined) ? undefined : KEY_SCHEMA_MESSAGES.unusedDefinitions
  }
}

/**
 * UpdateTable as dynalite checks it, also accepting the AttributeDefinitions that creating an
 * index needs (dynalite's types drop them), key schemas of any length (the rules are applied once
 * the table is known) and indexes without ProvisionedThroughput.
 */
export const updateTableValidation: ActionValidation = {
  types: {
    ...indexCreationTypes(actionValidations.updateTable.types),
    AttributeDefinitions: optional(
      actionValidations.createTable.types.AttributeDefinitions as Types
    )
  },
  custom: actionValidations.updateTable.custom
}

function definedNamesOf(data: Record<string, unknown>): Set<string> {
  const definitions = (data.AttributeDefinitions as { AttributeName?: unknown }[]) ?? []
  return new Set(definitions.map(definition => String(definition.AttributeName)))
}

function usesEveryDefinition(data: Record<string, unknown>, defined: ReadonlySet<string>): boolean {
  const used = new Set<string>()
  const addKeys = (keySchema: KeySchemaElementInput[] | undefined) =>
    keySchema?.forEach(key => used.add(String(key.AttributeName)))
  addKeys(data.KeySchema as KeySchemaElementInput[])
  for (const index of [
    ...((data.GlobalSecondaryIndexes as IndexInput[] | undefined) ?? []),
    ...((data.LocalSecondaryIndexes as IndexInput[] | undefined) ?? [])
  ]) {
    addKeys(index.KeySchema)
  }
  return [...defined].every(name => used.has(name))
}

/**
 * dynalite's types for GlobalSecondaryIndexUpdates[].Create, with key schemas of any length and
 * ProvisionedThroughput optional (an index of an on-demand table has none).
 */
function indexCreationTypes(types: Types): Types {
  const path = ['GlobalSecondaryIndexUpdates', 'children', 'children', 'Create', 'children']
  const copy = withoutLengthBounds(types, [...path, 'KeySchema'])
  let create: Types = copy
  for (const step of path) create = create[step] as Types
  create.ProvisionedThroughput = optional(create.ProvisionedThroughput as Types)
  return copy
}

/** dynalite applies a `notNull` rule whatever its value, so optional means without one. */
function optional({ notNull: _required, ...type }: Types): Types {
  return type
}

/** A copy of dynalite's types with the length bounds of the list at `path` removed. */
function withoutLengthBounds(types: Types, path: readonly string[]): Types {
  const copy = structuredClone(types)
  let node: Types = copy
  for (const step of path) node = node[step] as Types
  delete node.lengthGreaterThanOrEqual
  delete node.lengthLessThanOrEqual
  return copy
}

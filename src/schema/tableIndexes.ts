import type { Key, KeyType, Table } from 'dynamodb-toolbox/table'

import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
import type {
  IndexDeclaration,
  IndexesDeclaration,
  IndexProjection,
  IndexSlot,
  TableIndex
} from './indexDeclarations.js'

/** DynamoDB's limits on a multi-attribute GSI key. */
export const MAX_INDEX_PARTITION_ATTRIBUTES = 4
export const MAX_INDEX_SORT_ATTRIBUTES = 4

const INDEX_NAME = /^[A-Za-z0-9_.-]{3,255}$/
const ATTRIBUTE_NAME = /^.{1,255}$/su
const KEY_TYPES: readonly KeyType[] = ['string', 'number', 'binary']

/** A key attribute of the table or of one of its indexes. */
export type KeyAttribute = Key<string, KeyType>

/**
 * Turns a table's index declarations into the indexes its dynamodb-toolbox Table holds (with
 * `keyKind` and `projection` beside toolbox's own fields), checking names, slots and types.
 */
export function buildTableIndexes(
  tableName: string,
  declared: IndexesDeclaration,
  tableKeys: readonly KeyAttribute[]
): Record<string, TableIndex> {
  const entries: [string, IndexDeclaration][] = Array.isArray(declared)
    ? (declared as readonly string[]).map(name => [name, {}])
    : Object.entries(declared as Readonly<Record<string, IndexDeclaration>>)
  const names = entries.map(([name]) => name)
  const types = new Map(tableKeys.map(key => [key.name, key.type]))
  const indexes: Record<string, TableIndex> = {}
  for (const [name, declaration] of entries) {
    const context = `Table '${tableName}', index '${name}'`
    if (
      typeof name !== 'string' ||
      !INDEX_NAME.test(name) ||
      names.indexOf(name) !== names.lastIndexOf(name)
    ) {
      throw declarationError(
        `Table '${tableName}': index name '${String(name)}' is invalid or repeated`
      )
    }
    if (typeof declaration !== 'object' || declaration === null) {
      throw declarationError(`${context}: the declaration must be an object`)
    }
    const index = buildIndex(name, declaration, context, tableKeys)
    for (const key of keyAttributesOf(index, tableKeys[0] as KeyAttribute)) {
      const known = types.get(key.name)
      if (known !== undefined && known !== key.type) {
        throw declarationError(
          `${context}: attribute '${key.name}' is declared both ${known} and ${key.type}`
        )
      }
      types.set(key.name, key.type)
    }
    indexes[name] = index
  }
  return indexes
}

function buildIndex(
  name: string,
  declaration: IndexDeclaration,
  context: string,
  tableKeys: readonly KeyAttribute[]
): TableIndex {
  const projection = normalizeProjection(declaration.projection, context)
  const tableSortKey = tableKeys[1]
  if (declaration.type === 'local') {
    if (tableSortKey === undefined) {
      throw declarationError(`${context}: a local index needs a table with a sort key`)
    }
    const { sk, sort } = declaration
    if (sk !== undefined && sort !== undefined) {
      throw declarationError(
        `${context}: give 'sk' (a composed sort key) or 'sort' (a typed attribute), not both`
      )
    }
    if (sort !== undefined) {
      const slots = slotKeys(sort, `${name}sk`, context, 1)
      return { type: 'local', keyKind: 'attributes', sortKey: slots[0] as KeyAttribute, projection }
    }
    return {
      type: 'local',
      keyKind: 'composed',
      sortKey: composedKey(sk, `${name}sk`, context),
      projection
    }
  }
  if (declaration.type !== undefined && declaration.type !== 'global') {
    throw declarationError(`${context}: type must be 'global' or 'local'`)
  }
  if ('partition' in declaration && declaration.partition !== undefined) {
    const composedNames = declaration as { pk?: unknown; sk?: unknown }
    if (composedNames.pk !== undefined || composedNames.sk !== undefined) {
      throw declarationError(
        `${context}: give 'pk'/'sk' (composed keys) or 'partition'/'sort' (typed slots), not both`
      )
    }
    const partitionKeys = slotKeys(
      declaration.partition,
      `${name}pk`,
      context,
      MAX_INDEX_PARTITION_ATTRIBUTES
    )
    const sortKeys = slotKeys(
      declaration.sort ?? [],
      `${name}sk`,
      context,
      MAX_INDEX_SORT_ATTRIBUTES,
      0
    )
    assertDistinct([...partitionKeys, ...sortKeys], context)
    return { type: 'global', keyKind: 'attributes', partitionKeys, sortKeys, projection }
  }
  const composed = declaration as { pk?: string; sk?: string | null; sort?: unknown }
  if (composed.sort !== undefined) {
    throw declarationError(`${context}: typed 'sort' slots need 'partition' slots too`)
  }
  const partitionKey = composedKey(composed.pk, `${name}pk`, context)
  const sortKey = composed.sk === null ? undefined : composedKey(composed.sk, `${name}sk`, context)
  if (sortKey !== undefined) assertDistinct([partitionKey, sortKey], context)
  return {
    type: 'global',
    keyKind: 'composed',
    partitionKey,
    ...(sortKey === undefined ? {} : { sortKey }),
    projection
  } as TableIndex
}

function composedKey(
  name: string | undefined,
  fallback: string,
  context: string
): Key<string, 'string'> {
  const attribute = name ?? fallback
  assertAttributeName(attribute, context)
  return { name: attribute, type: 'string' }
}

function slotKeys(
  slots: readonly IndexSlot[],
  prefix: string,
  context: string,
  max: number,
  min = 1
): KeyAttribute[] {
  if (!Array.isArray(slots) || slots.length < min || slots.length > max) {
    throw declarationError(
      `${context}: needs ${min} to ${max} ${prefix.endsWith('pk') ? 'partition' : 'sort'} slots`
    )
  }
  return slots.map((slot, position) => {
    const { attribute, type } =
      typeof slot === 'string' ? { attribute: `${prefix}${position + 1}`, type: slot } : slot
    assertAttributeName(attribute, context)
    if (!KEY_TYPES.includes(type)) {
      throw declarationError(`${context}: a slot's type must be 'string', 'number' or 'binary'`)
    }
    return { name: attribute, type }
  })
}

function normalizeProjection(
  projection: IndexProjection | undefined,
  context: string
): TableIndex['projection'] {
  if (projection === undefined || projection === 'ALL' || projection === 'KEYS_ONLY')
    return projection ?? 'ALL'
  const include = (projection as { include?: unknown }).include
  if (
    !Array.isArray(include) ||
    include.length === 0 ||
    new Set(include).size !== include.length ||
    !include.every(attribute => typeof attribute === 'string' && ATTRIBUTE_NAME.test(attribute))
  ) {
    throw declarationError(
      `${context}: projection must be 'ALL', 'KEYS_ONLY' or { include: [distinct attribute names] }`
    )
  }
  return Object.freeze([...include]) as readonly string[]
}

function assertAttributeName(name: unknown, context: string): void {
  if (typeof name !== 'string' || !ATTRIBUTE_NAME.test(name)) {
    throw declarationError(
      `${context}: a key attribute name must be a string of 1 to 255 characters`
    )
  }
}

function assertDistinct(keys: readonly KeyAttribute[], context: string): void {
  const names = keys.map(key => key.name)
  const repeated = names.find((name, position) => names.indexOf(name) !== position)
  if (repeated !== undefined) {
    throw declarationError(`${context}: attribute '${repeated}' is used twice in its key`)
  }
}

/** The key attributes of an index, partition ones first; a local index's partition is the table's. */
export function keyAttributesOf(
  index: TableIndex,
  tablePartitionKey: KeyAttribute
): KeyAttribute[] {
  const { partition, sort } = indexKeySchema(index, tablePartitionKey)
  return [...partition, ...sort]
}

export function indexKeySchema(
  index: TableIndex,
  tablePartitionKey: KeyAttribute
): { partition: readonly KeyAttribute[]; sort: readonly KeyAttribute[] } {
  if (index.type === 'local') return { partition: [tablePartitionKey], sort: [index.sortKey] }
  if (index.keyKind === 'attributes')
    return { partition: index.partitionKeys, sort: index.sortKeys }
  return {
    partition: [index.partitionKey],
    sort: index.sortKey === undefined ? [] : [index.sortKey]
  }
}

/** The index of a table declared with `defineTable`, or `undefined`. */
export function tableIndex(table: Table, name: string): TableIndex | undefined {
  const index = (table.indexes as Record<string, TableIndex | undefined>)[name]
  return index !== undefined && 'keyKind' in index ? index : undefined
}

/** Whether an index holds an attribute: a key of the table or of the index, or one it projects. */
export function projectsAttribute(table: Table, index: TableIndex, attribute: string): boolean {
  if (index.projection === 'ALL') return true
  const keys = [table.partitionKey, table.sortKey, ...keyAttributesOf(index, table.partitionKey)]
  if (keys.some(key => key?.name === attribute)) return true
  return (
    Array.isArray(index.projection) && (index.projection as readonly string[]).includes(attribute)
  )
}

function declarationError(message: string): ValidationError {
  return new ValidationError(ERROR_CODES.invalidDeclaration, message)
}

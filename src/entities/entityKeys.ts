import { Entity } from 'dynamodb-toolbox/entity'
import type { ItemSchema } from 'dynamodb-toolbox/schema/item'

import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
import { MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES } from '../client/limits.js'
import type { SingleTable } from '../schema/defineTable.js'
import type { KeyType } from '../schema/indexDeclarations.js'
import { composeKey, type KeyTemplate, parseKeyTemplate } from '../schema/keyTemplate.js'
import { tableIndex } from '../schema/tableIndexes.js'
import { linkIndexKeys } from './indexKeys.js'

/** A primary key as templates: `sk` only on a table with a sort key. */
export interface KeyTemplates {
  readonly pk: string
  readonly sk?: string
}

/** How an entity maps itself onto one index of its table. */
export interface EntityIndexDeclaration {
  /** A composed GSI's partition-key template. */
  readonly pk?: string
  /** A composed index's sort-key template. */
  readonly sk?: string
  /** An attribute-keyed GSI: the entity attributes for its partition slots, in order. */
  readonly partition?: readonly string[]
  /** An attribute-keyed index: the entity attributes for its sort slots, in order. */
  readonly sort?: readonly string[]
}

/** A key composed from templates: the primary key, or a composed index's. */
export interface ComposedKey {
  readonly kind: 'composed'
  /** `undefined` for the primary key, else the index name. */
  readonly index: string | undefined
  readonly partitionAttribute: string
  /** `undefined` for a key without a sort key. */
  readonly sortAttribute: string | undefined
  readonly partition: KeyTemplate
  readonly sort: KeyTemplate | undefined
}

/** An entity attribute held in a slot of an attribute-keyed index. */
export interface SlotMapping {
  /** The entity attribute. */
  readonly attribute: string
  /** The slot's stored attribute. */
  readonly stored: string
  readonly type: KeyType
  readonly role: 'partition' | 'sort'
  /** Whether the slot holds a hidden copy of the attribute (else the attribute is the slot). */
  readonly copied: boolean
}

/** The key of an attribute-keyed index, as this entity fills it. */
export interface AttributeKey {
  readonly kind: 'attributes'
  readonly index: string
  /** A local index's partition: the primary key's. */
  readonly tablePartition: ComposedKey | undefined
  readonly partition: readonly SlotMapping[]
  readonly sort: readonly SlotMapping[]
}

export type ParsedKey = ComposedKey | AttributeKey

export interface KeyDeclaration {
  entityName: string
  table: SingleTable
  schema: ItemSchema
  key: KeyTemplates
  indexes: Readonly<Record<string, EntityIndexDeclaration>>
  /** toolbox's timestamps option. */
  timestamps?: unknown
}

export interface EntityKeys {
  entity: Entity
  primaryKey: ComposedKey
  indexKeys: ReadonlyMap<string, ParsedKey>
  /** The hidden attributes added to the schema: index keys and slot copies. */
  linkedAttributes: ReadonlySet<string>
  /** Every slot of an attribute-keyed index the entity fills. */
  slots: readonly SlotMapping[]
}

/**
 * Builds the dynamodb-toolbox entity behind `defineEntity`: the primary key comes from
 * `computeKey`, and the indexes' keys are hidden linked attributes (see `indexKeys.ts`).
 */
export function buildToolboxEntity(declaration: KeyDeclaration): EntityKeys {
  const { entityName, table, schema } = declaration
  const primaryKey = parsePrimaryKey(declaration)
  const { indexKeys, linked, slots } = linkIndexKeys(declaration, primaryKey)

  const reserved = [table.partitionKey.name, table.sortKey?.name, ...Object.keys(linked)]
  for (const attribute of reserved) {
    if (attribute !== undefined && attribute in schema.attributes) {
      throw declarationError(
        `${entityName}: '${attribute}' is a key attribute of the table or of an index; declare it through the key templates or index slots`
      )
    }
  }

  const { partitionKey, sortKey } = table
  const entity = new Entity({
    name: entityName,
    table,
    schema: (schema as unknown as { and(attributes: object): ItemSchema }).and(linked),
    timestamps: declaration.timestamps ?? false,
    computeKey: (keyInput: Record<string, unknown>) => {
      const key: Record<string, string> = {
        [partitionKey.name]: composeBoundedKey(primaryKey.partition, keyInput, entityName, {
          name: partitionKey.name,
          role: 'partition'
        })
      }
      if (sortKey !== undefined && primaryKey.sort !== undefined) {
        key[sortKey.name] = composeBoundedKey(primaryKey.sort, keyInput, entityName, {
          name: sortKey.name,
          role: 'sort'
        })
      }
      return key
    }
  } as never) as Entity
  return {
    entity,
    primaryKey,
    indexKeys,
    linkedAttributes: new Set(Object.keys(linked)),
    slots
  }
}

function parsePrimaryKey(declaration: KeyDeclaration): ComposedKey {
  const { entityName, table, schema, key } = declaration
  const context = `${entityName} primary key`
  if (typeof key !== 'object' || key === null) {
    throw declarationError(`${context}: 'key' must be an object of templates`)
  }
  if ((table.sortKey === undefined) !== (key.sk === undefined)) {
    throw declarationError(
      table.sortKey === undefined
        ? `${context}: table '${table.getName()}' has no sort key, so the key has no 'sk'`
        : `${context}: table '${table.getName()}' has a sort key, so the key needs 'sk'`
    )
  }
  const primaryKey: ComposedKey = {
    kind: 'composed',
    index: undefined,
    partitionAttribute: table.partitionKey.name,
    sortAttribute: table.sortKey?.name,
    partition: parseTemplate(declaration, key.pk, context),
    sort: key.sk === undefined ? undefined : parseTemplate(declaration, key.sk, context)
  }
  for (const attribute of templateAttributes(primaryKey)) {
    if (!schema.keyAttributeNames.has(attribute)) {
      throw declarationError(
        `${entityName}: '${attribute}' is used in the primary key but is not a .key() attribute of the schema`
      )
    }
  }
  return primaryKey
}

/** Parses a template whose placeholders must all be attributes of the schema. */
export function parseTemplate(
  declaration: KeyDeclaration,
  source: string,
  context: string
): KeyTemplate {
  const template = parseKeyTemplate(source, context)
  for (const attribute of template.attributes) {
    if (!(attribute in declaration.schema.attributes)) {
      throw declarationError(`${context}: the schema has no attribute '${attribute}'`)
    }
  }
  return template
}

/** The attributes a composed key is built from. */
export function templateAttributes(key: ComposedKey): string[] {
  return [...key.partition.attributes, ...(key.sort?.attributes ?? [])]
}

/** A key attribute, and whether it is a partition or a sort key (they have different limits). */
export interface KeyRole {
  name: string
  role: 'partition' | 'sort'
}

/** Composes a key and enforces DynamoDB's key size limits (2048 B partition, 1024 B sort). */
export function composeBoundedKey(
  template: KeyTemplate,
  values: Readonly<Record<string, unknown>>,
  entity: string,
  keyAttribute: KeyRole
): string {
  const key = composeKey(template, values, { entity, keyAttribute: keyAttribute.name })
  const maxBytes = keyAttribute.role === 'partition' ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES
  // A UTF-8 byte is at least one UTF-16 unit and at most three: skip the count for short keys.
  if (key.length * 3 > maxBytes && Buffer.byteLength(key, 'utf8') > maxBytes) {
    throw new ValidationError(
      ERROR_CODES.invalidKey,
      `${entity}: key '${keyAttribute.name}' is longer than ${maxBytes} bytes`,
      { entity, attribute: keyAttribute.name }
    )
  }
  return key
}

/** The index of the entity's table, or a declaration error naming it. */
export function declaredIndex(declaration: KeyDeclaration, index: string) {
  const found = tableIndex(declaration.table, index)
  if (found === undefined) {
    throw declarationError(
      `${declaration.entityName}: table '${declaration.table.getName()}' has no index '${index}'`
    )
  }
  return found
}

export function declarationError(message: string): ValidationError {
  return new ValidationError(ERROR_CODES.invalidDeclaration, message)
}

import { Entity } from 'dynamodb-toolbox/entity'
import { $remove } from 'dynamodb-toolbox/entity/actions/update'
import {
  $SET,
  isExtension,
  isRemoval,
  isSetting
} from 'dynamodb-toolbox/entity/actions/update/symbols'
import type { ItemSchema } from 'dynamodb-toolbox/schema/item'
import { string } from 'dynamodb-toolbox/schema/string'

import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
import { MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES } from '../client/limits.js'
import { PARTITION_KEY, SORT_KEY, type SingleTable } from '../schema/defineTable.js'
import {
  composeKey,
  type KeyContext,
  type KeyTemplate,
  parseKeyTemplate
} from '../schema/keyTemplate.js'

/** A primary or index key, as two templates. */
export interface KeyTemplates {
  readonly pk: string
  readonly sk: string
}

/** The parsed templates of one key: the primary key, or a GSI's. */
export interface ParsedKey {
  /** `undefined` for the primary key, else the index name. */
  readonly index: string | undefined
  readonly partitionAttribute: string
  readonly sortAttribute: string
  readonly partition: KeyTemplate
  readonly sort: KeyTemplate
}

export interface KeyDeclaration {
  entityName: string
  table: SingleTable
  schema: ItemSchema
  key: KeyTemplates
  indexes: Readonly<Record<string, KeyTemplates>>
  /** toolbox's timestamps option. */
  timestamps?: unknown
}

/**
 * Builds the dynamodb-toolbox entity behind `defineEntity`: the primary key comes from
 * `computeKey`, and each GSI's key attributes are hidden linked attributes, recomputed on put and
 * on every update that sets the attributes they are built from.
 */
export function buildToolboxEntity(declaration: KeyDeclaration): {
  entity: Entity
  primaryKey: ParsedKey
  indexKeys: ReadonlyMap<string, ParsedKey>
  /** The hidden index-key attributes added to the schema. */
  linkedAttributes: ReadonlySet<string>
} {
  const { entityName, table, schema } = declaration
  const primaryKey = parseKey(declaration, undefined, declaration.key)
  for (const attribute of [...primaryKey.partition.attributes, ...primaryKey.sort.attributes]) {
    if (!schema.keyAttributeNames.has(attribute)) {
      throw declarationError(
        `${entityName}: '${attribute}' is used in the primary key but is not a .key() attribute of the schema`
      )
    }
  }

  const indexKeys = new Map<string, ParsedKey>()
  const linkedAttributes: Record<string, unknown> = {}
  for (const [index, templates] of Object.entries(declaration.indexes)) {
    if (!(index in table.indexes)) {
      throw declarationError(`${entityName}: table '${table.getName()}' has no index '${index}'`)
    }
    const indexKey = parseKey(declaration, index, templates)
    indexKeys.set(index, indexKey)
    for (const [attribute, template] of [
      [indexKey.partitionAttribute, indexKey.partition],
      [indexKey.sortAttribute, indexKey.sort]
    ] as const) {
      const context = { entity: entityName, keyAttribute: attribute }
      linkedAttributes[attribute] = string()
        .optional()
        .hidden()
        .putLink(item => composeIndexKeyOnPut(template, item as Record<string, unknown>, context))
        .updateLink(
          item =>
            composeIndexKeyOnUpdate(
              template,
              item as Record<string, unknown>,
              context,
              schema
            ) as never
        )
    }
  }

  const reserved = [PARTITION_KEY.name, SORT_KEY.name, ...Object.keys(linkedAttributes)]
  for (const attribute of reserved) {
    if (attribute in schema.attributes) {
      throw declarationError(
        `${entityName}: '${attribute}' is a key attribute of the table; declare it through key templates`
      )
    }
  }

  const entity = new Entity({
    name: entityName,
    table,
    schema: (schema as unknown as { and(attributes: object): ItemSchema }).and(linkedAttributes),
    timestamps: declaration.timestamps ?? false,
    computeKey: (keyInput: Record<string, unknown>) => ({
      pk: composeBoundedKey(primaryKey.partition, keyInput, entityName, PARTITION_KEY.name),
      sk: composeBoundedKey(primaryKey.sort, keyInput, entityName, SORT_KEY.name)
    })
  } as never) as Entity
  return { entity, primaryKey, indexKeys, linkedAttributes: new Set(Object.keys(linkedAttributes)) }
}

function parseKey(
  declaration: KeyDeclaration,
  index: string | undefined,
  templates: KeyTemplates
): ParsedKey {
  const partitionAttribute = index === undefined ? PARTITION_KEY.name : `${index}pk`
  const sortAttribute = index === undefined ? SORT_KEY.name : `${index}sk`
  const context = `${declaration.entityName} ${index ?? 'primary key'}`
  const parsed: ParsedKey = {
    index,
    partitionAttribute,
    sortAttribute,
    partition: parseKeyTemplate(templates.pk, context),
    sort: parseKeyTemplate(templates.sk, context)
  }
  for (const attribute of [...parsed.partition.attributes, ...parsed.sort.attributes]) {
    if (!(attribute in declaration.schema.attributes)) {
      throw declarationError(`${context}: the schema has no attribute '${attribute}'`)
    }
  }
  return parsed
}

/** Composes a key and enforces DynamoDB's key size limits (2048 B partition, 1024 B sort). */
export function composeBoundedKey(
  template: KeyTemplate,
  values: Readonly<Record<string, unknown>>,
  entity: string,
  keyAttribute: string
): string {
  const key = composeKey(template, values, { entity, keyAttribute })
  const maxBytes = keyAttribute.endsWith('pk') ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES
  // A UTF-8 byte is at least one UTF-16 unit and at most three: skip the count for short keys.
  if (key.length * 3 > maxBytes && Buffer.byteLength(key, 'utf8') > maxBytes) {
    throw new ValidationError(
      ERROR_CODES.invalidKey,
      `${entity}: key '${keyAttribute}' is longer than ${maxBytes} bytes`,
      { entity, attribute: keyAttribute }
    )
  }
  return key
}

/** An item without one of the template's attributes stays out of the index (a sparse index). */
function composeIndexKeyOnPut(
  template: KeyTemplate,
  item: Record<string, unknown>,
  context: KeyContext
): string | undefined {
  if (template.attributes.some(attribute => item[attribute] === undefined)) return undefined
  return composeBoundedKey(template, item, context.entity, context.keyAttribute)
}

/**
 * Recomputes an index key when an update sets the attributes it is built from (key attributes are
 * in every update, so they alone do not count). Setting only some of them would leave the index key
 * stale, so that is refused; removing one removes the key.
 */
function composeIndexKeyOnUpdate(
  template: KeyTemplate,
  update: Record<string, unknown>,
  context: KeyContext,
  schema: ItemSchema
): unknown {
  const touched = template.attributes.some(
    attribute => !schema.keyAttributeNames.has(attribute) && update[attribute] !== undefined
  )
  if (!touched) return undefined
  const values: Record<string, unknown> = {}
  const missing: string[] = []
  for (const attribute of template.attributes) {
    const value = update[attribute]
    if (value === undefined) missing.push(attribute)
    else if (isRemoval(value)) return $remove()
    else if (isSetting(value)) values[attribute] = (value as Record<symbol, unknown>)[$SET]
    else if (isExtension(value))
      throw staleIndexKey(context, attribute, 'is updated with an expression')
    else values[attribute] = value
  }
  const [firstMissing] = missing
  if (firstMissing !== undefined)
    throw staleIndexKey(context, firstMissing, 'is missing from the update')
  return composeBoundedKey(template, values, context.entity, context.keyAttribute)
}

function staleIndexKey(context: KeyContext, attribute: string, problem: string): ValidationError {
  return new ValidationError(
    ERROR_CODES.invalidKey,
    `${context.entity}: index key '${context.keyAttribute}' cannot be recomputed: '${attribute}' ${problem}`,
    { entity: context.entity, attribute }
  )
}

function declarationError(message: string): ValidationError {
  return new ValidationError(ERROR_CODES.invalidDeclaration, message)
}

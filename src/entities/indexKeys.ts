import { string } from 'dynamodb-toolbox/schema/string'

import type { TableIndex } from '../schema/indexDeclarations.js'
import type { KeyTemplate } from '../schema/keyTemplate.js'
import type { KeyAttribute } from '../schema/tableIndexes.js'
import {
  type AttributeKey,
  type ComposedKey,
  declarationError,
  declaredIndex,
  type EntityIndexDeclaration,
  type KeyDeclaration,
  type KeyRole,
  type ParsedKey,
  parseTemplate,
  type SlotMapping
} from './entityKeys.js'
import {
  composeIndexKeyOnPut,
  composeIndexKeyOnUpdate,
  copyOnUpdate,
  copySchema,
  type LinkableSchema
} from './indexKeyLinks.js'

type Item = Record<string, unknown>

/**
 * The keys of an entity's indexes, kept by hidden linked attributes that toolbox computes on every
 * put and on every update that sets what they are built from:
 * - a composed key (`gsi1pk`) is composed from its template;
 * - a slot of an attribute-keyed index holds a copy of the entity attribute mapped onto it, unless
 *   the attribute is stored under the slot's name already (then it is the slot).
 * An item lacking a value stays out of the index (a sparse index), as DynamoDB does.
 */
export function linkIndexKeys(
  declaration: KeyDeclaration,
  primaryKey: ComposedKey
): {
  indexKeys: Map<string, ParsedKey>
  linked: Record<string, unknown>
  slots: SlotMapping[]
} {
  const links = new IndexLinks(declaration, primaryKey)
  const indexKeys = new Map<string, ParsedKey>()
  for (const [name, mapping] of Object.entries(declaration.indexes)) {
    const index = declaredIndex(declaration, name)
    const context = `${declaration.entityName} index '${name}'`
    if (typeof mapping !== 'object' || mapping === null) {
      throw declarationError(`${context}: the mapping must be an object`)
    }
    const key =
      index.keyKind === 'composed'
        ? composedIndexKey(declaration, primaryKey, name, index, mapping, context)
        : attributeIndexKey(declaration, primaryKey, name, index, mapping, context)
    links.add(key, context)
    indexKeys.set(name, key)
  }
  return { indexKeys, linked: links.linked, slots: links.slots }
}

function composedIndexKey(
  declaration: KeyDeclaration,
  primaryKey: ComposedKey,
  name: string,
  index: TableIndex,
  mapping: EntityIndexDeclaration,
  context: string
): ComposedKey {
  const { table } = declaration
  const wantsPartition = index.type !== 'local'
  const wantsSort = (index as { sortKey?: KeyAttribute }).sortKey !== undefined
  const given = Object.keys(mapping).filter(
    field => mapping[field as keyof EntityIndexDeclaration] !== undefined
  )
  const expected = [...(wantsPartition ? ['pk'] : []), ...(wantsSort ? ['sk'] : [])]
  if (given.length !== expected.length || !expected.every(field => given.includes(field))) {
    throw declarationError(
      `${context}: a composed ${index.type} index takes the templates { ${expected.join(', ')} }`
    )
  }
  const keys = index as { partitionKey?: KeyAttribute; sortKey?: KeyAttribute }
  return {
    kind: 'composed',
    index: name,
    partitionAttribute: (keys.partitionKey ?? table.partitionKey).name,
    sortAttribute: wantsSort ? keys.sortKey?.name : undefined,
    partition:
      index.type === 'local'
        ? primaryKey.partition
        : parseTemplate(declaration, mapping.pk as string, context),
    sort: wantsSort ? parseTemplate(declaration, mapping.sk as string, context) : undefined
  }
}

function attributeIndexKey(
  declaration: KeyDeclaration,
  primaryKey: ComposedKey,
  name: string,
  index: TableIndex,
  mapping: EntityIndexDeclaration,
  context: string
): AttributeKey {
  const local = index.type === 'local'
  const partitionSlots = local
    ? []
    : (index as { partitionKeys: readonly KeyAttribute[] }).partitionKeys
  const sortSlots = local
    ? [index.sortKey]
    : (index as { sortKeys: readonly KeyAttribute[] }).sortKeys
  const { pk, sk, partition = [], sort = [] } = mapping
  if (
    pk !== undefined ||
    sk !== undefined ||
    !Array.isArray(partition) ||
    !Array.isArray(sort) ||
    partition.length !== partitionSlots.length ||
    sort.length !== sortSlots.length
  ) {
    throw declarationError(
      `${context}: the index has ${partitionSlots.length} partition and ${sortSlots.length} sort slots; map an attribute onto each ({ ${local ? '' : 'partition: [...], '}sort: [...] })`
    )
  }
  const slot = (role: 'partition' | 'sort') => (attribute: string, position: number) =>
    mapSlot(
      declaration,
      attribute,
      (role === 'partition' ? partitionSlots : sortSlots)[position] as KeyAttribute,
      role,
      context
    )
  return {
    kind: 'attributes',
    index: name,
    tablePartition: local ? { ...primaryKey, index: name } : undefined,
    partition: partition.map(slot('partition')),
    sort: sort.map(slot('sort'))
  }
}

function mapSlot(
  declaration: KeyDeclaration,
  attribute: string,
  slot: KeyAttribute,
  role: 'partition' | 'sort',
  context: string
): SlotMapping {
  const schema = (declaration.schema.attributes as Record<string, AttributeSchema | undefined>)[
    attribute
  ]
  if (schema === undefined) {
    throw declarationError(`${context}: the schema has no attribute '${attribute}'`)
  }
  if (schema.type !== slot.type) {
    throw declarationError(
      `${context}: '${attribute}' is a ${schema.type} attribute, and its slot holds ${slot.type} values`
    )
  }
  const savedAs = schema.props.savedAs ?? attribute
  return { attribute, stored: slot.name, type: slot.type, role, copied: savedAs !== slot.name }
}

interface AttributeSchema {
  type: string
  props: { savedAs?: string; big?: boolean; key?: boolean }
}

/** The linked attributes of every index, shared where two indexes store the same key. */
class IndexLinks {
  readonly linked: Record<string, unknown> = {}
  readonly slots: SlotMapping[] = []
  /** What each stored key attribute is built from (a template's source, or an attribute). */
  private readonly sources = new Map<string, string>()

  constructor(
    private readonly declaration: KeyDeclaration,
    primaryKey: ComposedKey
  ) {
    const { partitionKey, sortKey } = declaration.table
    this.sources.set(partitionKey.name, `template ${primaryKey.partition.source}`)
    if (sortKey !== undefined && primaryKey.sort !== undefined) {
      this.sources.set(sortKey.name, `template ${primaryKey.sort.source}`)
    }
  }

  add(key: ParsedKey, context: string): void {
    if (key.kind === 'composed') {
      this.addComposed(key.partitionAttribute, key.partition, 'partition', context)
      if (key.sortAttribute !== undefined && key.sort !== undefined) {
        this.addComposed(key.sortAttribute, key.sort, 'sort', context)
      }
      return
    }
    for (const slot of [...key.partition, ...key.sort]) this.addSlot(slot, context)
  }

  private addComposed(
    stored: string,
    template: KeyTemplate,
    role: KeyRole['role'],
    context: string
  ) {
    if (!this.claim(stored, `template ${template.source}`, context)) return
    const { entityName, schema } = this.declaration
    const keyRole = { name: stored, role }
    this.linked[stored] = string()
      .optional()
      .hidden()
      .putLink(item => composeIndexKeyOnPut(template, item as Item, entityName, keyRole))
      .updateLink(
        item =>
          composeIndexKeyOnUpdate(template, item as Item, entityName, keyRole, schema) as never
      )
  }

  private addSlot(slot: SlotMapping, context: string) {
    if (!this.claim(slot.stored, `attribute ${slot.attribute}`, context)) return
    this.slots.push(slot)
    if (!slot.copied) return
    const { entityName } = this.declaration
    const source = (this.declaration.schema.attributes as Record<string, AttributeSchema>)[
      slot.attribute
    ] as AttributeSchema
    // Typed loosely: toolbox's link types are deep, and the copy is hidden from every read.
    const copy = copySchema(slot.type, source.props.big === true) as unknown as LinkableSchema
    this.linked[slot.stored] = copy
      .putLink(item => item[slot.attribute])
      .updateLink(item => copyOnUpdate(slot, item[slot.attribute], entityName))
  }

  /** Records what a stored key is built from; false when another index already keeps it alike. */
  private claim(stored: string, source: string, context: string): boolean {
    const known = this.sources.get(stored)
    if (known === undefined) {
      this.sources.set(stored, source)
      return true
    }
    if (known !== source) {
      throw declarationError(
        `${context}: '${stored}' is built from ${known} elsewhere in this entity, so it cannot hold ${source}`
      )
    }
    return false
  }
}

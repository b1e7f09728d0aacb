import { projectsAttribute, tableIndex } from '../schema/tableIndexes.js'
import type { KeyTemplate } from '../schema/keyTemplate.js'
import type { ComposedKey, ParsedKey } from './entityKeys.js'
import { decodeKey } from './keyDecoding.js'
import type { EntityModel } from './writes/entityModel.js'

type Stored = Record<string, unknown>

/** How an entity reads what one index (or the table itself) holds. */
export interface IndexView {
  /** The attributes a `LastEvaluatedKey` of a query through it holds. */
  readonly cursorAttributes: ReadonlySet<string>
  /** Whether it holds whole items (the table, or an index projecting ALL). */
  readonly holdsItems: boolean
  /** Whether it holds the entity tag, so DynamoDB can filter other entities out. */
  readonly holdsEntityTag: boolean
  /** Whether a stored entry is one of this entity's items (by its tag, else by its key's shape). */
  isOwn(stored: Readonly<Stored>): boolean
  /**
   * A partial entry, with the entity attributes its keys were built from put back under their
   * stored names: the primary key's, the index key's, and those copied into its slots.
   */
  restore(stored: Readonly<Stored>): Stored
}

export function indexView(model: EntityModel, primaryKey: ComposedKey, key: ParsedKey): IndexView {
  const { entity, name } = model
  const { table } = entity
  const tag = table.entityAttributeSavedAs
  const index = key.index === undefined ? undefined : tableIndex(table, key.index)
  const holdsItems = index === undefined || index.projection === 'ALL'
  const holdsEntityTag = index === undefined || projectsAttribute(table, index, tag)
  const numeric = new Set(
    Object.entries(entity.schema.attributes)
      .filter(([, schema]) => (schema as { type: string }).type === 'number')
      .map(([attribute]) => attribute)
  )

  const composed: [string, KeyTemplate][] = [
    [primaryKey.partitionAttribute, primaryKey.partition],
    ...(primaryKey.sortAttribute !== undefined && primaryKey.sort !== undefined
      ? ([[primaryKey.sortAttribute, primaryKey.sort]] as [string, KeyTemplate][])
      : [])
  ]
  const cursorAttributes = new Set(composed.map(([attribute]) => attribute))
  const copies: [string, string][] = []
  if (key.kind === 'composed') {
    cursorAttributes.add(key.partitionAttribute)
    composed.push([key.partitionAttribute, key.partition])
    if (key.sortAttribute !== undefined && key.sort !== undefined) {
      cursorAttributes.add(key.sortAttribute)
      composed.push([key.sortAttribute, key.sort])
    }
  } else {
    for (const slot of [...key.partition, ...key.sort]) {
      cursorAttributes.add(slot.stored)
      if (slot.copied) copies.push([slot.stored, model.savedAs(slot.attribute)])
    }
  }
  const [partitionKey, sortKey] = composed

  return {
    cursorAttributes,
    holdsItems,
    holdsEntityTag,
    isOwn: stored => {
      if (holdsEntityTag) return stored[tag] === name
      return [partitionKey, sortKey].every(
        part => part === undefined || decodeKey(part[1], stored[part[0]], numeric) !== undefined
      )
    },
    restore: stored => {
      const restored: Stored = { ...stored }
      for (const [attribute, template] of composed) {
        const values = decodeKey(template, stored[attribute], numeric)
        for (const [name, value] of Object.entries(values ?? {})) {
          restored[model.savedAs(name)] ??= value
        }
      }
      for (const [copy, savedAs] of copies) restored[savedAs] ??= stored[copy]
      return restored
    }
  }
}

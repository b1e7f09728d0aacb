import type { Entity } from 'dynamodb-toolbox/entity'

import { ERROR_CODES, ValidationError } from '../../client/errors/index.js'
import type { ItemReader } from '../../client/itemReader.js'
import type { SlotMapping } from '../entityKeys.js'
import type { FastParser } from '../fastParser.js'
import {
  parseUniqueConstraints,
  type UniqueConstraint,
  type UniqueDeclaration
} from '../features/uniqueValues.js'

/** An attribute by its entity name and the name it is stored under. */
export interface NamedAttribute {
  readonly attribute: string
  readonly savedAs: string
}

/** What the write and read paths know of an entity beyond toolbox's schema. */
export interface EntityModel {
  readonly entity: Entity
  readonly name: string
  /** The number attribute of optimistic locking. */
  readonly version: NamedAttribute | undefined
  readonly unique: readonly UniqueConstraint[]
  /** The attribute holding the item's expiry, in epoch seconds (the table's time-to-live attribute). */
  readonly timeToLive: NamedAttribute | undefined
  /** Index keys computed from the key templates, and slot copies: never taken from input. */
  readonly linkedAttributes: ReadonlySet<string>
  /** The slots of attribute-keyed indexes the entity's attributes fill. */
  readonly slots: readonly SlotMapping[]
  /** The attributes every write sets to the time of the write (`timestamps`). */
  readonly timestamps: ReadonlySet<string>
  /** The fast path that builds stored items for plain schemas (see `fastParser.ts`). */
  readonly fast: FastParser | undefined
  readonly reader: ItemReader
  /** The stored name of an entity attribute. */
  savedAs(attribute: string): string
}

export interface FeatureDeclaration {
  unique?: Readonly<Record<string, UniqueDeclaration>> | undefined
  version?: string | undefined
  ttl?: string | undefined
}

interface AttributeSchema {
  type: string
  props: { savedAs?: string; required?: string; key?: boolean }
}

export function buildEntityModel(
  entity: Entity,
  declaration: FeatureDeclaration,
  parts: {
    linkedAttributes: ReadonlySet<string>
    slots: readonly SlotMapping[]
    timestamps: ReadonlySet<string>
    reader: ItemReader
    fast?: FastParser | undefined
    tableTimeToLive: string | undefined
  }
): EntityModel {
  const name = entity.entityName
  const attributes = entity.schema.attributes as unknown as Record<string, AttributeSchema>
  const savedAs = (attribute: string) => attributes[attribute]?.props.savedAs ?? attribute
  const named = (attribute: string) => ({ attribute, savedAs: savedAs(attribute) })

  let version: NamedAttribute | undefined
  if (declaration.version !== undefined) {
    const schema = attributes[declaration.version]
    if (schema?.type !== 'number' || schema.props.key === true) {
      throw declarationError(
        `${name}: the version attribute '${declaration.version}' must be a number attribute of the schema, not a key`
      )
    }
    version = named(declaration.version)
  }

  let timeToLive: NamedAttribute | undefined
  if (declaration.ttl !== undefined) {
    const schema = attributes[declaration.ttl]
    if (schema === undefined || schema.props.key === true) {
      throw declarationError(
        `${name}: the ttl attribute '${declaration.ttl}' must be an attribute of the schema`
      )
    }
    timeToLive = named(declaration.ttl)
    if (timeToLive.savedAs !== parts.tableTimeToLive) {
      throw declarationError(
        parts.tableTimeToLive === undefined
          ? `${name}: ttl needs the table to declare its time-to-live attribute (defineTable({ timeToLive }))`
          : `${name}: the ttl attribute '${declaration.ttl}' must be stored as the table's time-to-live attribute '${parts.tableTimeToLive}' (name it so, or give it savedAs)`
      )
    }
  }

  return {
    entity,
    name,
    version,
    unique: parseUniqueConstraints(name, declaration.unique, new Set(Object.keys(attributes))),
    timeToLive,
    linkedAttributes: parts.linkedAttributes,
    slots: parts.slots,
    timestamps: parts.timestamps,
    fast: parts.fast,
    reader: parts.reader,
    savedAs
  }
}

function declarationError(message: string): ValidationError {
  return new ValidationError(ERROR_CODES.invalidDeclaration, message)
}

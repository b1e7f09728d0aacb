import type { Entity } from 'dynamodb-toolbox/entity'
import { PrimaryKeyParser } from 'dynamodb-toolbox/table/actions/parsePrimaryKey'

import { compileFastCondition, type FastCondition } from './fastCondition.js'
import { compileFastFormat } from './fastFormat.js'
import { compileFastUpdate, type FastUpdate } from './fastUpdate.js'

/**
 * A fast path for the bulk of batch writes and reads: turning an item or a key into what DynamoDB
 * stores, for entities whose attributes are plain strings, numbers and booleans.
 *
 * Why: dynamodb-toolbox's parser runs a generator per attribute and deep-clones its input; on a
 * bulk load of small items that costs about as much CPU as the AWS SDK's own serialization and
 * signing (`npm run bench`, client CPU). This path does the same work for simple schemas in one
 * loop.
 *
 * Safety: it only ever accepts; anything it does not recognise (a missing or mistyped attribute,
 * a value outside an enum, an attribute with a transformer, a computed default, a validator, a nested
 * type, ...) returns `undefined`, and the caller falls back to toolbox's parser, which then
 * produces the same result or the same error. `test/fastParser.test.ts` checks that both agree.
 */
export interface FastParser {
  /** The item as stored (keys and entity tag included), or `undefined` to use toolbox's parser. */
  put(input: unknown): Record<string, unknown> | undefined
  /** The primary key, or `undefined` to use toolbox's parser. */
  key(input: unknown): Record<string, unknown> | undefined
  /**
   * An update's key and expression, or `undefined` to use toolbox's (see `fastUpdate.ts`);
   * absent when the entity's updates recompute attributes (index keys, timestamps).
   */
  readonly update: ((input: unknown) => FastUpdate | undefined) | undefined
  /** A whole stored item as the entity reads it, or `undefined` to use toolbox's formatter (see `fastFormat.ts`). */
  format(stored: Record<string, unknown>): Record<string, unknown> | undefined
  /** A condition's expression, or `undefined` to use toolbox's parser (see `fastCondition.ts`). */
  condition(condition: unknown): FastCondition | undefined
}

type PrimitiveType = 'string' | 'number' | 'boolean'

export interface AttributePlan {
  name: string
  savedAs: string
  type: PrimitiveType
  key: boolean
  /** `required` in put mode (toolbox: anything but 'never'). */
  requiredOnPut: boolean
  /** `required` in key mode (toolbox: 'always'). */
  requiredInKey: boolean
  enum: readonly unknown[] | undefined
  /** The value to use when the input has none: the entity attribute's constant name. */
  defaultValue: unknown
  /** An index key computed from the other attributes. */
  link: ((item: Record<string, unknown>) => unknown) | undefined
  /** Left out of items read. */
  hidden: boolean
  /** The entity attribute: an update sets it only where the item has none. */
  entityAttribute: boolean
  /** Whether an update may leave this attribute to the caller alone (no update default, link or validator). */
  plainOnUpdate: boolean
}

/** Props a plain attribute may carry and still take the fast path (update-mode ones do not matter here). */
const PLAIN_PROPS = new Set([
  'required',
  'hidden',
  'key',
  'savedAs',
  'meta',
  'enum',
  'updateDefault',
  'updateLink',
  'updateValidator'
])

/**
 * Plans the fast path for an entity, or returns `undefined` when its schema has anything beyond
 * plain attributes. `linkedAttributes` are the index keys `defineEntity` added (their put links are
 * plain functions of the item); the entity attribute is recognised by its constant default.
 */
export function compileFastParser(
  entity: Entity,
  linkedAttributes: ReadonlySet<string>,
  timestampAttributes: ReadonlySet<string> = new Set()
): FastParser | undefined {
  if ((entity.schema.props as { strict?: boolean }).strict === true) return undefined
  const computeKey = entity.computeKey
  if (computeKey === undefined) return undefined
  const plans: AttributePlan[] = []
  for (const [name, attribute] of Object.entries(entity.schema.attributes)) {
    const plan = planAttribute(
      name,
      attribute as unknown as PlainSchema,
      entity,
      linkedAttributes,
      timestampAttributes
    )
    if (plan === undefined) return undefined
    plans.push(plan)
  }
  const keyPlans = plans.filter(plan => plan.key)
  const primaryKeyParser = new PrimaryKeyParser(entity.table)
  const storeKey = (values: Record<string, unknown>) =>
    primaryKeyParser.parse(computeKey(values as never)) as Record<string, unknown>

  const key = (input: unknown): Record<string, unknown> | undefined => {
    if (!isPlainObject(input)) return undefined
    const parsed: Record<string, unknown> = {}
    for (const plan of keyPlans) {
      const value = input[plan.name]
      if (value === undefined) {
        if (plan.requiredInKey) return undefined
        continue
      }
      if (!isValid(plan, value)) return undefined
      parsed[plan.name] = value
    }
    return storeKey(parsed)
  }

  return {
    key,
    update: compileFastUpdate(entity, plans, key),
    condition: compileFastCondition(plans),
    format: compileFastFormat(entity, plans),
    put(input) {
      if (!isPlainObject(input)) return undefined
      // Links see the item with its defaults filled in, as toolbox's do.
      let defaulted: Record<string, unknown> = input
      for (const plan of plans) {
        if (plan.defaultValue !== undefined && input[plan.name] === undefined) {
          if (defaulted === input) defaulted = { ...input }
          defaulted[plan.name] =
            typeof plan.defaultValue === 'function' ? plan.defaultValue() : plan.defaultValue
        }
      }
      const parsed: Record<string, unknown> = {}
      const stored: Record<string, unknown> = {}
      for (const plan of plans) {
        let value = defaulted[plan.name]
        if (value === undefined && plan.link !== undefined) value = plan.link(defaulted)
        if (value === undefined) {
          if (plan.requiredOnPut) return undefined
          continue
        }
        if (!isValid(plan, value)) return undefined
        parsed[plan.name] = value
        stored[plan.savedAs] = value
      }
      return Object.assign(stored, storeKey(parsed))
    }
  }
}

interface PlainSchema {
  type: string
  props: Record<string, unknown>
}

function planAttribute(
  name: string,
  attribute: PlainSchema,
  entity: Entity,
  linkedAttributes: ReadonlySet<string>,
  timestampAttributes: ReadonlySet<string>
): AttributePlan | undefined {
  const { type, props } = attribute
  if (type !== 'string' && type !== 'number' && type !== 'boolean') return undefined
  const isEntityAttribute = props.putDefault === entity.entityName && props.enum !== undefined
  // toolbox's timestamps: their put default is a clock reading, taken per item as toolbox does.
  const isTimestamp = timestampAttributes.has(name) && typeof props.putDefault === 'function'
  const isLinked = linkedAttributes.has(name) && typeof props.putLink === 'function'
  // A constant default (`number().default(0)`, a version's) is filled in as toolbox does.
  // (toolbox never applies a put default to a key attribute: keys take `keyDefault`.)
  const isConstantDefault =
    props.putDefault !== undefined &&
    typeof props.putDefault !== 'function' &&
    !isEntityAttribute &&
    props.key !== true
  for (const prop of Object.keys(props)) {
    if (props[prop] === undefined || PLAIN_PROPS.has(prop)) continue
    if (prop === 'putDefault' && (isEntityAttribute || isTimestamp || isConstantDefault)) continue
    if (prop === 'putLink' && isLinked) continue
    return undefined
  }
  return {
    name,
    savedAs: typeof props.savedAs === 'string' ? props.savedAs : name,
    type,
    key: props.key === true,
    requiredOnPut: props.required !== 'never',
    requiredInKey: props.required === 'always',
    enum: Array.isArray(props.enum) ? props.enum : undefined,
    defaultValue: isEntityAttribute
      ? entity.entityName
      : isTimestamp
        ? (props.putDefault as () => unknown)
        : isConstantDefault
          ? props.putDefault
          : undefined,
    link: isLinked ? (props.putLink as AttributePlan['link']) : undefined,
    hidden: props.hidden === true,
    entityAttribute: isEntityAttribute,
    plainOnUpdate:
      isEntityAttribute ||
      (props.updateDefault === undefined &&
        props.updateLink === undefined &&
        props.updateValidator === undefined)
  }
}

/** toolbox's rules: numbers that are not NaN, strings, booleans; then the enum. */
export function isValid(plan: AttributePlan, value: unknown): boolean {
  const typeMatches =
    plan.type === 'number'
      ? typeof value === 'number' && !Number.isNaN(value)
      : typeof value === plan.type
  return typeMatches && (plan.enum === undefined || plan.enum.includes(value))
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

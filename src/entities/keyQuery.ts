import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
import {
  composeKeyPrefix,
  KEY_DELIMITER,
  type KeyPartValue,
  type KeyContext,
  keyPartToString,
  type TemplateAttributes
} from '../schema/keyTemplate.js'
import { type ComposedKey, composeBoundedKey, type KeyTemplates } from './entityKeys.js'

/** A condition on one sort-key attribute; values are compared as composed (escaped) keys. */
export type SortKeyCondition =
  | { eq: KeyPartValue }
  | { lt: KeyPartValue }
  | { lte: KeyPartValue }
  | { gt: KeyPartValue }
  | { gte: KeyPartValue }
  | { between: readonly [KeyPartValue, KeyPartValue] }
  | { beginsWith: string }

/** Values for every attribute of a partition-key template. */
export type PartitionValues<KEY extends Pick<KeyTemplates, 'pk'>> = {
  readonly [ATTRIBUTE in TemplateAttributes<KEY['pk']>]: KeyPartValue
}

/**
 * Values for the leading attributes of a sort-key template, in template order; the last one
 * given may be a {@link SortKeyCondition}. Attributes left out widen the query to a prefix.
 */
export type RangeValues<KEY extends KeyTemplates> = KEY extends {
  readonly sk: infer SK extends string
}
  ? [TemplateAttributes<SK>] extends [never]
    ? never
    : { readonly [ATTRIBUTE in TemplateAttributes<SK>]?: KeyPartValue | SortKeyCondition }
  : never

/** The toolbox key condition this entity query compiles to. */
export interface CompiledKeyQuery {
  index?: string
  partition: string
  range?: Record<string, unknown>
  /** An item the range reads but the query excludes (an exclusive bound on the last attribute). */
  excluded?: KeyExclusion
}

/** The attribute value, composed as in the key, of the one item an exclusive bound leaves out. */
export interface KeyExclusion {
  attribute: string
  value: string
}

interface CompiledSortRange {
  condition?: Record<string, unknown>
  excluded?: KeyExclusion
}

const OPERATORS = ['eq', 'lt', 'lte', 'gt', 'gte', 'between', 'beginsWith'] as const
/** The character that sorts right after {@link KEY_DELIMITER}. */
const AFTER_DELIMITER = String.fromCharCode(KEY_DELIMITER.charCodeAt(0) + 1)

/**
 * Compiles attribute values into composed key conditions. Without a range, the sort key is held to
 * the template's constant prefix, so the query reads only this entity's part of a collection.
 */
export function compileKeyQuery(
  entity: string,
  key: ComposedKey,
  partition: Readonly<Record<string, unknown>>,
  range: Readonly<Record<string, unknown>> | undefined
): CompiledKeyQuery {
  if (typeof partition !== 'object' || partition === null) {
    throw queryError(entity, `'partition' must be an object of key attribute values`)
  }
  const compiled: CompiledKeyQuery = {
    ...(key.index === undefined ? {} : { index: key.index }),
    partition: composeBoundedKey(key.partition, partition, entity, {
      name: key.partitionAttribute,
      role: 'partition'
    })
  }
  const { condition, excluded } = compileSortRange(entity, key, range ?? {})
  return {
    ...compiled,
    ...(condition === undefined ? {} : { range: condition }),
    ...(excluded === undefined ? {} : { excluded })
  }
}

function compileSortRange(
  entity: string,
  key: ComposedKey,
  range: Readonly<Record<string, unknown>>
): CompiledSortRange {
  const template = key.sort
  const given = Object.keys(range).filter(attribute => range[attribute] !== undefined)
  if (template === undefined || key.sortAttribute === undefined) {
    if (given.length === 0) return {}
    throw queryError(entity, `the key has no sort key, so the query takes no range`)
  }
  const context = { entity, keyAttribute: key.sortAttribute }
  for (const attribute of Object.keys(range)) {
    if (!template.attributes.includes(attribute)) {
      throw queryError(entity, `'${attribute}' is not part of sort key '${key.sortAttribute}'`)
    }
  }
  const plainValues: Record<string, unknown> = {}
  let conditionAttribute: string | undefined
  for (const attribute of template.attributes) {
    const value = range[attribute]
    if (value === undefined) break
    if (isCondition(value) && !('eq' in value)) {
      conditionAttribute = attribute
      break
    }
    plainValues[attribute] = isCondition(value) ? value.eq : value
  }
  const used = Object.keys(plainValues).length + (conditionAttribute === undefined ? 0 : 1)
  if (given.length !== used) {
    throw queryError(
      entity,
      `range attributes of '${key.sortAttribute}' must be given in template order, and only the last may be a condition`
    )
  }

  const { prefix, next } = composeKeyPrefix(template, plainValues, context)
  if (conditionAttribute === undefined) {
    if (next === undefined) return { condition: { eq: prefix } }
    return prefix === '' ? {} : { condition: { beginsWith: prefix } }
  }
  const condition = range[conditionAttribute] as Record<string, unknown>
  const last = template.parts.at(-1)
  const followed = !(
    last !== undefined &&
    'attribute' in last &&
    last.attribute === conditionAttribute
  )
  return compileCondition(entity, conditionAttribute, condition, { prefix, followed, context })
}

interface ConditionShape {
  /** The composed key up to the condition's attribute: '' or ending with the delimiter. */
  prefix: string
  /** Whether more of the template follows the attribute (keys continue `value#...`). */
  followed: boolean
  context: KeyContext
}

/**
 * A condition on one attribute, as a range of keys that stays inside `prefix`: the attributes
 * before it are fixed, so a bare `gt` would run on into the next ones. When the template goes on
 * after the attribute, every key with that value continues `value#...` and sorts after the bare
 * value; `value$` is past all of them (`$` follows `#`, and no key of the entity ends there).
 * Exclusive bounds on the last attribute have no such gap: the one key equal to the bound is
 * read and dropped (see {@link isExcludedItem}).
 */
function compileCondition(
  entity: string,
  attribute: string,
  condition: Record<string, unknown>,
  { prefix, followed, context }: ConditionShape
): CompiledSortRange {
  const operator = OPERATORS.find(candidate => candidate in condition)
  const at = (value: unknown): string => prefix + keyPartToString(value, attribute, context)
  const through = (value: unknown): string => at(value) + (followed ? AFTER_DELIMITER : '')
  const exclusionOf = (value: unknown): KeyExclusion | undefined =>
    followed ? undefined : { attribute, value: keyPartToString(value, attribute, context) }
  let from: string | undefined
  let to: string | undefined
  let excluded: KeyExclusion | undefined
  switch (operator) {
    case 'gte':
      from = at(condition.gte)
      break
    case 'gt':
      from = through(condition.gt)
      excluded = exclusionOf(condition.gt)
      break
    case 'lte':
      to = through(condition.lte)
      break
    case 'lt':
      to = at(condition.lt)
      excluded = exclusionOf(condition.lt)
      break
    case 'between': {
      const bounds = condition.between
      if (!Array.isArray(bounds) || bounds.length !== 2) {
        throw queryError(entity, `'between' on '${attribute}' needs two values`)
      }
      from = at(bounds[0])
      to = through(bounds[1])
      if (Buffer.compare(Buffer.from(from), Buffer.from(to)) > 0) {
        throw queryError(entity, `'between' on '${attribute}' has its bounds in reverse order`)
      }
      break
    }
    case 'beginsWith': {
      const start = condition.beginsWith
      if (typeof start !== 'string') {
        throw queryError(entity, `'beginsWith' on '${attribute}' needs a string`)
      }
      return { condition: { beginsWith: start === '' ? prefix : at(start) } }
    }
    default:
      throw queryError(entity, `unknown condition on '${attribute}'`)
  }
  if (prefix === '') {
    // Nothing to stay inside: exclusive bounds are DynamoDB's own.
    if (excluded !== undefined) return { condition: operator === 'gt' ? { gt: from } : { lt: to } }
    if (from === undefined) return { condition: { lte: to } }
    return { condition: to === undefined ? { gte: from } : { between: [from, to] } }
  }
  from ??= prefix
  to ??= prefix.slice(0, -1) + AFTER_DELIMITER
  return { condition: { between: [from, to] }, ...(excluded === undefined ? {} : { excluded }) }
}

/** Whether a formatted item is the one a key range had to include for an exclusive bound. */
export function isExcludedItem(
  item: Readonly<Record<string, unknown>>,
  exclusion: KeyExclusion
): boolean {
  const value = item[exclusion.attribute]
  if (typeof value !== 'string' && typeof value !== 'number') return false
  return (
    keyPartToString(value, exclusion.attribute, { entity: '', keyAttribute: '' }) ===
    exclusion.value
  )
}

function isCondition(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function queryError(entity: string, problem: string): ValidationError {
  return new ValidationError(ERROR_CODES.invalidQuery, `${entity}.query: ${problem}`, { entity })
}

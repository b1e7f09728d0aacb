import { ERROR_CODES, ValidationError } from '../client/errors.js'
import {
  composeKeyPrefix,
  type KeyPartValue,
  keyPartToString,
  type TemplateAttributes
} from '../schema/keyTemplate.js'
import { composeBoundedKey, type KeyTemplates, type ParsedKey } from './entityKeys.js'

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
export type PartitionValues<KEY extends KeyTemplates> = {
  readonly [ATTRIBUTE in TemplateAttributes<KEY['pk']>]: KeyPartValue
}

/**
 * Values for the leading attributes of a sort-key template, in template order; the last one
 * given may be a {@link SortKeyCondition}. Attributes left out widen the query to a prefix.
 */
export type RangeValues<KEY extends KeyTemplates> = [TemplateAttributes<KEY['sk']>] extends [never]
  ? never
  : { readonly [ATTRIBUTE in TemplateAttributes<KEY['sk']>]?: KeyPartValue | SortKeyCondition }

/** The toolbox key condition this entity query compiles to. */
export interface CompiledKeyQuery {
  index?: string
  partition: string
  range?: Record<string, unknown>
}

const OPERATORS = ['eq', 'lt', 'lte', 'gt', 'gte', 'between', 'beginsWith'] as const

/**
 * Compiles attribute values into composed key conditions. Without a range, the sort key is held to
 * the template's constant prefix, so the query reads only this entity's part of a collection.
 */
export function compileKeyQuery(
  entity: string,
  key: ParsedKey,
  partition: Readonly<Record<string, unknown>>,
  range: Readonly<Record<string, unknown>> | undefined
): CompiledKeyQuery {
  if (typeof partition !== 'object' || partition === null) {
    throw queryError(entity, `'partition' must be an object of key attribute values`)
  }
  const compiled: CompiledKeyQuery = {
    ...(key.index === undefined ? {} : { index: key.index }),
    partition: composeBoundedKey(key.partition, partition, entity, key.partitionAttribute)
  }
  const sortRange = compileSortRange(entity, key, range ?? {})
  return sortRange === undefined ? compiled : { ...compiled, range: sortRange }
}

function compileSortRange(
  entity: string,
  key: ParsedKey,
  range: Readonly<Record<string, unknown>>
): Record<string, unknown> | undefined {
  const context = { entity, keyAttribute: key.sortAttribute }
  const template = key.sort
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
  const given = Object.keys(range).filter(attribute => range[attribute] !== undefined)
  const used = Object.keys(plainValues).length + (conditionAttribute === undefined ? 0 : 1)
  if (given.length !== used) {
    throw queryError(
      entity,
      `range attributes of '${key.sortAttribute}' must be given in template order, and only the last may be a condition`
    )
  }

  const { prefix, next } = composeKeyPrefix(template, plainValues, context)
  if (conditionAttribute === undefined) {
    if (next === undefined) return { eq: prefix }
    return prefix === '' ? undefined : { beginsWith: prefix }
  }
  const condition = range[conditionAttribute] as Record<string, unknown>
  const operator = OPERATORS.find(candidate => candidate in condition)
  const compose = (value: unknown): string =>
    prefix + keyPartToString(value, conditionAttribute as string, context)
  switch (operator) {
    case 'between': {
      const bounds = condition.between
      if (!Array.isArray(bounds) || bounds.length !== 2) {
        throw queryError(entity, `'between' on '${conditionAttribute}' needs two values`)
      }
      return { between: [compose(bounds[0]), compose(bounds[1])] }
    }
    case 'beginsWith': {
      const start = condition.beginsWith
      if (typeof start !== 'string') {
        throw queryError(entity, `'beginsWith' on '${conditionAttribute}' needs a string`)
      }
      return { beginsWith: start === '' ? prefix : compose(start) }
    }
    case undefined:
      throw queryError(entity, `unknown condition on '${conditionAttribute}'`)
    default:
      return { [operator]: compose(condition[operator]) }
  }
}

function isCondition(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function queryError(entity: string, problem: string): ValidationError {
  return new ValidationError(ERROR_CODES.invalidQuery, `${entity}.query: ${problem}`, { entity })
}

import {
  type AttributeValue,
  type DynamoFailure,
  type IndexDescription,
  type TableDescription,
  validationFailure
} from '../dynalite/internals.js'
import { encodeKeyValue } from './indexKeyEncoding.js'
import { attributeTypeOf, keyAttributesOf } from './indexSchema.js'

/** A key condition as dynalite parses KeyConditionExpression (or KeyConditions) into. */
export interface KeyCondition {
  ComparisonOperator: string
  AttributeValueList?: AttributeValue[]
}

export type KeyConditions = Record<string, KeyCondition>

/** The bounds of a range read in an index's sub-database (dynalite's stream options). */
export interface KeyRange {
  gte?: string
  gt?: string
  lte?: string
  lt?: string
}

const NOT_INDEXABLE = ['NULL', 'NOT_NULL', 'NE', 'CONTAINS', 'NOT_CONTAINS', 'IN']

/**
 * Checks the key conditions of a Query on a multi-attribute index as DynamoDB Local does, in its
 * order: no more conditions than key attributes; equality on every partition attribute, with
 * values of their types; sort attributes conditioned from the left, all but the last by equality,
 * with an indexable operator and values of their types; no condition on anything else. Messages name attributes only.
 */
export function checkKeyConditions(
  table: TableDescription,
  index: IndexDescription,
  conditions: KeyConditions
): DynamoFailure | undefined {
  const { hash, range } = keyAttributesOf(index.KeySchema)
  const names = Object.keys(conditions)
  if (names.length > hash.length + range.length) {
    return validationFailure('Query key condition not supported')
  }
  const unequal = hash.filter(name => conditions[name]?.ComparisonOperator !== 'EQ')
  if (unequal.length > 0) {
    return validationFailure(
      `HASH key attributes ${unequal.join(', ')} must have equality conditions specified in the query`
    )
  }
  const hashTypes = checkValueTypes(table, hash, conditions)
  if (hashTypes !== undefined) return hashTypes
  const last = lastConditioned(range, conditions)
  if (last >= 0) {
    const skipped = range
      .slice(0, last)
      .filter(name => conditions[name]?.ComparisonOperator !== 'EQ')
    if (skipped.length > 0) {
      return validationFailure(
        `RANGE key attributes ${skipped.join(', ')} must have equality conditions specified in the query because a condition is present on key attribute ${range[last]}`
      )
    }
    if (
      NOT_INDEXABLE.includes((conditions[range[last] as string] as KeyCondition).ComparisonOperator)
    ) {
      return validationFailure('Attempted conditional constraint is not an indexable operation')
    }
  }
  const rangeTypes = checkValueTypes(table, range, conditions)
  if (rangeTypes !== undefined) return rangeTypes
  const keyNames = new Set([...hash, ...range])
  return names.every(name => keyNames.has(name))
    ? undefined
    : validationFailure('Query condition missed key schema element')
}

/**
 * The range of index entries that satisfy checked key conditions: the encoded values of every
 * equality condition form a prefix, and the last sort condition bounds what follows it, as
 * dynalite bounds its single sort key.
 */
export function keyRangeOf(
  table: TableDescription,
  index: IndexDescription,
  conditions: KeyConditions
): KeyRange {
  const { hash, range } = keyAttributesOf(index.KeySchema)
  let prefix = ''
  for (const name of [...hash, ...range]) {
    const condition = conditions[name]
    if (condition === undefined) break
    const [first, second] = (condition.AttributeValueList ?? []).map(
      value => encodeKeyValue(table, name, value) as string
    )
    switch (condition.ComparisonOperator) {
      case 'EQ':
        prefix += `${first}/`
        continue
      case 'LT':
        return { gte: prefix, lt: `${prefix}${first}/` }
      case 'LE':
        return { gte: prefix, lte: `${prefix}${first}/~` }
      case 'GT':
        return { gt: `${prefix}${first}/~`, lt: `${prefix}~` }
      case 'GE':
        return { gte: `${prefix}${first}/`, lt: `${prefix}~` }
      case 'BEGINS_WITH':
        return { gte: `${prefix}${first}`, lt: `${prefix}${first}~` }
      case 'BETWEEN':
        return { gte: `${prefix}${first}/`, lte: `${prefix}${second}/~` }
    }
  }
  return { gte: prefix, lt: `${prefix}~` }
}

function checkValueTypes(
  table: TableDescription,
  names: readonly string[],
  conditions: KeyConditions
): DynamoFailure | undefined {
  for (const name of names) {
    const type = attributeTypeOf(table, name)
    const values = conditions[name]?.AttributeValueList ?? []
    if (values.some(value => type === undefined || value[type] === undefined)) {
      return validationFailure(
        'One or more parameter values were invalid: Condition parameter type does not match schema type'
      )
    }
  }
  return undefined
}

function lastConditioned(range: readonly string[], conditions: KeyConditions): number {
  for (let position = range.length - 1; position >= 0; position--) {
    if (conditions[range[position] as string] !== undefined) return position
  }
  return -1
}

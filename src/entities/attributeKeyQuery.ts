import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
import { type AttributeKey, composeBoundedKey, type SlotMapping } from './entityKeys.js'

/** The toolbox key condition of a query through an attribute-keyed index. */
export interface CompiledAttributeQuery {
  index: string
  /** A value per partition slot (a GSI), or the composed table partition key (a local index). */
  partition: unknown
  range?: unknown
}

const OPERATORS = ['eq', 'lt', 'lte', 'gt', 'gte', 'between', 'beginsWith'] as const
type Operator = (typeof OPERATORS)[number]

/**
 * Compiles attribute values into the key condition DynamoDB takes on a multi-attribute key:
 * equality on every partition attribute, then sort attributes from the left, all by equality
 * except the last given, which may be a condition. Values are checked against the slots' types.
 */
export function compileAttributeQuery(
  entity: string,
  key: AttributeKey,
  partition: Readonly<Record<string, unknown>>,
  range: Readonly<Record<string, unknown>> | undefined
): CompiledAttributeQuery {
  if (typeof partition !== 'object' || partition === null) {
    throw queryError(entity, `'partition' must be an object of attribute values`)
  }
  const sort = compileRange(entity, key.sort, range ?? {})
  if (key.tablePartition !== undefined) {
    const { tablePartition } = key
    const partitionKey = composeBoundedKey(tablePartition.partition, partition, entity, {
      name: tablePartition.partitionAttribute,
      role: 'partition'
    })
    return {
      index: key.index,
      partition: partitionKey,
      ...(sort.length > 0 ? { range: sort[0] } : {})
    }
  }
  const names = key.partition.map(slot => slot.attribute)
  const unknown = Object.keys(partition).find(attribute => !names.includes(attribute))
  if (unknown !== undefined) {
    throw queryError(entity, `'${unknown}' is not a partition attribute of index '${key.index}'`)
  }
  const values = key.partition.map(slot => {
    const value = partition[slot.attribute]
    if (value === undefined) {
      throw queryError(entity, `index '${key.index}' needs '${slot.attribute}' in the partition`)
    }
    return checkedValue(entity, slot, value)
  })
  return { index: key.index, partition: values, ...(sort.length > 0 ? { range: sort } : {}) }
}

function compileRange(
  entity: string,
  slots: readonly SlotMapping[],
  range: Readonly<Record<string, unknown>>
): unknown[] {
  const names = slots.map(slot => slot.attribute)
  const given = Object.keys(range).filter(attribute => range[attribute] !== undefined)
  const unknown = given.find(attribute => !names.includes(attribute))
  if (unknown !== undefined) {
    throw queryError(entity, `'${unknown}' is not a sort attribute of the index`)
  }
  const conditions: unknown[] = []
  for (const slot of slots) {
    const value = range[slot.attribute]
    if (value === undefined) break
    if (!isConditionObject(value)) {
      conditions.push(checkedValue(entity, slot, value))
      continue
    }
    const condition = compileCondition(entity, slot, value)
    if ('eq' in condition) {
      conditions.push(condition.eq)
      continue
    }
    conditions.push(condition)
    break
  }
  if (conditions.length !== given.length) {
    throw queryError(
      entity,
      `range attributes must be given in the index's sort order (${names.join(', ')}), and only the last may be a condition`
    )
  }
  return conditions
}

function compileCondition(
  entity: string,
  slot: SlotMapping,
  condition: Record<string, unknown>
): Partial<Record<Operator, unknown>> {
  const operators = OPERATORS.filter(operator => operator in condition)
  const [operator] = operators
  if (operator === undefined || operators.length !== 1 || Object.keys(condition).length !== 1) {
    throw queryError(
      entity,
      `a condition on '${slot.attribute}' takes one of ${OPERATORS.join(', ')}`
    )
  }
  const operand = condition[operator]
  if (operator === 'between') {
    if (!Array.isArray(operand) || operand.length !== 2) {
      throw queryError(entity, `'between' on '${slot.attribute}' needs two values`)
    }
    const bounds = operand.map(value => checkedValue(entity, slot, value))
    if (compareValues(bounds[0], bounds[1]) > 0) {
      throw queryError(entity, `'between' on '${slot.attribute}' has its bounds in reverse order`)
    }
    return { between: bounds }
  }
  if (operator === 'beginsWith' && slot.type === 'number') {
    throw queryError(
      entity,
      `'beginsWith' needs a string or binary attribute, and '${slot.attribute}' is a number`
    )
  }
  return { [operator]: checkedValue(entity, slot, operand) }
}

/** A key value of the slot's type, as DynamoDB accepts it: no empty strings or binaries. */
function checkedValue(entity: string, slot: SlotMapping, value: unknown): unknown {
  const valid =
    slot.type === 'string'
      ? typeof value === 'string' && value.length > 0
      : slot.type === 'number'
        ? (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint'
        : value instanceof Uint8Array && value.length > 0
  if (!valid) {
    throw queryError(
      entity,
      `'${slot.attribute}' must be a ${slot.type === 'number' ? 'finite number' : `non-empty ${slot.type}`}`
    )
  }
  return value
}

/** DynamoDB's order: numbers by value, strings and binaries by their bytes. */
function compareValues(left: unknown, right: unknown): number {
  if (typeof left === 'string' && typeof right === 'string') {
    return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'))
  }
  if (left instanceof Uint8Array && right instanceof Uint8Array) return Buffer.compare(left, right)
  const difference = Number(left) - Number(right)
  return difference < 0 ? -1 : difference > 0 ? 1 : 0
}

function isConditionObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Uint8Array) &&
    !Array.isArray(value)
  )
}

function queryError(entity: string, problem: string): ValidationError {
  return new ValidationError(ERROR_CODES.invalidQuery, `${entity}.query: ${problem}`, { entity })
}

import {
  type AttributeValue,
  type DynamoFailure,
  isDynamoFailure,
  type TableDescription,
  validationFailure
} from '../dynalite/internals.js'
import { checkIndexKeyValues, INDEX_KEY_MESSAGES } from './indexKeyValues.js'
import { attributeTypeOf } from './indexSchema.js'

/** A section of an UpdateExpression as dynalite's parser gives it. */
interface UpdateSection {
  type: 'set' | 'add' | 'remove' | 'delete'
  path: (string | number)[]
  val?: unknown
  attrType?: string | null
}

/** What dynalite answers when an update sets an index key attribute to a value of another type. */
const DYNALITE_UNSUPPORTED_TYPE =
  'The update expression attempted to update the secondary index key to unsupported type'

/**
 * What DynamoDB Local makes of an update's new index key values that are known before it runs
 * (literal operands and arithmetic of SET): a failure for a value no key can hold (of a non-key
 * type, empty, too large), which rejects the whole request; else `'mismatch'` for a value of
 * another key type, for which a transaction cancels with a ValidationError reason. ADD is left to
 * run: on an attribute already of another type it fails as a bad operand instead.
 */
export function updatedIndexKeyTypes(
  table: TableDescription,
  data: Record<string, unknown>
): 'mismatch' | DynamoFailure | undefined {
  const keyAttributes = indexKeyAttributesOf(table)
  let mismatch = false
  for (const section of sectionsOf(data)) {
    if (section.type !== 'set' || section.path.length !== 1) continue
    const name = String(section.path[0])
    if (!keyAttributes.has(name) || section.attrType == null) continue
    if (!['S', 'N', 'B'].includes(section.attrType)) {
      return validationFailure(INDEX_KEY_MESSAGES.notScalar)
    }
    if (section.attrType !== attributeTypeOf(table, name)) {
      mismatch = true
      continue
    }
    const literal = isAttributeValue(section.val) ? { [name]: section.val } : undefined
    const invalid = literal && checkIndexKeyValues(literal, table, 'update')
    if (invalid) return invalid
  }
  return mismatch ? 'mismatch' : undefined
}

/**
 * dynalite words a failed update of an index key to another type its own way; DynamoDB Local
 * says whether the value had another key type or no key type at all. dynalite has by then
 * replaced each SET's operand by its value, so the failing one can be told.
 */
export function inLocalWords(
  error: unknown,
  table: TableDescription,
  data: Record<string, unknown>
): unknown {
  if (!isUnsupportedTypeFailure(error)) return error
  const keyAttributes = indexKeyAttributesOf(table)
  const failed = sectionsOf(data).find(section => {
    const name = String(section.path[0])
    const value = section.val as AttributeValue | undefined
    const type = attributeTypeOf(table, name)
    return (
      section.type === 'set' &&
      section.path.length === 1 &&
      keyAttributes.has(name) &&
      value?.[type ?? ''] == null
    )
  })
  const value = failed?.val as AttributeValue | undefined
  const isScalar = value?.S != null || value?.N != null || value?.B != null
  return validationFailure(
    isScalar ? INDEX_KEY_MESSAGES.typeMismatch : INDEX_KEY_MESSAGES.notScalar
  )
}

export function isUnsupportedTypeFailure(error: unknown): boolean {
  return isDynamoFailure(error) && error.body.message === DYNALITE_UNSUPPORTED_TYPE
}

/** A parsed operand that is a value, not a path or a function of operands. */
function isAttributeValue(operand: unknown): operand is AttributeValue {
  return (
    typeof operand === 'object' &&
    operand !== null &&
    !Array.isArray(operand) &&
    (operand as { type?: unknown }).type === undefined
  )
}

function sectionsOf(data: Record<string, unknown>): UpdateSection[] {
  return (data._updates as { sections?: UpdateSection[] } | undefined)?.sections ?? []
}

function indexKeyAttributesOf(table: TableDescription): Set<string> {
  return new Set(
    [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])].flatMap(
      index => index.KeySchema.map(key => key.AttributeName)
    )
  )
}

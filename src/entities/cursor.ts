import { ERROR_CODES, ValidationError } from '../client/errors/index.js'

/**
 * Cursors are `LastEvaluatedKey` as base64url JSON: opaque to callers, checked on the way back in
 * so a mangled cursor fails before the network instead of as a DynamoDB ValidationException.
 */
export function encodeCursor(
  lastEvaluatedKey: Record<string, unknown> | undefined
): string | undefined {
  if (lastEvaluatedKey === undefined) return undefined
  return Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url')
}

export function decodeCursor(
  cursor: string,
  allowedAttributes: ReadonlySet<string>,
  entity: string
): Record<string, string> {
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    decoded = undefined
  }
  const valid =
    typeof decoded === 'object' &&
    decoded !== null &&
    !Array.isArray(decoded) &&
    Object.entries(decoded).every(
      ([attribute, value]) => allowedAttributes.has(attribute) && typeof value === 'string'
    )
  if (!valid) {
    throw new ValidationError(
      ERROR_CODES.invalidCursor,
      `${entity}.query: the cursor is not one a query of this shape returns`,
      {
        entity
      }
    )
  }
  return decoded as Record<string, string>
}

import { ERROR_CODES, ValidationError } from '../client/errors/index.js'

/**
 * Cursors are `LastEvaluatedKey` as base64url JSON, each value tagged with its type (`S`, `N`, `B`)
 * so that number and binary index keys come back as they were: opaque to callers, and checked on
 * the way back in, so a mangled cursor fails before the network instead of as a DynamoDB
 * ValidationException.
 */
export function encodeCursor(
  lastEvaluatedKey: Record<string, unknown> | undefined
): string | undefined {
  if (lastEvaluatedKey === undefined) return undefined
  return toCursor(tagKey(lastEvaluatedKey))
}

export function decodeCursor(
  cursor: string,
  allowedAttributes: ReadonlySet<string>,
  entity: string
): Record<string, unknown> {
  const key = untagKey(fromCursor(cursor), allowedAttributes)
  if (key === undefined) throw invalidCursor(entity)
  return key
}

/** A key with each value tagged by its type, ready for JSON. */
export function tagKey(key: Record<string, unknown>): Record<string, Tagged> {
  return Object.fromEntries(
    Object.entries(key).map(([attribute, value]) => [attribute, tag(value)])
  )
}

/** The key a {@link tagKey} made, or `undefined` when it is not one (or names other attributes). */
export function untagKey(
  tagged: unknown,
  allowedAttributes: ReadonlySet<string>
): Record<string, unknown> | undefined {
  if (typeof tagged !== 'object' || tagged === null || Array.isArray(tagged)) return undefined
  const key: Record<string, unknown> = {}
  for (const [attribute, value] of Object.entries(tagged)) {
    const untagged = allowedAttributes.has(attribute) ? untag(value) : undefined
    if (untagged === undefined) return undefined
    key[attribute] = untagged
  }
  return Object.keys(key).length === 0 ? undefined : key
}

export function toCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}

/** The JSON a cursor holds, or `undefined` when it is not base64url JSON. */
export function fromCursor(cursor: unknown): unknown {
  if (typeof cursor !== 'string') return undefined
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

export function invalidCursor(entity: string): ValidationError {
  return new ValidationError(
    ERROR_CODES.invalidCursor,
    `${entity}: the cursor is not one a read of this shape returns`,
    { entity }
  )
}

export type Tagged = ['S', string] | ['N', string] | ['B', string]

function tag(value: unknown): Tagged {
  if (typeof value === 'number' || typeof value === 'bigint') return ['N', String(value)]
  if (value instanceof Uint8Array) return ['B', Buffer.from(value).toString('base64')]
  return ['S', String(value)]
}

function untag(tagged: unknown): unknown {
  if (!Array.isArray(tagged) || tagged.length !== 2 || typeof tagged[1] !== 'string') {
    return undefined
  }
  const [type, text] = tagged as [unknown, string]
  if (type === 'S') return text
  if (type === 'B') return new Uint8Array(Buffer.from(text, 'base64'))
  if (type !== 'N') return undefined
  const value = Number(text)
  if (!Number.isFinite(value)) return undefined
  // An integer past 2^53 came back as a bigint: keep every digit.
  return /^-?\d+$/.test(text) && !Number.isSafeInteger(value) ? BigInt(text) : value
}

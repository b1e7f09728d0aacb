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
  const tagged = Object.fromEntries(
    Object.entries(lastEvaluatedKey).map(([attribute, value]) => [attribute, tag(value)])
  )
  return Buffer.from(JSON.stringify(tagged), 'utf8').toString('base64url')
}

export function decodeCursor(
  cursor: string,
  allowedAttributes: ReadonlySet<string>,
  entity: string
): Record<string, unknown> {
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    decoded = undefined
  }
  const key: Record<string, unknown> = {}
  const valid =
    typeof cursor === 'string' &&
    typeof decoded === 'object' &&
    decoded !== null &&
    !Array.isArray(decoded) &&
    Object.entries(decoded).every(([attribute, tagged]) => {
      const value = allowedAttributes.has(attribute) ? untag(tagged) : undefined
      key[attribute] = value
      return value !== undefined
    })
  if (!valid) {
    throw new ValidationError(
      ERROR_CODES.invalidCursor,
      `${entity}: the cursor is not one a read of this shape returns`,
      { entity }
    )
  }
  return key
}

type Tagged = ['S', string] | ['N', string] | ['B', string]

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

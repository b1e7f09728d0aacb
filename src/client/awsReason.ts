/**
 * DynamoDB's reason for an error, kept where it helps ("Item size has exceeded the maximum allowed
 * size", "TableName must be at least 3 characters long") and stripped of anything that could be an
 * attribute value.
 *
 * DynamoDB, DynamoDB Local and dynalite sometimes quote request data in messages: dynalite's
 * constraint messages (`Value '{"pk":{"S":"..."}}' at 'requestItems' ...`), duplicate set members
 * (`Input collection [a, a] contains duplicates`), numbers that do not parse
 * (`... converted to a numeric value: abc`), expression tokens. Two rules apply, in order:
 *
 * 1. **Shape**: quoted text, bracketed lists and braces are replaced by `…`, except where the
 *    message's grammar says what they hold is a name (`at 'requestItems'`, a list of cancellation
 *    codes, a constraint's text, expression placeholders such as `{:v1}`); so is the text after
 *    "numeric value:".
 * 2. **Request values**: every string and number of the request's items, keys and expression values
 *    (attached to the error by the sender, see {@link attachRequestValues}) that still appears is
 *    replaced too, wherever it stands.
 */

const REDACTED = '…'
const MAX_REASON_CHARS = 300
/** Shorter values are not searched for: they would match inside ordinary words. */
const MIN_SEARCHED_VALUE_CHARS = 3
/** Request fields whose contents are data; everything else in an input is names and expressions. */
const VALUE_FIELDS = new Set([
  'Item',
  'Key',
  'Keys',
  'ExpressionAttributeValues',
  'ExclusiveStartKey'
])
const REQUEST_VALUES = Symbol.for('monotable.requestValues')

/** Quoted text a message's grammar says is a parameter path: `at 'transactItems.1.member'`. */
const PARAMETER_PATH = /\bat $/
/** Lists whose contents are codes or constraint texts, never data. */
const SAFE_LIST_LEAD = /(value set: |constraint: |reasons )$/
const PLACEHOLDER_LIST = /^[#:][\w]+(, ?[#:][\w]+)*$/
const VALUE_TAIL = /(numeric value|converted to a number|found): [^;,]*/g

/**
 * Remembers, on an error a request failed with, the values that request carried (strings and
 * numbers of its items, keys and expression values), so the reason can be cleaned of them later.
 */
export function attachRequestValues(error: unknown, input: unknown): void {
  if (typeof error !== 'object' || error === null || REQUEST_VALUES in error) return
  const values = new Set<string>()
  collectValues(input, false, values)
  Object.defineProperty(error, REQUEST_VALUES, { value: values, enumerable: false })
}

/**
 * The error's message made safe to show, or `undefined` when it says nothing beyond its name, or
 * when the error did not come through a sender that recorded the request's values (then nothing
 * can vouch for the message).
 */
export function safeReasonOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { message, name } = error as { message?: unknown; name?: unknown }
  const known = (error as { [REQUEST_VALUES]?: Set<string> })[REQUEST_VALUES]
  if (typeof message !== 'string' || known === undefined) return undefined
  const reason = cleanReason(message, known)
  if (reason === '' || reason === name || reason === 'UnknownError') return undefined
  return reason
}

/**
 * Any other text that came with the error (a cancellation reason's message), cleaned with the
 * values of the request the error came from; `undefined` when they were not recorded.
 */
export function safeTextOf(error: unknown, text: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || typeof text !== 'string') return undefined
  const known = (error as { [REQUEST_VALUES]?: Set<string> })[REQUEST_VALUES]
  if (known === undefined) return undefined
  const cleaned = cleanReason(text, known)
  return cleaned === '' ? undefined : cleaned
}

/** Applies both rules to a message; exported for the unit tests. */
export function cleanReason(message: string, requestValues: ReadonlySet<string>): string {
  let reason = redactByShape(message)
  const searched = [...requestValues]
    .filter(value => value.length >= MIN_SEARCHED_VALUE_CHARS)
    .sort((left, right) => right.length - left.length)
  for (const value of searched) {
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) {
      if (reason.includes(form)) reason = reason.split(form).join(REDACTED)
    }
  }
  reason = reason.replace(/\s+/g, ' ').trim()
  return reason.length > MAX_REASON_CHARS
    ? `${reason.slice(0, MAX_REASON_CHARS)}${REDACTED}`
    : reason
}

function redactByShape(message: string): string {
  let out = ''
  let position = 0
  while (position < message.length) {
    const char = message[position] as string
    const close = CLOSERS[char]
    if (close === undefined) {
      out += char
      position += 1
      continue
    }
    const end = findClosing(message, position, char, close)
    if (end === -1) {
      // An unterminated quote or bracket: nothing after it can be trusted.
      out += `${char}${REDACTED}`
      break
    }
    const inner = message.slice(position + 1, end)
    out += keepsInner(char, inner, out) ? `${char}${inner}${close}` : `${char}${REDACTED}${close}`
    position = end + 1
  }
  return out.replace(VALUE_TAIL, (_match, lead: string) => `${lead}: ${REDACTED}`)
}

const CLOSERS: Readonly<Record<string, string>> = { "'": "'", '"': '"', '[': ']', '{': '}' }

function keepsInner(open: string, inner: string, before: string): boolean {
  switch (open) {
    case "'":
      return PARAMETER_PATH.test(before) && /^[\w.[\]-]*$/.test(inner)
    case '[':
      return SAFE_LIST_LEAD.test(before) && !/['"{]/.test(inner)
    case '{':
      return PLACEHOLDER_LIST.test(inner)
    default:
      return false
  }
}

/** Where the span opened at `start` closes; brackets nest, quotes do not. */
function findClosing(text: string, start: number, open: string, close: string): number {
  if (open === close) return text.indexOf(close, start + 1)
  let depth = 0
  for (let position = start; position < text.length; position += 1) {
    const char = text[position]
    if (char === open) depth += 1
    else if (char === close) {
      depth -= 1
      if (depth === 0) return position
    }
  }
  return -1
}

function collectValues(value: unknown, inData: boolean, into: Set<string>): void {
  if (typeof value === 'string') {
    if (inData) into.add(value)
    return
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (inData) into.add(String(value))
    return
  }
  if (typeof value !== 'object' || value === null) return
  if (value instanceof Uint8Array) {
    if (inData) into.add(Buffer.from(value).toString('base64'))
    return
  }
  if (value instanceof Set || Array.isArray(value)) {
    for (const element of value) collectValues(element, inData, into)
    return
  }
  const stringified = (value as { value?: unknown }).value
  if (inData && typeof stringified === 'string' && value.constructor?.name === 'NumberValue') {
    into.add(stringified)
    return
  }
  for (const [field, member] of Object.entries(value)) {
    collectValues(member, inData || VALUE_FIELDS.has(field), into)
  }
}

import { numberBytes } from './numberSize.js'

/**
 * Item sizes, measured on the native values the document client is about to marshall.
 *
 * `itemBytes` follows DynamoDB's rule ("Item sizes and formats"): attribute names plus values,
 * strings in UTF-8 bytes, numbers as {@link numberBytes} counts them, 3 bytes of
 * overhead per list or map and one per element. dynalite counts UTF-16 units instead, so it lets
 * oversized non-ASCII items through; this check does not.
 *
 * `wireBytes` bounds the item's share of the JSON request body (DynamoDB's 16 MB per call) from
 * above: the marshalled form wraps every value in a type tag and escapes some characters. Scanning
 * strings for escapes is most of the cost, and only matters for big items: below
 * {@link EXACT_ESCAPES_FROM_BYTES} every string byte is assumed to escape to six (25 such items
 * still fit a call), above it the escapes are counted.
 */
export interface ItemSize {
  itemBytes: number
  wireBytes: number
}

/** Items at least this big have their JSON escapes counted exactly. */
export const EXACT_ESCAPES_FROM_BYTES = 64 * 1024
/** A character JSON escapes as `\u00XX` takes six bytes for one. */
const WORST_ESCAPE_EXTRA_BYTES = 5

/** `{"BOOL":` (the longest type tag) + `}` + `,`, per marshalled value. */
const VALUE_WRAPPER_BYTES = 10
/** Quotes and comma around a set element, which has no type tag of its own. */
const SET_ELEMENT_BYTES = 3
const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f]/

interface Measure extends ItemSize {
  /** Count escapes exactly (else leave them to `stringBytes`). */
  exact: boolean
  stringBytes: number
}

export function measureItem(item: Readonly<Record<string, unknown>>): ItemSize {
  const quick = measure(item, false)
  if (quick.itemBytes < EXACT_ESCAPES_FROM_BYTES) {
    return {
      itemBytes: quick.itemBytes,
      wireBytes: quick.wireBytes + quick.stringBytes * WORST_ESCAPE_EXTRA_BYTES
    }
  }
  const { itemBytes, wireBytes } = measure(item, true)
  return { itemBytes, wireBytes }
}

function measure(item: Readonly<Record<string, unknown>>, exact: boolean): Measure {
  const size: Measure = { itemBytes: 0, wireBytes: 2, exact, stringBytes: 0 }
  for (const name in item) {
    const value = item[name]
    if (value === undefined) continue
    const nameBytes = stringBytes(name)
    size.itemBytes += nameBytes
    size.wireBytes += nameBytes + 3
    addValue(value, size)
  }
  return size
}

function addValue(value: unknown, size: Measure): void {
  size.wireBytes += VALUE_WRAPPER_BYTES
  switch (typeof value) {
    case 'string': {
      const bytes = stringBytes(value)
      size.itemBytes += bytes
      size.stringBytes += bytes
      size.wireBytes += 2 + bytes + (size.exact ? jsonEscapeExtraBytes(value) : 0)
      return
    }
    case 'number':
    case 'bigint':
      addNumber(String(value), size)
      return
    case 'boolean':
      size.itemBytes += 1
      size.wireBytes += 5
      return
    case 'object':
      break
    default:
      return
  }
  if (value === null) {
    size.itemBytes += 1
    size.wireBytes += 4
  } else if (value instanceof Uint8Array) {
    size.itemBytes += value.byteLength
    size.wireBytes += 2 + Math.ceil(value.byteLength / 3) * 4
  } else if (value instanceof Set) {
    size.wireBytes += 2
    for (const element of value) {
      addValue(element, size)
      size.wireBytes += SET_ELEMENT_BYTES - VALUE_WRAPPER_BYTES
    }
  } else if (Array.isArray(value)) {
    size.wireBytes += 2
    size.itemBytes += 3
    for (const element of value) {
      if (element === undefined) continue
      size.itemBytes += 1
      addValue(element, size)
    }
  } else if (isNumberValue(value)) {
    addNumber(value.value, size)
  } else {
    size.wireBytes += 2
    size.itemBytes += 3
    for (const name in value as Record<string, unknown>) {
      const element = (value as Record<string, unknown>)[name]
      if (element === undefined) continue
      const nameBytes = stringBytes(name)
      size.itemBytes += 1 + nameBytes
      size.wireBytes += nameBytes + 3
      addValue(element, size)
    }
  }
}

function addNumber(text: string, size: Measure): void {
  size.itemBytes += numberBytes(text)
  size.wireBytes += text.length + 2
}

/** Below this length a loop in JS beats the call into `Buffer.byteLength`. */
const SHORT_STRING = 64

/**
 * UTF-8 bytes of a string, as `Buffer.byteLength` counts them (a lone surrogate as the three
 * bytes of U+FFFD). Why not always `Buffer.byteLength`: every name and value of every item is
 * measured, and for the short strings items are made of the native call costs more than counting.
 */
export function stringBytes(text: string): number {
  if (text.length > SHORT_STRING) return Buffer.byteLength(text, 'utf8')
  let bytes = text.length
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    if (code < 0x80) continue
    if (code < 0x800) {
      bytes += 1
    } else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      // A pair: two UTF-16 units, four bytes.
      bytes += 2
      index += 1
    } else {
      bytes += 2
    }
  }
  return bytes
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

/** JSON escapes `"`, `\` and `\n`-style controls in two bytes, other controls as `\u00XX`. */
function jsonEscapeExtraBytes(text: string): number {
  if (!NEEDS_JSON_ESCAPE.test(text)) return 0
  let extra = 0
  for (let position = 0; position < text.length; position += 1) {
    const code = text.charCodeAt(position)
    if (code === 0x22 || code === 0x5c || (code >= 0x08 && code <= 0x0d && code !== 0x0b))
      extra += 1
    else if (code < 0x20) extra += 5
  }
  return extra
}

function isNumberValue(value: object): value is { value: string } {
  return (
    typeof (value as { value?: unknown }).value === 'string' &&
    value.constructor?.name === 'NumberValue'
  )
}

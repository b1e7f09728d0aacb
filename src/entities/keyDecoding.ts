import { KEY_DELIMITER, type KeyTemplate } from '../schema/keyTemplate.js'

/** The values a composed key was built from, by attribute. */
export type DecodedKey = Record<string, string | number>

const ESCAPED = /%(23|25)/g
const UNESCAPED: Record<string, string> = { '23': '#', '25': '%' }

/**
 * Reads a composed key back into the values it was built from, or `undefined` when the key does
 * not have the template's shape (another entity's key). Placeholders fill whole segments and
 * values are escaped (see `keyTemplate.ts`), so splitting on the delimiter is exact.
 *
 * @param numeric the attributes whose values are numbers
 */
export function decodeKey(
  template: KeyTemplate,
  key: unknown,
  numeric: ReadonlySet<string>
): DecodedKey | undefined {
  if (typeof key !== 'string') return undefined
  const shape = segmentsOf(template)
  const segments = key.split(KEY_DELIMITER)
  if (segments.length !== shape.length) return undefined
  const values: DecodedKey = {}
  for (const [position, expected] of shape.entries()) {
    const segment = segments[position] as string
    if (typeof expected === 'string') {
      if (segment !== expected) return undefined
      continue
    }
    if (segment.length === 0) return undefined
    const text = segment.replace(ESCAPED, (_, code: string) => UNESCAPED[code] as string)
    if (numeric.has(expected.attribute)) {
      const value = Number(text)
      if (!Number.isFinite(value) || String(value) !== text) return undefined
      values[expected.attribute] = value
    } else values[expected.attribute] = text
  }
  return values
}

type Segment = string | { attribute: string }

const shapes = new WeakMap<KeyTemplate, Segment[]>()

/** The template as segments: constant text, or one placeholder. */
function segmentsOf(template: KeyTemplate): Segment[] {
  let shape = shapes.get(template)
  if (shape !== undefined) return shape
  shape = template.source.split(KEY_DELIMITER).map(segment => {
    const placeholder = /^<([A-Za-z_$][\w$]*)>$/.exec(segment)
    return placeholder === null ? segment : { attribute: placeholder[1] as string }
  })
  shapes.set(template, shape)
  return shape
}

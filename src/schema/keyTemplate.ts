import { ERROR_CODES, ValidationError } from '../client/errors/index.js'

/**
 * Key templates such as `CUSTOMER#<customerId>` or `ORDER#<createdAt>#<orderId>`.
 *
 * A composed key is a list of `#`-separated segments. Every placeholder must be a whole segment,
 * and values are escaped (`%` -> `%25`, `#` -> `%23`) before they are inserted, so a value can never
 * add a segment: `1#ORDER#2` becomes `1%23ORDER%232` and cannot reach into an order's item
 * collection or collide with another entity's key. Escaping is a prefix code, so `beginsWith`
 * on escaped values means the same as on raw values; ordering is preserved except that `#` and
 * `%` sort as their escaped forms.
 */
export const KEY_DELIMITER = '#'

export interface KeyTemplate {
  readonly source: string
  /** Constant segments and placeholders, in order. */
  readonly parts: readonly KeyTemplatePart[]
  /** The placeholder attribute names, in order. */
  readonly attributes: readonly string[]
}

export type KeyTemplatePart = { readonly text: string } | { readonly attribute: string }

/** The attribute names of a template's placeholders, as a union type. */
export type TemplateAttributes<TEMPLATE extends string> =
  TEMPLATE extends `${string}<${infer NAME}>${infer REST}` ? NAME | TemplateAttributes<REST> : never

export type KeyPartValue = string | number

const PLACEHOLDER = /<([A-Za-z_$][\w$]*)>/g

export function parseKeyTemplate(source: string, context: string): KeyTemplate {
  if (typeof source !== 'string' || source.length === 0) {
    throw declarationError(`${context}: a key template must be a non-empty string`)
  }
  const parts: KeyTemplatePart[] = []
  let cursor = 0
  for (const match of source.matchAll(PLACEHOLDER)) {
    const start = match.index
    const end = start + match[0].length
    const attribute = match[1] as string
    const wholeSegment =
      (start === 0 || source[start - 1] === KEY_DELIMITER) &&
      (end === source.length || source[end] === KEY_DELIMITER)
    if (!wholeSegment) {
      throw declarationError(
        `${context}: placeholder <${attribute}> in '${source}' must fill a whole '${KEY_DELIMITER}'-separated segment`
      )
    }
    if (start > cursor) parts.push({ text: source.slice(cursor, start) })
    parts.push({ attribute })
    cursor = end
  }
  if (cursor < source.length) parts.push({ text: source.slice(cursor) })
  const leftover = parts.some(part => 'text' in part && /[<>]/.test(part.text))
  if (leftover) throw declarationError(`${context}: malformed placeholder in '${source}'`)
  const attributes = parts.flatMap(part => ('attribute' in part ? [part.attribute] : []))
  return { source, parts, attributes }
}

export function escapeKeyValue(value: string): string {
  return value.replace(/%/g, '%25').replace(/#/g, '%23')
}

/** Where a key part came from, for error messages that name it without quoting values. */
export interface KeyContext {
  entity: string
  /** e.g. `pk` or `gsi1sk` */
  keyAttribute: string
}

/** Fills every placeholder. Throws a `validation.key` error naming the attribute when one is unusable. */
export function composeKey(
  template: KeyTemplate,
  values: Readonly<Record<string, unknown>>,
  context: KeyContext
): string {
  return composeParts(template.parts, values, context)
}

/**
 * The constant part and the filled placeholders up to the first one missing from `values`,
 * and the name of that first missing placeholder (undefined when none is missing).
 */
export function composeKeyPrefix(
  template: KeyTemplate,
  values: Readonly<Record<string, unknown>>,
  context: KeyContext
): { prefix: string; next: string | undefined } {
  const missingIndex = template.parts.findIndex(
    part => 'attribute' in part && values[part.attribute] === undefined
  )
  if (missingIndex === -1) return { prefix: composeKey(template, values, context), next: undefined }
  const missing = template.parts[missingIndex] as { attribute: string }
  const prefix = composeParts(template.parts.slice(0, missingIndex), values, context)
  return { prefix, next: missing.attribute }
}

export function keyPartToString(value: unknown, attribute: string, context: KeyContext): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'string' && value.length > 0) return escapeKeyValue(value)
  const problem =
    value === undefined ? 'is missing' : 'must be a non-empty string or a finite number'
  throw new ValidationError(
    ERROR_CODES.invalidKey,
    `${context.entity}: attribute '${attribute}' of key '${context.keyAttribute}' ${problem}`,
    { entity: context.entity, attribute }
  )
}

function composeParts(
  parts: readonly KeyTemplatePart[],
  values: Readonly<Record<string, unknown>>,
  context: KeyContext
): string {
  let key = ''
  for (const part of parts) {
    key +=
      'text' in part ? part.text : keyPartToString(values[part.attribute], part.attribute, context)
  }
  return key
}

function declarationError(message: string): ValidationError {
  return new ValidationError(ERROR_CODES.invalidDeclaration, message)
}

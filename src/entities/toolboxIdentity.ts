import {
  $ADD,
  $APPEND,
  $DELETE,
  $GET,
  $IS_EXTENSION,
  $PREPEND,
  $REMOVE,
  $SET,
  $SUBTRACT,
  $SUM
} from 'dynamodb-toolbox/entity/actions/update/symbols'
import { ItemSchema } from 'dynamodb-toolbox/schema/item'

import { ERROR_CODES, SetupError } from '../client/errors/index.js'

/**
 * dynamodb-toolbox marks update expressions (`$add(1)`, `$remove()`, ...) with symbols created by
 * each copy of the package, and checks schemas by class. When an app ends up with two copies (an
 * `npm link`, a relative install, a dependency pinning another version), a schema or marker from
 * the app's copy is not recognised by the copy monotable uses: toolbox then misreads `$add(1)` as
 * an invalid value. These checks turn that into one clear error before any network call.
 */

const FIX =
  'install dynamodb-toolbox once, as a dependency of your app (monotable takes it as a peer), and run `npm dedupe`; check with `npm ls dynamodb-toolbox`'

const OWN_MARKERS: ReadonlySet<symbol> = new Set([
  $ADD,
  $APPEND,
  $DELETE,
  $GET,
  $IS_EXTENSION,
  $PREPEND,
  $REMOVE,
  $SET,
  $SUBTRACT,
  $SUM
])
const MARKER_NAMES = new Set([...OWN_MARKERS].map(marker => marker.description))

/** The schema must come from the toolbox copy monotable uses. */
export function assertOwnSchema(schema: unknown, entityName: string): void {
  if (schema instanceof ItemSchema) return
  const looksLikeSchema =
    typeof schema === 'object' &&
    schema !== null &&
    (schema as { type?: unknown }).type === 'item' &&
    typeof (schema as { attributes?: unknown }).attributes === 'object'
  throw new SetupError(
    ERROR_CODES.duplicateToolbox,
    looksLikeSchema
      ? `${entityName}: the schema was built by another copy of dynamodb-toolbox than the one monotable uses; ${FIX}`
      : `${entityName}: 'schema' must be a dynamodb-toolbox item() schema`
  )
}

/**
 * Update markers in `input` (at any depth) must be the ones of monotable's toolbox copy. Walks plain
 * objects and arrays only, so it costs little next to toolbox's own parsing.
 */
export function assertOwnMarkers(input: unknown, entityName: string, operation: string): void {
  const foreign = findForeignMarker(input, 0)
  if (foreign === undefined) return
  throw new SetupError(
    ERROR_CODES.duplicateToolbox,
    `${entityName}.${operation}: an update marker (${foreign}) comes from another copy of dynamodb-toolbox than the one monotable uses, so it would be misread; ${FIX}`
  )
}

/** A toolbox-made object (request, action) of another copy: what to say about it, or undefined. */
export function foreignToolboxObject(value: unknown, expected: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const name = (value as object).constructor?.name
  if (name === undefined || !name.includes(expected)) return undefined
  return `it was built by another copy of dynamodb-toolbox than the one monotable uses; ${FIX}`
}

const MAX_DEPTH = 32

function findForeignMarker(value: unknown, depth: number): string | undefined {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return undefined
  if (Array.isArray(value)) {
    for (const element of value) {
      const found = findForeignMarker(element, depth + 1)
      if (found !== undefined) return found
    }
    return undefined
  }
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) return undefined
  const foreign = Object.getOwnPropertySymbols(value).filter(
    symbol => !OWN_MARKERS.has(symbol) && MARKER_NAMES.has(symbol.description)
  )
  // Name the operation ($ADD), not the flag every marker carries ($IS_EXTENSION).
  const named =
    foreign.find(symbol => symbol.description !== $IS_EXTENSION.description) ?? foreign[0]
  if (named !== undefined) return named.description
  for (const member of Object.values(value)) {
    const found = findForeignMarker(member, depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}

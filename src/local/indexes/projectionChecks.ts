import {
  type DynamoFailure,
  type IndexDescription,
  type TableDescription,
  validationFailure
} from '../dynalite/internals.js'
import { projectedAttributesOf } from './indexSchema.js'

interface ReadRequest {
  _projection?: { paths: unknown[] }
  AttributesToGet?: string[]
  _filter?: { pathHeads: Record<string, unknown> }
  QueryFilter?: Record<string, unknown>
  ScanFilter?: Record<string, unknown>
}

/**
 * A Query or Scan of a global secondary index can only ask for, and filter on, attributes the
 * index projects; DynamoDB Local rejects the request otherwise (dynalite answers without them).
 */
export function checkProjectedAttributes(
  table: TableDescription,
  index: IndexDescription,
  request: Record<string, unknown>
): DynamoFailure | undefined {
  const projected = projectedAttributesOf(table, index)
  if (projected === 'ALL') return undefined
  const { _projection, AttributesToGet, _filter, QueryFilter, ScanFilter } = request as ReadRequest
  const requested = _projection
    ? _projection.paths.map(path => String(Array.isArray(path) ? path[0] : path))
    : (AttributesToGet ?? [])
  const unprojected = missingFrom(projected, requested)
  if (unprojected.length > 0) {
    return validationFailure(
      `One or more parameter values were invalid: Global secondary index ${index.IndexName} does not project [${unprojected.join(', ')}]`
    )
  }
  const filtered = Object.keys(_filter?.pathHeads ?? QueryFilter ?? ScanFilter ?? {})
  const unfiltered = missingFrom(projected, filtered)
  return unfiltered.length === 0
    ? undefined
    : validationFailure(
        `One or more parameter values were invalid: Secondary index ${index.IndexName} does not project one or more filter attributes: [${unfiltered.join(', ')}]`
      )
}

function missingFrom(projected: ReadonlySet<string>, names: readonly string[]): string[] {
  return [...new Set(names)].filter(name => !projected.has(name))
}

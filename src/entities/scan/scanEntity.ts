import { ScanCommand as DocumentScanCommand } from '@aws-sdk/lib-dynamodb'
import { ScanCommand } from 'dynamodb-toolbox/table/actions/scan'

import { assertInteger } from '../../client/assertOptions.js'
import { DEFAULT_BATCH_CONCURRENCY } from '../../client/batch/batchOptions.js'
import { type CallOptions, resolveCallPolicy } from '../../client/callPolicy.js'
import { ERROR_CODES, ValidationError } from '../../client/errors/index.js'
import { sendRequest } from '../../client/sendRequest.js'
import { clientOf } from '../../schema/defineTable.js'
import type { IndexView } from '../indexView.js'
import { projectedAttributes } from '../projection.js'
import { type ReadPage, type ReadPageOptions, readPage } from '../readPage.js'
import type { EntityModel } from '../writes/entityModel.js'
import {
  decodeScanCursor,
  encodeScanCursor,
  MAX_SCAN_SEGMENTS,
  startPositions
} from './scanCursor.js'
import { scanSegments, type SegmentPosition, type SegmentRead } from './segmentScan.js'

export interface ScanPage<ITEM> extends ReadPage<ITEM> {
  /** Resumes the scan after this page (every segment); `undefined` once the scan is done. */
  cursor: string | undefined
}

/** What a scan takes; see `EntityScanOptions` for the documented, typed form. */
export interface ScanInput extends CallOptions, ReadPageOptions {
  segments?: number | undefined
  segment?: number | undefined
  concurrency?: number | undefined
  limit?: number | undefined
  filter?: unknown
  attributes?: readonly string[] | undefined
  consistent?: boolean | undefined
  cursor?: string | undefined
  index?: string | undefined
  /** Pages of the items as stored, unread (for engines that read them themselves). */
  raw?: boolean | undefined
}

interface ScanOutput {
  Items?: Record<string, unknown>[]
  LastEvaluatedKey?: Record<string, unknown>
}

export interface ScanPlan {
  readonly segments: number
  readonly only: readonly number[] | undefined
  readonly concurrency: number
  readonly positions: SegmentPosition[]
  readonly signal: AbortSignal | undefined
  /** One page of one segment, this entity's items read as it reads them. */
  read(
    segment: number,
    exclusiveStartKey: Record<string, unknown> | undefined
  ): Promise<SegmentRead<ReadPage<Record<string, unknown>>>>
}

/**
 * Checks a scan's options before the network and prepares its reads: toolbox builds the Scan
 * (segment, filter on the entity tag, projection), monotable sends it through the engine that
 * owns every attempt and reads what comes back as the entity reads items.
 */
export function planScan(
  model: EntityModel,
  view: IndexView,
  input: ScanInput,
  operation: string
): ScanPlan {
  const { entity, name } = model
  const segments = input.segments ?? 1
  assertInteger('segments', segments, 1)
  if (segments > MAX_SCAN_SEGMENTS) {
    throw new ValidationError(
      ERROR_CODES.invalidOptions,
      `${name}.${operation}: 'segments' must be at most ${MAX_SCAN_SEGMENTS}`,
      { entity: name }
    )
  }
  if (input.segment !== undefined) {
    assertInteger('segment', input.segment, 0)
    if (input.segment >= segments) {
      throw new ValidationError(
        ERROR_CODES.invalidOptions,
        `${name}.${operation}: 'segment' must be below 'segments'`,
        { entity: name }
      )
    }
  }
  const concurrency = input.concurrency ?? Math.min(segments, DEFAULT_BATCH_CONCURRENCY)
  assertInteger('concurrency', concurrency, 1)
  if (input.limit !== undefined) assertInteger('limit', input.limit, 1)
  const attributes = projectedAttributes(entity, input.attributes, operation)
  const client = clientOf(entity.table)
  const { policy, signal } = resolveCallPolicy(input, client.retryPolicy)
  const positions =
    input.cursor === undefined
      ? startPositions(segments)
      : decodeScanCursor(input.cursor, segments, view.cursorAttributes, name)
  const partial = !view.holdsItems

  return {
    segments,
    only: input.segment === undefined ? undefined : [input.segment],
    concurrency,
    positions,
    signal,
    async read(segment, exclusiveStartKey) {
      const params = entity.table
        .build(ScanCommand)
        .entities(entity)
        .options({
          ...(segments > 1 ? { segment, totalSegments: segments } : {}),
          ...(input.index === undefined ? {} : { index: input.index }),
          ...(input.limit === undefined ? {} : { limit: input.limit }),
          ...(input.consistent === undefined ? {} : { consistent: input.consistent }),
          ...(exclusiveStartKey === undefined ? {} : { exclusiveStartKey }),
          ...(input.filter === undefined ? {} : { filters: { [name]: input.filter } }),
          ...(attributes === undefined ? {} : { attributes }),
          ...(view.holdsEntityTag ? {} : { entityAttrFilter: false })
        } as never)
        .params()
      const { output } = await sendRequest<ScanOutput>(
        client.documentClient,
        new DocumentScanCommand(params),
        { policy, signal, repeatable: true }
      )
      const mine = (output.Items ?? []).filter(view.isOwn)
      if (input.raw === true)
        return { page: { items: mine }, lastEvaluatedKey: output.LastEvaluatedKey }
      const page = readPage(model, partial ? mine.map(view.restore) : mine, {
        ...input,
        partial,
        ...(attributes === undefined ? {} : { attributes })
      })
      return { page, lastEvaluatedKey: output.LastEvaluatedKey }
    }
  }
}

/** Every page of a scan, as its segments return them, each with the cursor that resumes after it. */
export async function* scanAllPages(plan: ScanPlan): AsyncGenerator<ScanPage<never>> {
  const positions = [...plan.positions]
  for await (const { segment, page, next } of scanSegments({
    positions: plan.positions,
    only: plan.only,
    concurrency: plan.concurrency,
    signal: plan.signal,
    read: plan.read
  })) {
    positions[segment] = next
    yield { ...page, items: page.items as never[], cursor: cursorOf(plan, positions) }
  }
}

/** One page of a scan: a page of every unfinished segment (at most `concurrency` at once), merged. */
export async function scanOnePage(plan: ScanPlan): Promise<ScanPage<never>> {
  const positions = [...plan.positions]
  const segments = (plan.only ?? positions.map((_, segment) => segment)).filter(
    segment => positions[segment]?.state !== 'done'
  )
  const pages: ReadPage<Record<string, unknown>>[] = []
  let nextSegment = 0
  const worker = async () => {
    while (nextSegment < segments.length) {
      const segment = segments[nextSegment++] as number
      const position = positions[segment] as SegmentPosition
      const { page, lastEvaluatedKey } = await plan.read(
        segment,
        position.state === 'after' ? position.key : undefined
      )
      pages.push(page)
      positions[segment] =
        lastEvaluatedKey === undefined
          ? { state: 'done' }
          : { state: 'after', key: lastEvaluatedKey }
    }
  }
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, segments.length) }, worker))
  const skipped = pages.flatMap(page => page.skipped ?? [])
  return {
    items: pages.flatMap(page => page.items) as never[],
    ...(pages.some(page => page.skipped !== undefined) ? { skipped } : {}),
    cursor: cursorOf(plan, positions)
  }
}

/** The cursor of a scan: of its own segment only, for a worker reading one. */
function cursorOf(plan: ScanPlan, positions: readonly SegmentPosition[]): string | undefined {
  if (plan.only === undefined) return encodeScanCursor(positions)
  const mine = plan.only.every(segment => positions[segment]?.state === 'done')
  return mine ? undefined : encodeScanCursor(positions)
}

import { assertInteger } from '../../client/assertOptions.js'
import type { CallOptions } from '../../client/callPolicy.js'
import {
  type BackfillCounts,
  BackfillError,
  ERROR_CODES,
  ValidationError
} from '../../client/errors/index.js'
import { MAX_TRANSACTION_ACTIONS } from '../../client/limits.js'
import { entityInternals } from '../entityInternals.js'
import { planScan } from '../scan/scanEntity.js'
import { scanSegments } from '../scan/segmentScan.js'
import { BackfillRun } from './backfillRun.js'
import { BackfillProgress } from './segmentProgress.js'

type Stored = Record<string, unknown>

/** A transform: the item as it should be stored, or `undefined` to leave it as it is. */
export type BackfillTransform<ITEM, INPUT> = (
  item: ITEM
) => INPUT | undefined | Promise<INPUT | undefined>

export interface BackfillOptions extends CallOptions {
  /** Segments of the parallel scan (default 4). */
  segments?: number
  /** Transactions in flight at once, and pages being transformed at once (default 8). */
  concurrency?: number
  /** Items written per transaction, 1 to 100 (default 25). */
  itemsPerTransaction?: number
  /** Called each time a segment moves past a page, and at the end: the counts and a cursor. */
  onProgress?: (progress: BackfillCounts) => void
  /** Transform and count, but write nothing. */
  dryRun?: boolean
  /** The `cursor` of an interrupted backfill (its error's `result.cursor`, or the last progress). */
  cursor?: string
  /** An item that cannot be read as the entity: stop (`'throw'`, default) or count it and go on. */
  onInvalidItem?: 'throw' | 'skip'
}

const DEFAULT_SEGMENTS = 4
const DEFAULT_CONCURRENCY = 8
const DEFAULT_ITEMS_PER_TRANSACTION = 25

/**
 * Rewrites every item of an entity: a parallel scan (strongly consistent) feeds `transform`, and
 * the items it changes are written in transactions of conditional puts, each applied only if its
 * item is still as it was read (see `rewrite.ts`): a concurrent write is never overwritten, the
 * item is read and transformed again instead. Writes in flight always settle, also on abort or
 * failure, and the cursor resumes the rest, so no item is written twice or skipped. (A process
 * that dies loses track of the transactions it had in flight: a resumed run transforms those
 * items again.) Transactional writes cost two write units per item on DynamoDB.
 */
export async function backfill(
  entity: unknown,
  transform: BackfillTransform<never, unknown>,
  options: BackfillOptions = {}
): Promise<BackfillCounts> {
  const internals = entityInternals(entity, 'backfill')
  const { model } = internals
  const { name } = model
  if (typeof transform !== 'function') {
    throw new ValidationError(
      ERROR_CODES.invalidOptions,
      `${name}.backfill: transform must be a function`,
      { entity: name }
    )
  }
  const segments = options.segments ?? DEFAULT_SEGMENTS
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY
  const itemsPerTransaction = options.itemsPerTransaction ?? DEFAULT_ITEMS_PER_TRANSACTION
  assertInteger('concurrency', concurrency, 1)
  assertInteger('itemsPerTransaction', itemsPerTransaction, 1)
  if (itemsPerTransaction > MAX_TRANSACTION_ACTIONS) {
    throw new ValidationError(
      ERROR_CODES.invalidOptions,
      `Option 'itemsPerTransaction' must be at most ${MAX_TRANSACTION_ACTIONS}`
    )
  }
  const plan = planScan(
    model,
    internals.tableView,
    { segments, consistent: true, signal: options.signal, raw: true },
    'backfill'
  )
  const { partitionKey, sortKey } = model.entity.table
  const keyAttributes = new Set([
    partitionKey.name,
    ...(sortKey === undefined ? [] : [sortKey.name])
  ])
  const progress =
    options.cursor === undefined
      ? BackfillProgress.start(segments)
      : BackfillProgress.resume(options.cursor, segments, keyAttributes, name)
  const run = new BackfillRun(
    internals,
    transform,
    { ...options, concurrency, itemsPerTransaction },
    progress
  )
  const keyOf = (stored: Stored): Stored => ({
    [partitionKey.name]: stored[partitionKey.name],
    ...(sortKey === undefined ? {} : { [sortKey.name]: stored[sortKey.name] })
  })

  try {
    for await (const { segment, page, next } of scanSegments({
      positions: progress.positions(),
      concurrency: plan.concurrency,
      signal: options.signal,
      read: plan.read
    })) {
      if (run.stopping) break
      const stored = page.items as Stored[]
      const ids = progress.addPage(segment, stored.map(keyOf), next)
      // A page without items of the entity moves its segment on at once.
      if (stored.length === 0) run.report()
      else await run.startPage(segment, ids, stored)
      if (options.signal?.aborted === true) break
    }
  } catch (error) {
    // A read cut short by the signal is an abort, not a failure: its page was never taken.
    if (options.signal?.aborted !== true) run.fail(undefined, error)
  }
  await run.drained()
  const result = run.counts()
  run.report()
  if (run.failures.length > 0 || options.signal?.aborted === true) {
    throw new BackfillError(name, run.failures.length === 0, result, run.failures)
  }
  return result
}

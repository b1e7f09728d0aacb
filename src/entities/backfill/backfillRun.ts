import type { CallOptions } from '../../client/callPolicy.js'
import {
  type BackfillCounts,
  type BackfillFailure,
  ERROR_CODES,
  InvalidItemError,
  MonotableError,
  TransactionCanceledError,
  TransactionValidationError
} from '../../client/errors/index.js'
import { clientOf } from '../../schema/defineTable.js'
import type { EntityInternals } from '../entityInternals.js'
import type { BackfillOptions, BackfillTransform } from './backfill.js'
import { primaryKeyOf, readAgain, wroteTransform } from './itemState.js'
import type { BackfillProgress } from './segmentProgress.js'
import { Slots } from './slots.js'

type Stored = Record<string, unknown>

/** An item on its way: where it sits in the scan, as read, and as the transform wants it. */
interface Pending {
  readonly segment: number
  readonly id: string
  basis: Stored
  read: Stored
  next: unknown
  conflicts: number
}

/** What became of one item; `changed` only on a dry run (else it is `written` or `deleted`). */
type Outcome = 'written' | 'unchanged' | 'changed' | 'deleted' | 'skipped'

/** How often, at the most, `onProgress` hears of items settling inside a page. */
const REPORT_INTERVAL_MS = 100
/** Conflicts one item may meet before the backfill gives up on it. */
const MAX_CONFLICTS_PER_ITEM = 10

/**
 * The work of one backfill: items are read and transformed page by page, and the changed ones
 * written in transactions of up to `itemsPerTransaction` conditional puts (each only if its item
 * is still as read), `concurrency` transactions in flight. An item settles once written, left
 * unchanged or found deleted; one that met a concurrent write is read and transformed again.
 */
export class BackfillRun {
  readonly failures: BackfillFailure[] = []
  private readonly tally = {
    scanned: 0,
    changed: 0,
    unchanged: 0,
    written: 0,
    deleted: 0,
    conflicts: 0,
    skipped: 0
  }
  private itemsPerTransaction: number
  private readonly pages: Slots
  private readonly transactions: Slots
  private readonly idle: (() => void)[] = []
  private lastReport = 0

  constructor(
    private readonly internals: EntityInternals,
    private readonly transform: BackfillTransform<never, unknown>,
    private readonly options: BackfillOptions & {
      concurrency: number
      itemsPerTransaction: number
    },
    private readonly progress: BackfillProgress
  ) {
    this.itemsPerTransaction = options.itemsPerTransaction
    this.pages = new Slots(options.concurrency)
    this.transactions = new Slots(options.concurrency)
    options.signal?.addEventListener('abort', () => this.stop(), { once: true })
  }

  /** Aborted, or an item failed: nothing new starts, and what is in flight settles. */
  get stopping(): boolean {
    return this.failures.length > 0 || this.options.signal?.aborted === true
  }

  /** Waits until a page may start (at most `concurrency` in hand), then runs it in the background. */
  async startPage(
    segment: number,
    ids: readonly string[],
    stored: readonly Stored[]
  ): Promise<void> {
    if (!(await this.pages.acquire())) return
    void this.runPage(segment, ids, stored)
      .catch(error => this.fail(undefined, error))
      .finally(() => {
        this.pages.release()
        this.wakeIdle()
      })
  }

  async drained(): Promise<void> {
    while (this.pages.inUse > 0 || this.transactions.inUse > 0) {
      await new Promise<void>(resolve => this.idle.push(resolve))
    }
  }

  /** An item is done with; progress is reported when a segment passes a page, or every 100 ms. */
  settle(segment: number, id: string): void {
    const passedPage = this.progress.settle(segment, id)
    if (passedPage || Date.now() - this.lastReport >= REPORT_INTERVAL_MS) this.report()
  }

  fail(stored: Stored | undefined, error: unknown): void {
    this.failures.push({
      key: stored === undefined ? {} : this.keyOf(stored),
      error: error instanceof Error ? error : new Error(String(error))
    })
    this.stop()
  }

  counts(): BackfillCounts {
    return Object.freeze({ ...this.tally, cursor: this.progress.cursor() })
  }

  report(): void {
    this.lastReport = Date.now()
    if (this.options.onProgress === undefined) return
    try {
      this.options.onProgress(this.counts())
    } catch (error) {
      this.fail(undefined, error)
    }
  }

  private async runPage(segment: number, ids: readonly string[], stored: readonly Stored[]) {
    const pending: Pending[] = []
    for (const [position, item] of stored.entries()) {
      if (this.stopping) return
      const id = ids[position] as string
      if (this.progress.settledBefore(segment, this.keyOf(item))) {
        this.settle(segment, id)
        continue
      }
      const decided = await this.decide(segment, id, item, 0)
      if (typeof decided === 'string') this.finish(segment, id, decided)
      else pending.push(decided)
    }
    let round = pending
    while (round.length > 0 && !this.stopping) {
      const groups = chunk(round, this.itemsPerTransaction)
      const again = await Promise.all(groups.map(group => this.writeGroup(group)))
      round = again.flat()
    }
  }

  /** Reads and transforms an item: its outcome, or the write it needs. */
  private async decide(
    segment: number,
    id: string,
    basis: Stored,
    conflicts: number
  ): Promise<Outcome | Pending> {
    let read: Stored | undefined
    try {
      read = this.internals.model.reader.read(basis, { includeExpired: true })
    } catch (error) {
      if (!(error instanceof InvalidItemError) || this.options.onInvalidItem !== 'skip') throw error
      return 'skipped'
    }
    const next = await this.transform((read ?? {}) as never)
    if (next === undefined) return 'unchanged'
    if (this.options.dryRun === true) return 'changed'
    return { segment, id, basis, read: read ?? {}, next, conflicts }
  }

  /** Writes a group in one transaction; returns what must be written again. */
  private async writeGroup(group: readonly Pending[]): Promise<Pending[]> {
    if (!(await this.transactions.acquire())) return []
    const { items } = this.internals
    try {
      await this.client().transactWrite(
        group.map(pending => items.transactRewrite(pending.next, pending.basis)),
        this.callOptions()
      )
      for (const pending of group) this.finish(pending.segment, pending.id, 'written')
      return []
    } catch (error) {
      return await this.afterFailedGroup(group, error)
    } finally {
      this.transactions.release()
      this.wakeIdle()
    }
  }

  private async afterFailedGroup(group: readonly Pending[], error: unknown): Promise<Pending[]> {
    if (
      error instanceof TransactionValidationError &&
      (error.code === ERROR_CODES.transactionTooLarge ||
        error.code === ERROR_CODES.tooManyActions) &&
      group.length > 1
    ) {
      // Over DynamoDB's 4 MB or 100 actions (unique values add guards): smaller transactions.
      this.itemsPerTransaction = Math.max(1, Math.floor(group.length / 2))
      return [...group]
    }
    if (!(error instanceof TransactionCanceledError)) {
      // After every attempt, the transaction may still have been applied: look before failing.
      if (MonotableError.is(error) && (error as { ambiguous?: boolean }).ambiguous === true) {
        for (const pending of group) {
          const current = await readAgain(this.internals.model, pending.basis)
          if (
            current !== undefined &&
            wroteTransform(this.internals.model, pending.read, pending.next, current)
          )
            this.finish(pending.segment, pending.id, 'written')
        }
      }
      this.fail(group[0]?.basis, error)
      return []
    }
    const reasons = new Map(error.reasons.map(reason => [reason.index, reason]))
    const again: Pending[] = []
    for (const [index, pending] of group.entries()) {
      const reason = reasons.get(index)
      // Canceled beside another action's failure: not written, send it again.
      if (reason === undefined || reason.code === 'TransactionConflict') again.push(pending)
      else if (reason.code === 'ConditionalCheckFailed' && reason.failure !== 'unique') {
        const retried = await this.afterConflict(pending)
        if (retried !== undefined) again.push(retried)
      } else await this.writeAlone(pending)
    }
    return again
  }

  /** A concurrent write got there first: read the item again and transform it again. */
  private async afterConflict(pending: Pending): Promise<Pending | undefined> {
    this.tally.conflicts += 1
    if (pending.conflicts + 1 >= MAX_CONFLICTS_PER_ITEM) {
      this.fail(pending.basis, new Error('the item kept changing under the backfill'))
      return undefined
    }
    const current = await readAgain(this.internals.model, pending.basis)
    if (current === undefined) {
      this.finish(pending.segment, pending.id, 'deleted')
      return undefined
    }
    const decided = await this.decide(pending.segment, pending.id, current, pending.conflicts + 1)
    if (typeof decided !== 'string') return decided
    this.finish(pending.segment, pending.id, decided)
    return undefined
  }

  /** An item a transaction refused for a reason of its own: written alone, to fail with its own error. */
  private async writeAlone(pending: Pending): Promise<void> {
    try {
      await this.internals.items.rewrite(pending.next, pending.basis, this.callOptions())
      this.finish(pending.segment, pending.id, 'written')
    } catch (error) {
      this.fail(pending.basis, error)
    }
  }

  private finish(segment: number, id: string, outcome: Outcome): void {
    this.tally.scanned += 1
    this.tally[outcome] += 1
    if (outcome === 'written' || outcome === 'deleted') this.tally.changed += 1
    this.settle(segment, id)
  }

  private keyOf(stored: Stored): Stored {
    return primaryKeyOf(this.internals.model, stored)
  }

  private client() {
    return clientOf(this.internals.model.entity.table)
  }

  private callOptions(): CallOptions {
    const { maxAttempts, baseDelayMs, maxDelayMs } = this.options
    return Object.fromEntries(
      Object.entries({ maxAttempts, baseDelayMs, maxDelayMs }).filter(
        ([, value]) => value !== undefined
      )
    )
  }

  private stop(): void {
    this.pages.close()
    this.transactions.close()
    this.wakeIdle()
  }

  private wakeIdle(): void {
    for (const waiter of this.idle.splice(0)) waiter()
  }
}

function chunk<ITEM>(items: readonly ITEM[], size: number): ITEM[][] {
  const chunks: ITEM[][] = []
  for (let start = 0; start < items.length; start += size)
    chunks.push(items.slice(start, start + size))
  return chunks
}

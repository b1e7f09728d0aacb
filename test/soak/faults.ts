import type { FaultDecision, FaultPolicy } from '../support/faultProxy.js'
import { withholdWrites } from '../support/batchFaults.js'
import { seededRandom } from '../support/random.js'

/** How often each fault is injected, per call (per write request for `unprocessed`). */
export interface SoakFaultRates {
  throttle: number
  serverError: number
  resetBefore: number
  resetAfter: number
  /** TransactWriteItems answered TransactionCanceledException with a TransactionConflict reason. */
  conflict: number
  /** BatchWriteItem requests handed back as UnprocessedItems. */
  unprocessed: number
}

export const SOAK_FAULTS: SoakFaultRates = {
  throttle: 0.04,
  serverError: 0.02,
  resetBefore: 0.02,
  resetAfter: 0.03,
  conflict: 0.03,
  unprocessed: 0.2
}

/** Counts of what was injected, by kind. */
export type FaultCounts = Record<string, number>

/**
 * A seeded policy injecting every fault the retry contract must survive: throttling, 500s, resets
 * before the backend sees a call and after it applied it, transaction conflicts, and unprocessed
 * batch writes. Reads (Get, Query, Scan, Describe) pass untouched so the checks see the truth.
 */
export function soakFaults(seed: number, rates: SoakFaultRates = SOAK_FAULTS) {
  const random = seededRandom(seed)
  const counts: FaultCounts = {}
  const count = (kind: string, decision: FaultDecision): FaultDecision => {
    counts[kind] = (counts[kind] ?? 0) + 1
    return decision
  }
  const policy: FaultPolicy = request => {
    const writes = ['TransactWriteItems', 'BatchWriteItem', 'PutItem', 'UpdateItem', 'DeleteItem']
    if (!writes.includes(request.operation)) return { kind: 'forward' }
    let roll = random()
    const pick = (share: number) => {
      roll -= share
      return roll < 0
    }
    if (pick(rates.throttle))
      return count('throttle', { kind: 'respond', status: 400, errorType: 'ThrottlingException' })
    if (pick(rates.serverError))
      return count('500', { kind: 'respond', status: 500, errorType: 'InternalServerError' })
    if (pick(rates.resetBefore)) return count('reset before', { kind: 'resetBefore' })
    if (pick(rates.resetAfter)) return count('reset after apply', { kind: 'resetAfter' })
    if (request.operation === 'TransactWriteItems' && pick(rates.conflict)) {
      const actions = (request.body.TransactItems as unknown[]).length
      const CancellationReasons = Array.from({ length: actions }, (_, index) => ({
        Code: index === 0 ? 'TransactionConflict' : 'None'
      }))
      return count('transaction conflict', {
        kind: 'respond',
        status: 400,
        errorType: 'TransactionCanceledException',
        fields: { CancellationReasons }
      })
    }
    if (request.operation === 'BatchWriteItem') {
      let withheld = 0
      const decision = withholdWrites(request, () => {
        const refuse = random() < rates.unprocessed
        if (refuse) withheld += 1
        return refuse
      })
      counts.unprocessed = (counts.unprocessed ?? 0) + withheld
      return decision
    }
    return { kind: 'forward' }
  }
  return { policy, counts }
}

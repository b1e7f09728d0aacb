/**
 * Paces batch calls to the rate a table actually sustains, so that items do not burn their
 * attempts while it is saturated.
 *
 * Why not the SDK's adaptive mode (`DefaultRateLimiter`): it counts requests, not items, and only
 * throttling errors reach it; a call that comes back 200 with `UnprocessedItems` looks like a
 * success to it.
 *
 * How: while nothing is refused, calls are not paced. When a call comes back with refused items,
 * the limiter tries sending at the goodput it measured over the last moments (the items the table
 * accepted per second, which is its capacity when it is saturated) and watches whether that helped:
 * - if the share of refused items fell, the table was saturated: keep pacing, growing the rate
 *   while calls are refused no more than when the pace was confirmed (whole, on a saturated table;
 *   at their background share, when refusals are partly random), and cutting it back to the
 *   goodput when they are refused more;
 * - if it did not fall, refusals do not depend on our rate (a hot key, an internal error), and
 *   slowing down would only starve the run: the cut is undone, and the next trial waits longer.
 */
export interface SendRateOptions {
  now?: () => number
}

/** Goodput is measured over this much recent time. */
const GOODPUT_WINDOW_MS = 200
/** A trial lasts at least this long... */
const TRIAL_MS = 250
/** ...and covers at least this many calls. */
const TRIAL_MIN_CALLS = 4
/** Send a little under the measured goodput so a backlog can drain. */
const CUT_FACTOR = 0.95
/** While pacing, cut at most this often. */
const MIN_CUT_INTERVAL_MS = 100
/** While pacing and unthrottled, the rate grows by this share per second... */
const GROWTH_PER_SECOND = 0.25
/** ...plus this multiple of it per second without refusals. */
const GROWTH_ACCELERATION = 4
/** A trial helped when the refused share fell to at most this fraction of what it was... */
const HELPED_RATIO = 0.5
/** ...or below this share outright. */
const HELPED_BELOW = 0.02
/** After k trials in a row that did not help, the next waits `min(MAX, BASE * 2^(k-2))` (none after the first). */
const QUIET_BASE_MS = 500
const QUIET_MAX_MS = 10_000
const MIN_ITEMS_PER_SECOND = 1
/** Calls the goodput window must hold before a cut. */
const MIN_SAMPLES_TO_CUT = 4
/** A trial whose send rate stayed under this share of its limit did not constrain anything. */
const NOT_BINDING_RATIO = 0.8
/** A non-binding trial seeing this share refused is cut short, once it has run this long. */
const USELESS_REFUSED_SHARE = 0.5
const USELESS_AFTER_MS = 50
/** Refusals this much above the share a pace was confirmed with still count as its background. */
const TOLERATED_EXTRA_SHARE = 0.05
/** Credit a paced sender may bank, in seconds of its rate. */
const BURST_SECONDS = 0.05

interface CallSample {
  at: number
  sentAt: number
  sent: number
  refused: number
}

interface Trial {
  startedAt: number
  rate: number
  /** Refused share of the calls that triggered it. */
  refusedBefore: number
  /** What to go back to if it does not help. */
  previousRate: number | undefined
  sent: number
  refused: number
  calls: number
}

export class SendRateLimiter {
  private readonly now: () => number
  private itemsPerSecond: number | undefined
  private tokens = 0
  private refilledAt: number
  private grownAt: number
  private lastCutAt = Number.NEGATIVE_INFINITY
  private lastRefusalAt = Number.NEGATIVE_INFINITY
  private quietUntil = Number.NEGATIVE_INFINITY
  private failedTrials = 0
  /** The refused share measured when the current pace was confirmed to help. */
  private confirmedShare = 0
  private trial: Trial | undefined
  private samples: CallSample[] = []

  constructor(options: SendRateOptions = {}) {
    this.now = options.now ?? Date.now
    this.refilledAt = this.now()
    this.grownAt = this.refilledAt
  }

  /** Items per second while pacing; `undefined` while calls go out unpaced. */
  get limit(): number | undefined {
    return this.itemsPerSecond
  }

  /** Reserves `items` and returns how long to wait before sending them (0 when unpaced). */
  reserve(items: number): number {
    const rate = this.itemsPerSecond
    if (rate === undefined) return 0
    this.refill(rate)
    this.tokens -= items
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / rate) * 1_000)
  }

  /**
   * Reports a call: items sent, how many of them the table refused (all, for a throttled call),
   * and when the call was sent (calls sent before a trial began say nothing about it).
   */
  record(sent: number, refused: number, sentAt: number): void {
    const now = this.now()
    // While pacing, refusals at the share the pace was confirmed with are the table's background
    // (a hot key, random refusals), not a sign that the pace is too high.
    const excess = refused > 0 && refused / Math.max(1, sent) > this.toleratedShare()
    if (excess) this.lastRefusalAt = now
    this.samples.push({ at: now, sentAt, sent, refused })
    this.dropSamplesBefore(now - GOODPUT_WINDOW_MS)
    if (this.trial !== undefined) {
      if (sentAt >= this.trial.startedAt) this.observeTrial(this.trial, sent, refused, now)
      return
    }
    if (excess) this.maybeCut(now)
    else this.grow(now)
  }

  /** The refused share a call may show without counting against the pace. */
  private toleratedShare(): number {
    return this.itemsPerSecond === undefined ? 0 : this.confirmedShare + TOLERATED_EXTRA_SHARE
  }

  private maybeCut(now: number): void {
    // Too few calls seen to measure anything: leave it to each item's backoff for now.
    if (this.samples.length < MIN_SAMPLES_TO_CUT) return
    if (now < this.quietUntil) return
    if (this.itemsPerSecond !== undefined && now - this.lastCutAt < MIN_CUT_INTERVAL_MS) return
    this.lastCutAt = now
    const accepted = this.recentGoodput(now)
    // Nothing got through: goodput says nothing about capacity; each item's backoff spaces them.
    if (accepted === 0) return
    const rate = Math.min(accepted * CUT_FACTOR, this.itemsPerSecond ?? Number.POSITIVE_INFINITY)
    this.startTrial(now, rate, this.recentRefusedShare(), this.itemsPerSecond)
  }

  private startTrial(
    now: number,
    rate: number,
    refusedBefore: number,
    previousRate: number | undefined
  ): void {
    const trialRate = Math.max(MIN_ITEMS_PER_SECOND, rate)
    this.trial = {
      startedAt: now,
      rate: trialRate,
      refusedBefore,
      previousRate,
      sent: 0,
      refused: 0,
      calls: 0
    }
    this.setRate(trialRate, now)
  }

  private observeTrial(trial: Trial, sent: number, refused: number, now: number): void {
    trial.sent += sent
    trial.refused += refused
    trial.calls += 1
    const elapsedMs = Math.max(1, now - trial.startedAt)
    if (trial.calls < TRIAL_MIN_CALLS) return
    const refusedAfter = trial.refused / Math.max(1, trial.sent)
    const sentPerSecond = (trial.sent * 1_000) / elapsedMs
    const binding = sentPerSecond >= trial.rate * NOT_BINDING_RATIO
    // A trial that does not bind while most items are refused is known to be useless early.
    const useless =
      !binding && refusedAfter >= USELESS_REFUSED_SHARE && elapsedMs >= USELESS_AFTER_MS
    if (elapsedMs < TRIAL_MS && !useless) return
    this.trial = undefined
    if (refusedAfter > HELPED_BELOW && !binding) {
      // We never reached the trial rate (it was measured on a burst the table had banked), so
      // the trial says nothing: try again at the goodput measured during it.
      const accepted = trial.sent - trial.refused
      if (accepted === 0) {
        // Nothing got through during it either: no goodput to go by; undo the cut.
        this.restore(trial.previousRate, now)
        return
      }
      const refusedBefore = Math.max(trial.refusedBefore, refusedAfter)
      this.startTrial(
        now,
        ((accepted * 1_000) / elapsedMs) * CUT_FACTOR,
        refusedBefore,
        trial.previousRate
      )
      return
    }
    if (refusedAfter <= HELPED_BELOW || refusedAfter <= trial.refusedBefore * HELPED_RATIO) {
      this.failedTrials = 0
      this.confirmedShare = refusedAfter
      return
    }
    this.failedTrials += 1
    const quietMs =
      this.failedTrials < 2
        ? 0
        : Math.min(QUIET_MAX_MS, QUIET_BASE_MS * 2 ** (this.failedTrials - 2))
    this.quietUntil = now + quietMs
    this.restore(trial.previousRate, now)
  }

  private restore(rate: number | undefined, now: number): void {
    if (rate === undefined) this.itemsPerSecond = undefined
    else this.setRate(rate, now)
  }

  /** Grows slowly right after a cut, then faster the longer calls keep going through whole. */
  private grow(now: number): void {
    const rate = this.itemsPerSecond
    if (rate === undefined) return
    const calmSeconds = (now - this.lastRefusalAt) / 1_000
    const growthPerSecond = GROWTH_PER_SECOND * (1 + GROWTH_ACCELERATION * calmSeconds)
    this.setRate(rate * (1 + (growthPerSecond * (now - this.grownAt)) / 1_000), now)
  }

  /**
   * Items per second accepted in the calls that completed within the goodput window, over the
   * time since the earliest of them was sent (so concurrent calls count once).
   */
  private recentGoodput(now: number): number {
    let accepted = 0
    let earliest = now
    for (const sample of this.samples) {
      accepted += sample.sent - sample.refused
      earliest = Math.min(earliest, sample.sentAt)
    }
    return (accepted * 1_000) / Math.max(1, now - earliest)
  }

  private recentRefusedShare(): number {
    let sent = 0
    let refused = 0
    for (const sample of this.samples) {
      sent += sample.sent
      refused += sample.refused
    }
    return refused / Math.max(1, sent)
  }

  private dropSamplesBefore(oldest: number): void {
    let stale = 0
    while (stale < this.samples.length && (this.samples[stale] as CallSample).at < oldest)
      stale += 1
    if (stale > 0) this.samples = this.samples.slice(stale)
  }

  private setRate(rate: number, now: number): void {
    const previous = this.itemsPerSecond
    if (previous !== undefined) this.refill(previous)
    else this.refilledAt = now
    this.itemsPerSecond = rate
    this.grownAt = now
    this.tokens = Math.min(this.tokens, rate * BURST_SECONDS)
  }

  private refill(rate: number): void {
    const now = this.now()
    this.tokens = Math.min(
      rate * BURST_SECONDS,
      this.tokens + ((now - this.refilledAt) / 1_000) * rate
    )
    this.refilledAt = now
  }
}

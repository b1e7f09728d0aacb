/**
 * At most `size` holders at once: `acquire` resolves when a slot is free (taken for the caller at
 * that moment, so a crowd of waiters never overshoots), `release` hands it to the next waiter.
 * `close` wakes every waiter with `false`: the work is stopping and takes no new slot.
 */
export class Slots {
  private used = 0
  private closed = false
  private readonly waiting: ((granted: boolean) => void)[] = []

  constructor(private readonly size: number) {}

  get inUse(): number {
    return this.used
  }

  acquire(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false)
    if (this.used < this.size) {
      this.used += 1
      return Promise.resolve(true)
    }
    return new Promise(resolve => this.waiting.push(resolve))
  }

  release(): void {
    const next = this.waiting.shift()
    if (next !== undefined && !this.closed) next(true)
    else this.used -= 1
  }

  close(): void {
    this.closed = true
    for (const waiter of this.waiting.splice(0)) waiter(false)
  }
}

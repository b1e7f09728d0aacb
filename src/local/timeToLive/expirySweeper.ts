/**
 * Runs the expiry sweep every `intervalMs` in the background, one sweep at a time, without keeping
 * the process alive; and on demand, for tests that must not wait.
 */
export class ExpirySweeper {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<number> | undefined

  constructor(
    private readonly sweep: () => Promise<number>,
    intervalMs: number
  ) {
    if (intervalMs > 0) {
      this.timer = setInterval(() => this.sweepInBackground(), intervalMs)
      this.timer.unref()
    }
  }

  /** Sweeps now, after any sweep under way; resolves with how many items this sweep deleted. */
  sweepNow(): Promise<number> {
    const previous = this.running ?? Promise.resolve(0)
    const current = previous.catch(() => 0).then(() => this.sweep())
    this.track(current)
    return current
  }

  /** No more sweeps start; resolves once the one under way (if any) has finished. */
  async stop(): Promise<void> {
    clearInterval(this.timer)
    this.timer = undefined
    await this.running?.catch(() => 0)
  }

  private sweepInBackground(): void {
    if (this.running !== undefined) return
    // A background sweep that fails is tried again at the next tick; its error must not become
    // an unhandled rejection, which would end the process hosting the backend.
    this.sweepNow().catch(() => 0)
  }

  private track(sweep: Promise<number>): void {
    this.running = sweep
    const clear = () => {
      if (this.running === sweep) this.running = undefined
    }
    sweep.then(clear, clear)
  }
}

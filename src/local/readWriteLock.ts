/**
 * Many readers or one writer, writers first. The embedded backend runs every ordinary request
 * under the shared side and every transaction (and every request whose answer depends on reading
 * and writing as one step) under the exclusive side: that is what makes transactions
 * all-or-nothing and serializable with single-item writes.
 */
export class ReadWriteLock {
  private readers = 0
  private writing = false
  private readonly waitingWriters: (() => void)[] = []
  private waitingReaders: (() => void)[] = []

  async shared<RESULT>(work: () => Promise<RESULT>): Promise<RESULT> {
    await this.acquireShared()
    try {
      return await work()
    } finally {
      this.releaseShared()
    }
  }

  async exclusive<RESULT>(work: () => Promise<RESULT>): Promise<RESULT> {
    await this.acquireExclusive()
    try {
      return await work()
    } finally {
      this.releaseExclusive()
    }
  }

  private acquireShared(): Promise<void> {
    if (!this.writing && this.waitingWriters.length === 0) {
      this.readers += 1
      return Promise.resolve()
    }
    return new Promise(resolve =>
      this.waitingReaders.push(() => {
        this.readers += 1
        resolve()
      })
    )
  }

  private releaseShared(): void {
    this.readers -= 1
    if (this.readers === 0) this.wakeWriter()
  }

  private acquireExclusive(): Promise<void> {
    if (!this.writing && this.readers === 0) {
      this.writing = true
      return Promise.resolve()
    }
    return new Promise(resolve =>
      this.waitingWriters.push(() => {
        this.writing = true
        resolve()
      })
    )
  }

  private releaseExclusive(): void {
    this.writing = false
    if (!this.wakeWriter()) {
      const readers = this.waitingReaders
      this.waitingReaders = []
      for (const wake of readers) wake()
    }
  }

  private wakeWriter(): boolean {
    if (this.writing || this.readers > 0) return false
    const next = this.waitingWriters.shift()
    if (next === undefined) return false
    next()
    return true
  }
}

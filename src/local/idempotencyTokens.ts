import { createHash } from 'node:crypto'

/** DynamoDB remembers a ClientRequestToken for 10 minutes after the call that used it. */
export const IDEMPOTENCY_WINDOW_MS = 10 * 60 * 1000

export type TokenCheck = 'new' | 'repeat' | 'mismatch'

/**
 * ClientRequestTokens of TransactWriteItems calls that succeeded: the same token with the same
 * input within the window succeeds again without applying anything; with another input it is an
 * IdempotentParameterMismatchException. Only the parameters that change what is written count
 * (DynamoDB Local accepts a repeat whose ReturnConsumedCapacity differs).
 */
export class IdempotencyTokens {
  private readonly tokens = new Map<string, { fingerprint: string; expiresAt: number }>()

  constructor(private readonly now: () => number = Date.now) {}

  check(token: string, transactItems: unknown): TokenCheck {
    this.forgetExpired()
    const known = this.tokens.get(token)
    if (known === undefined) return 'new'
    return known.fingerprint === fingerprintOf(transactItems) ? 'repeat' : 'mismatch'
  }

  remember(token: string, transactItems: unknown): void {
    // Re-inserted at the end, so the map stays in expiry order.
    this.tokens.delete(token)
    this.tokens.set(token, {
      fingerprint: fingerprintOf(transactItems),
      expiresAt: this.now() + IDEMPOTENCY_WINDOW_MS
    })
  }

  private forgetExpired(): void {
    const now = this.now()
    for (const [token, { expiresAt }] of this.tokens) {
      if (expiresAt > now) return
      this.tokens.delete(token)
    }
  }
}

function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64')
}

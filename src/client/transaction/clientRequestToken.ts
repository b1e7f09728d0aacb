import { randomUUID } from 'node:crypto'

import { ERROR_CODES, TransactionValidationError } from '../errors/index.js'
import { MAX_CLIENT_REQUEST_TOKEN_LENGTH } from '../limits.js'

/** The caller's idempotency token, checked before any call, or a new one (a UUID, 36 characters). */
export function resolveClientRequestToken(token: unknown, operation: string): string {
  if (token === undefined) return randomUUID()
  if (
    typeof token !== 'string' ||
    token.length < 1 ||
    token.length > MAX_CLIENT_REQUEST_TOKEN_LENGTH
  ) {
    throw new TransactionValidationError(
      ERROR_CODES.invalidOptions,
      `${operation}: clientRequestToken must be 1 to ${MAX_CLIENT_REQUEST_TOKEN_LENGTH} characters`
    )
  }
  return token
}

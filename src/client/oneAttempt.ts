import { retryMiddleware, retryMiddlewareOptions, StandardRetryStrategy } from '@smithy/core/retry'

/**
 * Makes the SDK send a command exactly once: the client's retry middleware is replaced, for this
 * command only, by one whose strategy allows a single attempt. monotable's engines own every
 * attempt of their calls (the count, the pauses, the abort signal, and what is safe to send
 * again); SDK retries inside one `send` would multiply theirs and hide each attempt's outcome.
 * The client keeps its own retries for everything else sent through it.
 */
const SINGLE_ATTEMPT = new StandardRetryStrategy(1)
const singleAttemptMiddleware = retryMiddleware({
  retryStrategy: () => Promise.resolve(SINGLE_ATTEMPT),
  maxAttempts: () => Promise.resolve(1)
} as Parameters<typeof retryMiddleware>[0])

interface SdkCommand {
  readonly middlewareStack: {
    add(middleware: unknown, options: typeof retryMiddlewareOptions): void
  }
}

export function withSingleAttempt<COMMAND extends object>(command: COMMAND): COMMAND {
  // Same name, `override: true`: replaces the client's retry middleware when the stacks merge.
  ;(command as unknown as SdkCommand).middlewareStack.add(
    singleAttemptMiddleware,
    retryMiddlewareOptions
  )
  return command
}

import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
import type { StartLocalOptions } from './startLocal.js'

export interface ResolvedLocalOptions {
  port: number
  host: string
  dataDir: string | undefined
  ttlSweepIntervalMs: number
  now: () => number
}

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_TTL_SWEEP_INTERVAL_MS = 1_000
/** setInterval's own limit; a longer interval would fire at once. */
const MAX_INTERVAL_MS = 2_147_483_647

/** Applies defaults and checks every option before anything is opened or bound. */
export function resolveLocalOptions(options: StartLocalOptions): ResolvedLocalOptions {
  const { port = 0, host = DEFAULT_HOST, dataDir, now = Date.now } = options
  const ttlSweepIntervalMs = options.ttlSweepIntervalMs ?? DEFAULT_TTL_SWEEP_INTERVAL_MS
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    fail('port must be an integer from 0 to 65535')
  }
  if (typeof host !== 'string' || host === '') fail('host must be a non-empty string')
  if (dataDir !== undefined && (typeof dataDir !== 'string' || dataDir === '')) {
    fail('dataDir must be a non-empty path')
  }
  if (
    !Number.isInteger(ttlSweepIntervalMs) ||
    ttlSweepIntervalMs < 0 ||
    ttlSweepIntervalMs > MAX_INTERVAL_MS
  ) {
    fail(`ttlSweepIntervalMs must be an integer from 0 to ${MAX_INTERVAL_MS}`)
  }
  if (typeof now !== 'function') fail('now must be a function returning epoch milliseconds')
  return { port, host, dataDir, ttlSweepIntervalMs, now }
}

function fail(message: string): never {
  throw new ValidationError(ERROR_CODES.invalidOptions, `startLocal: ${message}`)
}

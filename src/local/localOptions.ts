import { ERROR_CODES, ValidationError } from '../client/errors.js'
import type { StartLocalOptions } from './startLocal.js'

export interface ResolvedLocalOptions {
  port: number
  host: string
  dataDir: string | undefined
}

export const DEFAULT_HOST = '127.0.0.1'

/** Applies defaults and checks every option before anything is opened or bound. */
export function resolveLocalOptions(options: StartLocalOptions): ResolvedLocalOptions {
  const { port = 0, host = DEFAULT_HOST, dataDir } = options
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    fail('port must be an integer from 0 to 65535')
  }
  if (typeof host !== 'string' || host === '') fail('host must be a non-empty string')
  if (dataDir !== undefined && (typeof dataDir !== 'string' || dataDir === '')) {
    fail('dataDir must be a non-empty path')
  }
  return { port, host, dataDir }
}

function fail(message: string): never {
  throw new ValidationError(ERROR_CODES.invalidOptions, `startLocal: ${message}`)
}

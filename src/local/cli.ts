import { parseArgs } from 'node:util'

import { MonotableError } from '../client/errors/index.js'
import { DEFAULT_TTL_SWEEP_INTERVAL_MS } from './localOptions.js'
import { startLocal } from './startLocal.js'

const USAGE = `Usage: monotable local [--port <port>] [--host <host>] [--data-dir <dir>]
                      [--ttl-sweep-interval-ms <ms>]

Runs monotable's embedded DynamoDB-compatible backend (with transactions and time to live) until
interrupted. Point any DynamoDB client at the endpoint it prints, with any credentials and region.

  --port <port>                  port to listen on (default 8000; 0 picks a free one)
  --host <host>                  interface to bind (default 127.0.0.1)
  --data-dir <dir>               keep tables and items in <dir> across restarts (default: in
                                 memory); one backend at a time per directory
  --ttl-sweep-interval-ms <ms>   how often items whose time to live has passed are deleted
                                 (default ${DEFAULT_TTL_SWEEP_INTERVAL_MS}; 0: never)`

/** `monotable local`: the embedded backend from the command line. Resolves with an exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '8000' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      'ttl-sweep-interval-ms': { type: 'string', default: String(DEFAULT_TTL_SWEEP_INTERVAL_MS) },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  const port = Number(values.port)
  const ttlSweepIntervalMs = Number(values['ttl-sweep-interval-ms'])
  if (
    values.help ||
    positionals[0] !== 'local' ||
    !Number.isInteger(port) ||
    port < 0 ||
    port > 65_535 ||
    !Number.isInteger(ttlSweepIntervalMs) ||
    ttlSweepIntervalMs < 0
  ) {
    ;(values.help ? console.log : console.error)(USAGE)
    return values.help ? 0 : 2
  }
  // Signals are caught before the endpoint is printed: whoever reads it may stop us at once.
  const stopped = waitForStopSignal()
  let backend
  try {
    backend = await startLocal({
      port,
      host: values.host,
      ttlSweepIntervalMs,
      ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] })
    })
  } catch (error) {
    stopped.cancel()
    // A directory another backend holds, say: the message says it all, a stack would not help.
    if (!MonotableError.is(error)) throw error
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : ''
    console.error(`monotable local: ${error.message}${cause}`)
    return 1
  }
  console.log(`monotable local backend listening on ${backend.endpoint}`)
  await stopped.signal
  await backend.close()
  console.log('monotable local backend stopped')
  return 0
}

/** Resolves on the first SIGINT or SIGTERM, which then no longer end the process by themselves. */
function waitForStopSignal(): { signal: Promise<void>; cancel(): void } {
  let cancel = () => {}
  const signal = new Promise<void>(resolve => {
    cancel = () => {
      process.off('SIGINT', cancel)
      process.off('SIGTERM', cancel)
      resolve()
    }
    process.on('SIGINT', cancel)
    process.on('SIGTERM', cancel)
  })
  return { signal, cancel }
}

import { parseArgs } from 'node:util'

import { startLocal } from './startLocal.js'

const USAGE = `Usage: monotable local [--port <port>] [--host <host>]

Runs monotable's embedded DynamoDB-compatible backend (in memory, with transactions) until
interrupted. Point any DynamoDB client at the endpoint it prints, with any credentials and region.

  --port <port>   port to listen on (default 8000; 0 picks a free one)
  --host <host>   interface to bind (default 127.0.0.1)`

/** `monotable local`: the embedded backend from the command line. Resolves with an exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '8000' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  const port = Number(values.port)
  if (
    values.help ||
    positionals[0] !== 'local' ||
    !Number.isInteger(port) ||
    port < 0 ||
    port > 65_535
  ) {
    ;(values.help ? console.log : console.error)(USAGE)
    return values.help ? 0 : 2
  }
  const backend = await startLocal({ port, host: values.host })
  console.log(`monotable local backend listening on ${backend.endpoint}`)
  await new Promise<void>(resolve => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  await backend.close()
  console.log('monotable local backend stopped')
  return 0
}

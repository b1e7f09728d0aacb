import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'

/** `monotable local` running in a child process. */
export interface CliProcess {
  readonly child: ChildProcess
  /** Resolves with the endpoint from the "listening" line, or rejects with what it printed. */
  readonly endpoint: Promise<string>
  /** Sends SIGTERM (if still running) and resolves with the exit code. */
  stop(): Promise<number | null>
}

/** Starts `node bin/monotable.js local ...args`; stdout and stderr are kept for the assertions. */
export function startCli(args: readonly string[]): CliProcess {
  const child = spawn(process.execPath, ['bin/monotable.js', 'local', ...args], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const endpoint = new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const found = /listening on (\S+)/.exec(output)?.[1]
      if (found !== undefined) resolve(found)
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    void exited.then(code => reject(new Error(`exited with ${code}: ${output}`)))
  })
  endpoint.catch(() => undefined)
  return {
    child,
    endpoint,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return exited
    }
  }
}

/** Runs `monotable local ...args` that is expected to fail; resolves with its code and output. */
export async function runFailingCli(
  args: readonly string[]
): Promise<{ code: number | null; output: string }> {
  const cli = startCli(args)
  const output = await cli.endpoint.then(
    endpoint => `unexpectedly listening on ${endpoint}`,
    (error: Error) => error.message
  )
  return { code: await cli.stop(), output }
}

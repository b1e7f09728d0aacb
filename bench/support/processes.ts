import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'

export interface ChildServer {
  endpoint: string
  close(): Promise<void>
}

/**
 * Starts a helper process that prints a line with its endpoint (`... listening on http://...`),
 * so servers run on their own CPU time, apart from the client being measured.
 */
export async function startChildServer(
  command: string,
  args: readonly string[]
): Promise<ChildServer> {
  const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  const endpoint = await readEndpoint(child)
  return {
    endpoint,
    close: async () => {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  }
}

async function readEndpoint(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! })
  for await (const line of lines) {
    const endpoint = /(http:\/\/\S+)/.exec(line)?.[1]
    if (endpoint !== undefined) return endpoint
  }
  throw new Error('the helper process exited before printing its endpoint')
}

/** The embedded backend, as `npx monotable local` runs it. */
export function startBackendProcess(): Promise<ChildServer> {
  return startChildServer(process.execPath, ['bin/monotable.js', 'local', '--port', '0'])
}

/** A script of this repository run with tsx in its own process. */
export function startScriptProcess(script: string, args: readonly string[]): Promise<ChildServer> {
  return startChildServer(process.execPath, ['--import', 'tsx', script, ...args])
}

import { inspect } from 'node:util'

/** Everything a log line could show of an error: its inspection, its string and its JSON. */
export function logged(error: unknown): string {
  return inspect(error, { depth: 10 }) + String(error) + JSON.stringify(error)
}

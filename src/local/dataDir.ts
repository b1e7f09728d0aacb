import { mkdir, realpath } from 'node:fs/promises'
import { resolve } from 'node:path'

import { DataDirError, type DataDirProblem } from './dataDirError.js'
import { databaseOf } from './dynalite/database.js'
import type { Store } from './dynalite/internals.js'

/** A data directory this process has claimed; release it once its database is closed. */
export interface DataDirClaim {
  readonly path: string
  release(): void
}

/**
 * The directories open in this process. LevelDB refuses a second open of a directory its process
 * already holds, but on the way out it closes its file descriptor on `LOCK`, and closing any
 * descriptor of a file drops every POSIX lock the process holds on it: the first backend would
 * keep running with no lock, and another process could then open the same files. So a second
 * open in this process is refused here, before LevelDB sees it.
 */
const claimed = new Set<string>()

/** Creates the directory if needed and claims it for this process. */
export async function claimDataDir(dataDir: string): Promise<DataDirClaim> {
  let path = resolve(dataDir)
  try {
    await mkdir(path, { recursive: true })
    path = await realpath(path)
  } catch (error) {
    throw new DataDirError(path, 'unusable', { cause: error as Error })
  }
  if (claimed.has(path)) throw new DataDirError(path, 'openInThisProcess')
  claimed.add(path)
  return { path, release: () => claimed.delete(path) }
}

/**
 * Waits for dynalite's database to open. dynalite opens it lazily and would otherwise fail every
 * request later with "Database is not open"; here a lock held elsewhere is a {@link DataDirError}.
 */
export async function openStore(store: Store, dataDir: string | undefined): Promise<void> {
  try {
    await databaseOf(store).open()
  } catch (error) {
    if (dataDir === undefined) throw error
    throw new DataDirError(dataDir, problemOf(error), { cause: error as Error })
  }
}

function problemOf(openError: unknown): DataDirProblem {
  const cause = (openError as { cause?: { code?: unknown; message?: unknown } }).cause
  if (cause?.code !== 'LEVEL_LOCKED') return 'unusable'
  // LevelDB's words when the holder is this process: another worker thread, since a second
  // backend on this thread stops at the claim above.
  return String(cause.message).includes('already held by process')
    ? 'openInThisProcess'
    : 'openInAnotherProcess'
}

import type { Server } from 'node:http'

import { claimDataDir, openStore } from './dataDir.js'
import { createDynalite, type Store } from './dynalite/internals.js'
import { installPackratParsers } from './dynalite/packratParsers.js'

export interface OpenedDynalite {
  server: Server
  store: Store
  /** Gives the data directory back to this process once the store is closed (or never opened). */
  releaseDataDir(): void
}

/**
 * dynalite with tables ACTIVE at once, in memory or in `dataDir`, its database open: a data
 * directory another backend holds fails here, with a `DataDirError`, before any port is bound.
 */
export async function openDynalite(dataDir: string | undefined): Promise<OpenedDynalite> {
  installPackratParsers()
  const claim = dataDir === undefined ? undefined : await claimDataDir(dataDir)
  try {
    const { server, store } = createDynalite({
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
      ...(claim === undefined ? {} : { path: claim.path })
    })
    await openStore(store, claim?.path)
    return { server, store, releaseDataDir: () => claim?.release() }
  } catch (error) {
    claim?.release()
    throw error
  }
}

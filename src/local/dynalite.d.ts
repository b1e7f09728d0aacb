declare module 'dynalite' {
  import type { Server } from 'node:http'

  interface DynaliteOptions {
    createTableMs?: number
    deleteTableMs?: number
    updateTableMs?: number
    maxItemSizeKb?: number
    path?: string
    verbose?: boolean
    debug?: boolean
  }

  function dynalite(options?: DynaliteOptions): Server
  export default dynalite
}

import { afterAll, afterEach, beforeAll } from 'vitest'

import {
  createClient,
  type CreateClientOptions,
  ensureTable,
  type LocalBackend,
  type MonotableClient,
  startLocal
} from '../../src/index.js'
import { createShop, type Shop } from '../../src/shop/index.js'
import { type FaultProxy, FORWARD, startFaultProxy } from './faultProxy.js'

/** Retries as the defaults do, but with millisecond pauses so fault tests stay fast. */
export const FAST_RETRIES = { baseDelayMs: 1, maxDelayMs: 20 } as const

export interface TestBackend {
  local: LocalBackend
  /** A fault proxy in front of `local`; it forwards everything until given a policy. */
  proxy: FaultProxy
  /** Talks to the backend through the proxy. */
  client: MonotableClient
  shop: Shop
}

/**
 * The one shared integration setup: every test file gets its own embedded backend on a random
 * port, a fault proxy in front of it (back to forwarding after every test), a client and a
 * fresh shop table.
 */
export function useBackend(clientOptions: CreateClientOptions = FAST_RETRIES): TestBackend {
  const backend = {} as TestBackend
  beforeAll(async () => {
    backend.local = await startLocal()
    backend.proxy = await startFaultProxy(backend.local.endpoint)
    backend.client = createClient({ endpoint: backend.proxy.endpoint, ...clientOptions })
    backend.shop = createShop(backend.client)
    await ensureTable(backend.shop.table)
    backend.proxy.resetCounts()
  })
  // A test that fails half-way must not leave its faults on for the next one.
  afterEach(() => backend.proxy?.setPolicy(FORWARD))
  afterAll(async () => {
    backend.client?.destroy()
    await backend.proxy?.close()
    await backend.local?.close()
  })
  return backend
}

/**
 * A proxy adding network latency to every call, run as its own process by the concurrency
 * workload: `latencyProxy.ts <backend endpoint> <milliseconds>`.
 */
import { startFaultProxy } from '../../test/support/faultProxy.js'

const [target, delay = '10'] = process.argv.slice(2)
if (target === undefined) throw new Error('usage: latencyProxy.ts <endpoint> [milliseconds]')
const proxy = await startFaultProxy(target)
const delayMs = Number(delay)
proxy.setPolicy(() => ({ kind: 'forward', delayMs }))
console.log(`latency proxy listening on ${proxy.endpoint}`)
process.once('SIGTERM', () => void proxy.close().then(() => process.exit(0)))

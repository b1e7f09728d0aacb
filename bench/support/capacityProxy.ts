/**
 * A fault proxy in capacity mode, run as its own process by the goodput workload:
 * `capacityProxy.ts <backend endpoint> <write units per second> <burst seconds>`.
 * Each item written costs one unit per KB, counted as DynamoDB counts item sizes.
 */
import { utf8ItemSize } from '../../src/local/dynalite/utf8ItemSize.js'
import { capacityFaults } from '../../test/support/batchFaults.js'
import { startFaultProxy } from '../../test/support/faultProxy.js'

const [target, unitsPerSecond = '2000', burstSeconds = '0.1'] = process.argv.slice(2)
if (target === undefined) throw new Error('usage: capacityProxy.ts <endpoint> [units/s] [burst s]')
const proxy = await startFaultProxy(target)
proxy.setPolicy(
  capacityFaults({
    writeUnitsPerSecond: Number(unitsPerSecond),
    burstSeconds: Number(burstSeconds),
    sizeOf: attributes => utf8ItemSize(attributes as never)
  })
)
console.log(`capacity proxy listening on ${proxy.endpoint}`)
process.once('SIGTERM', () => void proxy.close().then(() => process.exit(0)))

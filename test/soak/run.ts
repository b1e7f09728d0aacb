/**
 * `npm run soak [-- --seed 7] [-- --quick]`: the retry contract under every fault, for a few
 * minutes, against the embedded backend and (when Java is present) AWS's DynamoDB Local, each
 * behind a fault-injecting proxy. Not part of `npm test`: it is long, and it is a soak.
 */
import { execFileSync } from 'node:child_process'
import { parseArgs } from 'node:util'

import { createClient, startLocal } from '../../src/index.js'
import { startDynamoDbLocal } from '../conformance/support/dynamoDbLocal.js'
import { startFaultProxy } from '../support/faultProxy.js'
import { runBankTransfers } from './bankTransfers.js'
import { runBatchHandBack } from './batchHandBack.js'
import { soakFaults } from './faults.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const { values } = parseArgs({
  options: { seed: { type: 'string', default: '1' }, quick: { type: 'boolean', default: false } }
})
const seed = Number(values.seed)
const scale = values.quick
  ? { transfersPerWorker: 60, writes: 3_000 }
  : { transfersPerWorker: 400, writes: 20_000 }

interface Backend {
  name: string
  endpoint: string
  close(): Promise<unknown>
}

function javaPresent(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const backends: (() => Promise<Backend>)[] = [
  async () => ({ name: 'embedded backend', ...(await startLocal()) })
]
if (javaPresent())
  backends.push(async () => ({ name: 'DynamoDB Local 3.3.0', ...(await startDynamoDbLocal()) }))
else console.log('java not found: DynamoDB Local skipped')

let failed = false
for (const start of backends) {
  const backend = await start()
  const proxy = await startFaultProxy(backend.endpoint)
  const faults = soakFaults(seed)
  proxy.setPolicy(faults.policy)
  // Short pauses so a soak of thousands of faults takes minutes; the rules are the defaults'.
  const client = createClient({ endpoint: proxy.endpoint, baseDelayMs: 10, maxDelayMs: 200 })
  const checker = createClient({ endpoint: backend.endpoint })
  const started = Date.now()
  try {
    const bank = await runBankTransfers({
      seed,
      accounts: 50,
      workers: 8,
      transfersPerWorker: scale.transfersPerWorker,
      client,
      checker
    })
    const batch = await runBatchHandBack({
      seed,
      writes: scale.writes,
      keys: 3_000,
      client,
      checker
    })
    const seconds = ((Date.now() - started) / 1_000).toFixed(0)
    console.log(`\n## ${backend.name} (seed ${seed}, ${seconds} s)`)
    console.log(`faults injected: ${JSON.stringify(faults.counts)}; HTTP calls: ${proxy.calls()}`)
    console.log(
      `bank: ${bank.transfers} transfers, ${bank.committed} committed, ${bank.refusedForFunds} refused for funds, ${bank.ambiguousResolved} ambiguous then resolved by re-sending the token, ${bank.resent} re-sends`
    )
    console.log(
      `batch: ${batch.writes} streamed writes over 3 entities, ${batch.written} written, ${batch.handedBack} handed back (ambiguous: ${batch.ambiguous > 0})`
    )
    const problems = [...bank.problems, ...batch.problems]
    console.log(problems.length === 0 ? 'checks: all passed' : `PROBLEMS:\n${problems.join('\n')}`)
    failed ||= problems.length > 0
  } finally {
    client.destroy()
    checker.destroy()
    await proxy.close()
    await backend.close()
  }
}
process.exit(failed ? 1 : 0)

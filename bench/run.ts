/**
 * `npm run bench [-- --quick]`: runs every workload, prints a markdown report and writes it to
 * bench/results.md. Every figure is the median of several runs, shown with min and max, and read
 * as a ratio against peers measured in the same run.
 */
import { writeFile } from 'node:fs/promises'

import { describeMachine } from './support/machine.js'
import { renderReport, type WorkloadReport } from './support/report.js'
import { backend } from './workloads/backend.js'
import { batchGet } from './workloads/batchGet.js'
import { bulkWrite } from './workloads/bulkWrite.js'
import { clientCpu } from './workloads/clientCpu.js'
import { concurrency } from './workloads/concurrency.js'
import { goodput } from './workloads/goodput.js'
import { placeOrder } from './workloads/placeOrder.js'
import { stream } from './workloads/stream.js'
import { testingKit } from './workloads/testingKit.js'
import { abortLatency } from './workloads/abortLatency.js'
import { featureCosts } from './workloads/featureCosts.js'
import { safeUpdate } from './workloads/safeUpdate.js'
import { scan } from './workloads/scan.js'
import { backfill } from './workloads/backfill.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const quick = process.argv.includes('--quick')
const RUNS = 5
/** CPU per item is judged against a 10% margin: more rounds, so that the noise cannot decide it. */
const CPU_RUNS = 15
/** A backfill of a million items through the stub takes minutes of CPU: fewer runs of it. */
const MEMORY_RUNS = 3
const sizes = quick
  ? {
      bulk: 1_000,
      latency: 1_000,
      cpu: 3_000,
      goodput: 2_000,
      keys: 1_000,
      stream: 20_000,
      roundTrips: 100,
      orders: 20,
      tests: 20,
      aborts: 10,
      updates: 100,
      featureCalls: 100,
      scan: 10_000,
      backfill: 2_000,
      backfillMemory: 10_000
    }
  : {
      bulk: 20_000,
      latency: 10_000,
      cpu: 20_000,
      goodput: 20_000,
      keys: 10_000,
      stream: 1_000_000,
      roundTrips: 1_000,
      orders: 200,
      tests: 100,
      aborts: 40,
      updates: 500,
      featureCalls: 500,
      scan: 100_000,
      backfill: 20_000,
      backfillMemory: 1_000_000
    }

const workloads: [string, () => Promise<WorkloadReport | WorkloadReport[]>][] = [
  ['bulk write', () => bulkWrite({ items: sizes.bulk, runs: RUNS })],
  ['concurrency', () => concurrency({ items: sizes.latency, runs: RUNS, latencyMs: 10 })],
  ['client CPU', () => clientCpu({ items: sizes.cpu, runs: CPU_RUNS })],
  [
    'goodput',
    () =>
      goodput({
        items: sizes.goodput,
        runs: RUNS,
        capacity: 2_000,
        shortRuns: { count: 30, items: 2_000 }
      })
  ],
  ['batchGet', () => batchGet({ keys: sizes.keys, runs: RUNS })],
  ['stream', () => stream({ items: sizes.stream, runs: RUNS })],
  ['backend', () => backend({ runs: RUNS, roundTrips: sizes.roundTrips })],
  ['placeOrder', () => placeOrder({ orders: sizes.orders, runs: RUNS })],
  ['testing kit', () => testingKit({ tests: sizes.tests, runs: RUNS })],
  ['abort latency', () => abortLatency({ trials: sizes.aborts })],
  ['safe update', () => safeUpdate({ updates: sizes.updates, runs: RUNS })],
  ['feature costs', () => featureCosts({ calls: sizes.featureCalls, runs: RUNS })],
  ['scan', () => scan({ items: sizes.scan, runs: RUNS })],
  [
    'backfill',
    () =>
      backfill({
        items: sizes.backfill,
        runs: RUNS,
        memoryItems: sizes.backfillMemory,
        memoryRuns: MEMORY_RUNS
      })
  ]
]

const started = new Date()
const sections: string[] = []
for (const [name, run] of workloads) {
  process.stderr.write(`bench: ${name}...\n`)
  const reports = [await run()].flat()
  for (const report of reports) {
    const section = renderReport(report)
    sections.push(section)
    console.log(`${section}\n`)
  }
}

const header = [
  '# monotable benchmarks',
  '',
  `${quick ? 'Quick run' : 'Full run'} of ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${describeMachine()}.`,
  `Every figure is the median of ${RUNS} runs (${CPU_RUNS} for client CPU, ${MEMORY_RUNS} for the backfill's memory; min and max beside it); ratios compare medians measured in this same run.`,
  'Reproduce with `npm run bench` (about 35 minutes, 17 of them the backfill of a million items) or `npm run bench -- --quick` (about two and a half minutes; smaller sizes, same workloads).',
  ''
]
await writeFile(
  'bench/results.md',
  `${[...header, ...sections].join('\n\n').replace(/\n{3,}/g, '\n\n')}\n`
)
console.log('wrote bench/results.md')

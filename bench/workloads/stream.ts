import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

import { MONOTABLE, type WorkloadReport } from '../support/report.js'
import { summarize } from '../support/stats.js'

const run = promisify(execFile)
const TARGET_PEAK_RSS_MB = 150

async function streamOnce(
  contender: string,
  items: number
): Promise<{ itemsPerSecond: number; peakRssMb: number }> {
  const { stdout } = await run(
    process.execPath,
    ['bench/support/streamChild.mjs', contender, String(items)],
    {
      maxBuffer: 1024 * 1024
    }
  )
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    itemsPerSecond: number
    peakRssMb: number
  }
}

/** 5. A generated stream through batchWrite into the stub transport: speed and peak memory. */
export async function stream(options: { items: number; runs: number }): Promise<WorkloadReport> {
  const rows = []
  let monotablePeak = Number.POSITIVE_INFINITY
  for (const [contender, label] of [
    ['monotable', `${MONOTABLE} (async generator)`],
    ['raw', 'raw DocumentClient, 25 at a time']
  ] as const) {
    const speeds: number[] = []
    const peaks: number[] = []
    for (let attempt = 0; attempt < options.runs; attempt += 1) {
      const { itemsPerSecond, peakRssMb } = await streamOnce(contender, options.items)
      speeds.push(itemsPerSecond)
      peaks.push(peakRssMb)
    }
    const peak = summarize(peaks)
    if (contender === 'monotable') monotablePeak = peak.max
    rows.push({
      contender: label,
      samples: speeds,
      notes: `peak RSS ${peak.median.toFixed(0)} MB (max ${peak.max.toFixed(0)})`
    })
  }
  return {
    title: `5. Streaming ${options.items.toLocaleString('en-US')} generated items (stub transport)`,
    unit: 'items/s',
    higherIsBetter: true,
    baseline: 'raw DocumentClient, 25 at a time',
    rows,
    target: {
      text: `monotable's peak RSS at most ${TARGET_PEAK_RSS_MB} MB (measured ${monotablePeak.toFixed(0)} MB at worst)`,
      met: monotablePeak <= TARGET_PEAK_RSS_MB
    },
    comment:
      'Each run is a process of its own, so peak RSS (resource usage maxRSS) covers the Node runtime and the SDK too.'
  }
}

import { type Summary, summarize } from './stats.js'

/** One contender's measurements in a workload. */
export interface Row {
  contender: string
  samples: number[]
  /** Extra figures for this contender (items lost, peak memory, ...), shown as they are. */
  notes?: string
}

export interface WorkloadReport {
  title: string
  /** What the numbers are, e.g. `items/s`. */
  unit: string
  higherIsBetter: boolean
  rows: Row[]
  /** The contender ratios are taken against: a name, or 'best peer' (the best row but monotable's). */
  baseline: string
  /** The goal this workload checks, and whether the run met it. */
  target?: { text: string; met: boolean }
  /** What the reader needs to know to read the table. */
  comment?: string
}

export const MONOTABLE = 'monotable'

export function baselineSummary(report: WorkloadReport): Summary {
  const summaries = report.rows.map(row => ({ row, summary: summarize(row.samples) }))
  if (report.baseline !== 'best peer') {
    const found = summaries.find(({ row }) => row.contender === report.baseline)
    if (found === undefined)
      throw new Error(`no baseline row '${report.baseline}' in ${report.title}`)
    return found.summary
  }
  const peers = summaries.filter(({ row }) => !row.contender.startsWith(MONOTABLE))
  const pickBest = (left: Summary, right: Summary) =>
    (report.higherIsBetter ? right.median > left.median : right.median < left.median) ? right : left
  return peers.map(({ summary }) => summary).reduce(pickBest)
}

/** `ratio` = median / baseline median: above 1 means more of the unit (faster, or costlier, per `unit`). */
export function renderReport(report: WorkloadReport): string {
  const baseline = baselineSummary(report)
  const lines = [
    `### ${report.title}`,
    '',
    ...(report.comment ? [report.comment, ''] : []),
    `| contender | median ${report.unit} | min | max | ratio to ${report.baseline} |${report.rows.some(row => row.notes) ? ' notes |' : ''}`,
    `|---|---:|---:|---:|---:|${report.rows.some(row => row.notes) ? '---|' : ''}`
  ]
  for (const row of report.rows) {
    const { median, min, max } = summarize(row.samples)
    const notes = report.rows.some(other => other.notes) ? ` ${row.notes ?? ''} |` : ''
    lines.push(
      `| ${row.contender} | ${format(median)} | ${format(min)} | ${format(max)} | ${formatRatio(median / baseline.median)} |${notes}`
    )
  }
  if (report.target)
    lines.push('', `Target: ${report.target.text}: **${report.target.met ? 'met' : 'not met'}**.`)
  return lines.join('\n')
}

function formatRatio(ratio: number): string {
  return ratio >= 0.1 ? `${ratio.toFixed(2)}x` : `${ratio.toPrecision(2)}x`
}

function format(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US')
  if (value >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

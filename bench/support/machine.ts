import { cpus, totalmem, type } from 'node:os'

/** A line naming what the numbers were measured on. */
export function describeMachine(): string {
  const processors = cpus()
  const model = processors[0]?.model.trim() ?? 'unknown CPU'
  const memoryGiB = (totalmem() / 1024 ** 3).toFixed(0)
  return `${processors.length} x ${model}, ${memoryGiB} GiB, ${type()} ${process.arch}, Node ${process.version}`
}

/** Medians, extremes and ratios of repeated measurements. */
export interface Summary {
  median: number
  min: number
  max: number
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((left, right) => left - right)
  const middle = Math.floor(sorted.length / 2)
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number }
}

/** Runs `measure` `runs` times (after `warmups` unmeasured runs) and returns the samples. */
export async function repeat(
  runs: number,
  measure: (run: number) => Promise<number>,
  warmups = 0
): Promise<number[]> {
  for (let run = 0; run < warmups; run += 1) await measure(-1 - run)
  const samples: number[] = []
  for (let run = 0; run < runs; run += 1) samples.push(await measure(run))
  return samples
}

/** Wall-clock seconds of `work`. */
export async function seconds(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await work()
  return (performance.now() - start) / 1_000
}

/**
 * Measures every contender `runs` times, taking turns (A, B, C, A, B, C, ...) after one warm-up
 * round, so that warming up, or a noisy moment on the machine, does not favour whoever runs first.
 */
export async function takeTurns<NAME extends string>(
  contenders: readonly (readonly [NAME, (run: number) => Promise<number>])[],
  runs: number
): Promise<Map<NAME, number[]>> {
  const samples = new Map<NAME, number[]>(contenders.map(([name]) => [name, []]))
  for (const [, measure] of contenders) await measure(-1)
  for (let run = 0; run < runs; run += 1) {
    for (const [name, measure] of contenders) samples.get(name)?.push(await measure(run))
  }
  return samples
}

/**
 * The ratio of two contenders measured in the same rounds, round by round: a noisy moment slows
 * both sides of a pair, so the spread of these ratios is the measurement's own.
 */
export function pairedRatios(
  numerators: readonly number[],
  denominators: readonly number[]
): Summary {
  return summarize(numerators.map((value, run) => value / (denominators[run] as number)))
}

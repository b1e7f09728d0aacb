/**
 * Progress for long batch runs: a bar redrawn in place on a terminal, a plain line every ten
 * percent otherwise (CI logs, pipes).
 */
export function progressReporter(
  label: string,
  total: number,
  output: NodeJS.WriteStream = process.stdout
) {
  const width = 30
  let lastDecile = -1
  return {
    update(done: number): void {
      const share = total === 0 ? 1 : Math.min(1, done / total)
      if (output.isTTY) {
        const filled = Math.round(share * width)
        output.write(
          `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`
        )
        return
      }
      const decile = Math.floor(share * 10)
      if (decile > lastDecile) {
        lastDecile = decile
        output.write(`${label}: ${done}/${total} (${decile * 10}%)\n`)
      }
    },
    finish(): void {
      if (output.isTTY) output.write('\n')
    }
  }
}

/** Helpers of the differential tests that hold a fast path to what toolbox does. */

/** One of `values`, drawn with `random`. */
export function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T
}

/** What a build does: its result, or its error's class and code (never its message, which may quote values). */
export function outcome(build: () => unknown): unknown {
  try {
    return { value: build() }
  } catch (error) {
    return { error: (error as Error).constructor.name, code: (error as { code?: unknown }).code }
  }
}

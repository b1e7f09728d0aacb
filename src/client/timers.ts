/** Timers the engines wait on: cancellable, and cut short by an AbortSignal. */

export interface Cancellable {
  promise: Promise<void>
  cancel(): void
}

/** Resolves after `ms`; `cancel()` clears the timer (the promise then never resolves). */
export function delay(ms: number): Cancellable {
  let timer: NodeJS.Timeout | undefined
  const promise = new Promise<void>(resolve => {
    timer = setTimeout(resolve, ms)
  })
  return { promise, cancel: () => clearTimeout(timer) }
}

/** Resolves once `signal` aborts; `cancel()` removes the listener. */
export function whenAborted(signal: AbortSignal): Cancellable {
  let onAbort: (() => void) | undefined
  const promise = new Promise<void>(resolve => {
    onAbort = () => resolve()
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', onAbort, { once: true })
  })
  return { promise, cancel: () => onAbort && signal.removeEventListener('abort', onAbort) }
}

/** Resolves after `ms`, or as soon as `signal` aborts, leaving no timer or listener behind. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  const timer = delay(ms)
  const aborted = signal === undefined ? undefined : whenAborted(signal)
  await Promise.race([timer.promise, ...(aborted ? [aborted.promise] : [])])
  timer.cancel()
  aborted?.cancel()
}

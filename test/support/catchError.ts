/** Resolves with what the promise (or function) threw; fails the test if nothing was thrown. */
export async function catchError(call: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof call === 'function' ? call() : call)
  } catch (error) {
    return error
  }
  throw new Error('expected an error, but the call succeeded')
}

/**
 * The outcome of one request inside a scenario that tries several: `'ok'`, or the error's name
 * and message, for scenarios that compare DynamoDB Local's exact messages (only where the
 * embedded backend reproduces them deliberately).
 */
export async function attempt(request: () => Promise<unknown>): Promise<string> {
  try {
    await request()
    return 'ok'
  } catch (error) {
    const { name, message } = error as Error
    return `${name}: ${message}`
  }
}

/** The outcome of each named request, tried one after the other. */
export async function attemptEach(
  requests: Record<string, () => Promise<unknown>>
): Promise<Record<string, string>> {
  const outcomes: Record<string, string> = {}
  for (const [name, request] of Object.entries(requests)) outcomes[name] = await attempt(request)
  return outcomes
}

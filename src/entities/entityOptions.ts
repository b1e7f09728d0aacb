import { type CallOptions, resolveCallPolicy } from '../client/callPolicy.js'
import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
import type { RetryPolicy } from '../client/retryPolicy.js'

/**
 * One name for "put the current item on a failed condition", everywhere: DynamoDB's
 * `ReturnValuesOnConditionCheckFailure`, which transactions already take. toolbox calls the same
 * option `returnValuesOnConditionFalse`; both are accepted.
 */
export interface OldItemOnFailureOption {
  /** `ALL_OLD` puts the item as it was on `ConditionFailedError.item` (or the cancellation reason's `item`). */
  returnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE'
}

/** What a single-item call takes besides toolbox's options: its attempts, pauses and signal. */
export type EntityCallOptions = CallOptions

const CALL_OPTIONS = ['signal', 'maxAttempts', 'baseDelayMs', 'maxDelayMs'] as const

export interface SplitOptions<TOOLBOX> {
  /** What toolbox is given: our option names translated, ours removed. */
  toolbox: TOOLBOX
  policy: RetryPolicy
  signal: AbortSignal | undefined
}

/**
 * A single-item call's options, checked before any I/O and split: toolbox's own (with
 * `returnValuesOnConditionCheckFailure` as toolbox's `returnValuesOnConditionFalse`), and the
 * call's attempts and signal over the client's policy.
 */
export function splitOptions<TOOLBOX extends object>(
  options: object | undefined,
  where: string,
  clientPolicy: RetryPolicy
): SplitOptions<TOOLBOX> {
  if (options === undefined)
    return { toolbox: {} as TOOLBOX, policy: clientPolicy, signal: undefined }
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(ERROR_CODES.invalidOptions, `${where}: options must be an object`)
  }
  const toolbox: Record<string, unknown> = { ...options }
  const call: Record<string, unknown> = {}
  for (const name of CALL_OPTIONS) {
    if (name in toolbox) {
      call[name] = toolbox[name]
      delete toolbox[name]
    }
  }
  const { policy, signal } = resolveCallPolicy(call as CallOptions, clientPolicy)
  return { toolbox: toToolboxOptions(toolbox, where) as TOOLBOX, policy, signal }
}

/** toolbox's options with our name for the old-item option translated to toolbox's. */
export function toToolboxOptions<OPTIONS extends object>(
  options: (OPTIONS & OldItemOnFailureOption) | undefined,
  where: string
): OPTIONS {
  if (options === undefined) return {} as OPTIONS
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(ERROR_CODES.invalidOptions, `${where}: options must be an object`)
  }
  if (!('returnValuesOnConditionCheckFailure' in options)) return options
  const { returnValuesOnConditionCheckFailure: ours, ...rest } = options
  const theirs = (rest as { returnValuesOnConditionFalse?: unknown }).returnValuesOnConditionFalse
  if (ours === undefined) return rest as OPTIONS
  if (ours !== 'ALL_OLD' && ours !== 'NONE') {
    throw new ValidationError(
      ERROR_CODES.invalidOptions,
      `${where}: returnValuesOnConditionCheckFailure must be 'ALL_OLD' or 'NONE'`
    )
  }
  if (theirs !== undefined && theirs !== ours) {
    throw new ValidationError(
      ERROR_CODES.invalidOptions,
      `${where}: returnValuesOnConditionCheckFailure and returnValuesOnConditionFalse disagree`
    )
  }
  return { ...rest, returnValuesOnConditionFalse: ours } as OPTIONS
}

import { ERROR_CODES, ValidationError } from '../client/errors.js'

/**
 * One name for "put the current item on a failed condition", everywhere: DynamoDB's
 * `ReturnValuesOnConditionCheckFailure`, which transactions already take. toolbox calls the same
 * option `returnValuesOnConditionFalse`; both are accepted.
 */
export interface OldItemOnFailureOption {
  /** `ALL_OLD` puts the item as it was on `ConditionFailedError.item` (or the cancellation reason's `item`). */
  returnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE'
}

/** toolbox's options with our name translated to toolbox's. */
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

import { EntityConditionParser } from 'dynamodb-toolbox/entity/actions/parseCondition'

import type { EntityModel } from './entityModel.js'

type Stored = Record<string, unknown>

/** The options the fast write paths take; anything else goes through toolbox. */
const FAST_OPTIONS = new Set(['condition', 'returnValuesOnConditionFalse'])
/** The other options toolbox's put and update know: ignored when undefined, as toolbox does. */
const TOOLBOX_OPTIONS = new Set(['capacity', 'metrics', 'returnValues', 'tableName'])

export interface FastOptions {
  /** `ConditionExpression` and `ReturnValuesOnConditionCheckFailure`, when given. */
  readonly params: Stored
  readonly names: Stored
  readonly values: Stored
}

/**
 * A fast write's options as toolbox's command turns them into parameters (the condition through
 * the fast path or toolbox's own parser), or `undefined` when an option needs toolbox.
 */
export function fastOptions(model: EntityModel, options: Stored): FastOptions | undefined {
  for (const [option, value] of Object.entries(options)) {
    if (FAST_OPTIONS.has(option)) continue
    // An unknown option is toolbox's error to give, even when its value is undefined.
    if (value !== undefined || !TOOLBOX_OPTIONS.has(option)) return undefined
  }
  const params: Stored = {}
  const returnValues = options.returnValuesOnConditionFalse
  if (returnValues !== undefined) {
    if (returnValues !== 'ALL_OLD' && returnValues !== 'NONE') return undefined
    params.ReturnValuesOnConditionCheckFailure = returnValues
  }
  if (options.condition === undefined) return { params, names: {}, values: {} }
  const { ExpressionAttributeNames, ExpressionAttributeValues, ConditionExpression } =
    model.fast?.condition(options.condition) ??
    model.entity.build(EntityConditionParser).parse(options.condition as never)
  params.ConditionExpression = ConditionExpression
  return { params, names: ExpressionAttributeNames ?? {}, values: ExpressionAttributeValues ?? {} }
}

/** The expression maps as toolbox sends them: present only when they hold something. */
export function expressionMaps(names: Stored, values: Stored): Stored {
  return {
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {})
  }
}

import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put'

import type { EntityModel } from './entityModel.js'
import { expressionMaps, fastOptions } from './fastOptions.js'

type Stored = Record<string, unknown>

export interface PutParams {
  readonly params: Stored
  /** The item as toolbox parsed it (attribute names, defaults applied), when toolbox built it. */
  readonly parsed: Stored | undefined
}

/**
 * A PutItem's parameters: from the entity's fast parser when its schema is plain and the options
 * are a condition at most (the stored item is what toolbox would store, `test/putParams.test.ts`
 * checks it), else from toolbox. Why: toolbox's parser is most of the client's CPU on a
 * transaction of puts (`npm run bench`, placeOrder), as it was on batches.
 */
export function putParams(model: EntityModel, item: Stored, options: Stored): PutParams {
  return fastPutParams(model, item, options) ?? toolboxPutParams(model, item, options)
}

export function toolboxPutParams(model: EntityModel, item: Stored, options: Stored): PutParams {
  const { ToolboxItem: parsed, ...params } = model.entity
    .build(PutItemCommand)
    .item(item as never)
    .options(options as never)
    .params()
  return { params, parsed: parsed as Stored }
}

export function fastPutParams(
  model: EntityModel,
  item: Stored,
  options: Stored
): PutParams | undefined {
  // Unique values plan their guards from the parsed item, which only toolbox gives.
  if (model.fast === undefined || model.unique.length > 0) return undefined
  const { entity } = model
  // The item first: toolbox reports a bad item before a bad condition.
  const Item = model.fast.put(item)
  if (Item === undefined) return undefined
  const optionParams = fastOptions(model, options)
  if (optionParams === undefined) return undefined
  const { params, names, values } = optionParams
  return {
    params: {
      TableName: entity.table.getName(),
      Item,
      ...params,
      ...expressionMaps(names, values)
    },
    parsed: undefined
  }
}

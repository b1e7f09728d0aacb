import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update'

import type { EntityModel } from './entityModel.js'
import { expressionMaps, fastOptions } from './fastOptions.js'

type Stored = Record<string, unknown>

/**
 * An UpdateItem's parameters: from the entity's fast path when its schema is plain and the update
 * only sets, adds and removes (`fastUpdate.ts`; `test/updateParams.test.ts` checks it builds what
 * toolbox builds), else from toolbox. Why: toolbox's parser is most of the client's CPU on a
 * transaction of updates (`npm run bench`, placeOrder).
 */
export function updateParams(model: EntityModel, update: Stored, options: Stored): Stored {
  return fastUpdateParams(model, update, options) ?? toolboxUpdateParams(model, update, options)
}

export function toolboxUpdateParams(model: EntityModel, update: Stored, options: Stored): Stored {
  const { ToolboxItem: _parsed, ...params } = model.entity
    .build(UpdateItemCommand)
    .item(update as never)
    .options(options as never)
    .params()
  return params
}

export function fastUpdateParams(
  model: EntityModel,
  update: Stored,
  options: Stored
): Stored | undefined {
  const fastUpdate = model.fast?.update
  if (fastUpdate === undefined) return undefined
  const built = fastUpdate(update)
  if (built === undefined) return undefined
  const optionParams = fastOptions(model, options)
  if (optionParams === undefined) return undefined
  const { params, names, values } = optionParams
  return {
    TableName: model.entity.table.getName(),
    Key: built.Key,
    UpdateExpression: built.UpdateExpression,
    ...params,
    ...expressionMaps(
      { ...names, ...built.ExpressionAttributeNames },
      { ...values, ...built.ExpressionAttributeValues }
    )
  }
}

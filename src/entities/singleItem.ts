import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient
} from '@aws-sdk/lib-dynamodb'
import type { Entity } from 'dynamodb-toolbox/entity'
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete'
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get'
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put'
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update'

import { ERROR_CODES, ValidationError } from '../client/errors.js'
import { formatterFor } from '../client/formatterFor.js'
import { measureItem } from '../client/itemSize.js'
import { MAX_ITEM_BYTES } from '../client/limits.js'
import { sendCommand } from '../client/sendCommand.js'
import { clientOf } from '../schema/defineTable.js'
import { toToolboxOptions } from './writeOptions.js'

type Stored = Record<string, unknown>
type Options = object | undefined

/**
 * The single-item calls: toolbox builds the parameters (parsing the input with the entity's
 * schema), monotable checks them against DynamoDB's limits and sends them, and the item that comes
 * back is formatted by the entity as toolbox would.
 */
export interface ItemOperations {
  put(item: unknown, options: Options): Promise<never>
  get(key: unknown, options: Options): Promise<never>
  update(item: unknown, options: Options): Promise<never>
  delete(key: unknown, options: Options): Promise<never>
}

export function createItemOperations(entity: Entity): ItemOperations {
  const name = entity.entityName
  const documentClient = (): DynamoDBDocumentClient => clientOf(entity.table).documentClient
  const format = (stored: Stored | undefined, partial = false): never =>
    (stored === undefined ? undefined : formatterFor(entity).format(stored, { partial })) as never

  return {
    async put(item, options) {
      const { ToolboxItem: _parsed, ...params } = entity
        .build(PutItemCommand)
        .item(item as never)
        .options(toToolboxOptions(options, `${name}.put`))
        .params()
      assertItemSize(name, 'put', measureItem(params.Item as Stored).itemBytes)
      const output = await sendCommand<{ Attributes?: Stored }>(
        documentClient(),
        new PutCommand(params)
      )
      return format(output.Attributes)
    },
    async get(key, options) {
      const getOptions = (options ?? {}) as { attributes?: string[] }
      const params = entity
        .build(GetItemCommand)
        .key(key as never)
        .options(getOptions)
        .params()
      const output = await sendCommand<{ Item?: Stored }>(documentClient(), new GetCommand(params))
      if (output.Item === undefined) return undefined as never
      return formatterFor(entity).format(output.Item, {
        attributes: getOptions.attributes as never
      }) as never
    },
    async update(item, options) {
      const toolboxOptions = toToolboxOptions<{ returnValues?: string }>(options, `${name}.update`)
      const { ToolboxItem: _parsed, ...params } = entity
        .build(UpdateItemCommand)
        .item(item as never)
        .options(toolboxOptions as never)
        .params()
      // What an update adds is its values; the stored item can still grow past the limit, which
      // only DynamoDB can tell.
      const valueBytes =
        measureItem(params.Key as Stored).itemBytes +
        measureItem((params.ExpressionAttributeValues as Stored | undefined) ?? {}).itemBytes
      assertItemSize(name, 'update', valueBytes)
      const output = await sendCommand<{ Attributes?: Stored }>(
        documentClient(),
        new UpdateCommand(params)
      )
      const { returnValues } = toolboxOptions
      return format(
        output.Attributes,
        returnValues === 'UPDATED_NEW' || returnValues === 'UPDATED_OLD'
      )
    },
    async delete(key, options) {
      const params = entity
        .build(DeleteItemCommand)
        .key(key as never)
        .options(toToolboxOptions(options, `${name}.delete`))
        .params()
      const output = await sendCommand<{ Attributes?: Stored }>(
        documentClient(),
        new DeleteCommand(params)
      )
      return format(output.Attributes)
    }
  }
}

function assertItemSize(entity: string, operation: string, itemBytes: number): void {
  if (itemBytes <= MAX_ITEM_BYTES) return
  throw new ValidationError(
    ERROR_CODES.itemTooLarge,
    `${entity}.${operation}: the item is ${itemBytes} bytes, over DynamoDB's ${MAX_ITEM_BYTES}-byte item limit`,
    { entity }
  )
}

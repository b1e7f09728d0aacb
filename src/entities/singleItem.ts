import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand
} from '@aws-sdk/lib-dynamodb'
import type { Entity } from 'dynamodb-toolbox/entity'
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete'
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get'
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put'
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update'

import {
  ConditionFailedError,
  ERROR_CODES,
  redactAwsError,
  ValidationError
} from '../client/errors/index.js'
import { formatterFor } from '../client/formatterFor.js'
import { measureItem } from '../client/itemSize.js'
import { MAX_ITEM_BYTES } from '../client/limits.js'
import { type RequestCommand, sendRequest } from '../client/sendRequest.js'
import type { RetryPolicy } from '../client/retryPolicy.js'
import { resolveClientRequestToken } from '../client/transaction/clientRequestToken.js'
import {
  cancellationReasonsOf,
  classifyTransactionAttempt
} from '../client/transaction/sendTransaction.js'
import { formatReturnedItem, toMonotableError } from '../client/translateError.js'
import { clientOf } from '../schema/defineTable.js'
import { splitOptions } from './entityOptions.js'
import { isRepeatableUpdate } from './updateSafety.js'

type Stored = Record<string, unknown>
type Options = object | undefined

/**
 * The single-item calls: toolbox builds the parameters (parsing the input with the entity's
 * schema), monotable checks them against DynamoDB's limits and sends them through the engine that
 * owns every attempt, and the item that comes back is formatted by the entity as toolbox would.
 */
export interface ItemOperations {
  put(item: unknown, options: Options): Promise<never>
  get(key: unknown, options: Options): Promise<never>
  update(item: unknown, options: Options): Promise<never>
  delete(key: unknown, options: Options): Promise<never>
}

/** What `update` takes besides toolbox's options. */
interface UpdateExtras {
  returnValues?: string
  exactlyOnce?: boolean
  clientRequestToken?: string
}

export function createItemOperations(entity: Entity): ItemOperations {
  const name = entity.entityName
  const client = () => clientOf(entity.table)
  const format = (stored: Stored | undefined, partial = false): never =>
    (stored === undefined ? undefined : formatterFor(entity).format(stored, { partial })) as never
  /** Sends a plain request with the call's policy; `repeatable` says if a lost answer may be re-sent. */
  const send = async <OUTPUT>(
    command: RequestCommand,
    call: { policy: RetryPolicy; signal: AbortSignal | undefined },
    repeatable = true
  ) => (await sendRequest<OUTPUT>(client().documentClient, command, { ...call, repeatable })).output

  return {
    async put(item, options) {
      const { toolbox, ...call } = splitOptions(options, `${name}.put`, client().retryPolicy)
      const { ToolboxItem: _parsed, ...params } = entity
        .build(PutItemCommand)
        .item(item as never)
        .options(toolbox)
        .params()
      assertItemSize(name, 'put', measureItem(params.Item as Stored).itemBytes)
      const output = await send<{ Attributes?: Stored }>(new PutCommand(params), call)
      return format(output.Attributes)
    },

    async get(key, options) {
      const { toolbox, ...call } = splitOptions<{ attributes?: string[] }>(
        options,
        `${name}.get`,
        client().retryPolicy
      )
      const params = entity
        .build(GetItemCommand)
        .key(key as never)
        .options(toolbox)
        .params()
      const output = await send<{ Item?: Stored }>(new GetCommand(params), call)
      if (output.Item === undefined) return undefined as never
      return formatterFor(entity).format(output.Item, {
        attributes: toolbox.attributes as never
      }) as never
    },

    async update(item, options) {
      const where = `${name}.update`
      const { toolbox, ...call } = splitOptions<UpdateExtras>(options, where, client().retryPolicy)
      const { exactlyOnce = true, clientRequestToken, ...toolboxOptions } = toolbox
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
      const { returnValues } = toolboxOptions
      const repeatable = isRepeatableUpdate(item)
      const returnsValues = returnValues !== undefined && returnValues !== 'NONE'
      if (!repeatable && exactlyOnce && !returnsValues) {
        await updateOnce(entity, params, call, resolveClientRequestToken(clientRequestToken, where))
        return undefined as never
      }
      const output = await send<{ Attributes?: Stored }>(
        new UpdateCommand(params),
        call,
        repeatable
      )
      return format(
        output.Attributes,
        returnValues === 'UPDATED_NEW' || returnValues === 'UPDATED_OLD'
      )
    },

    async delete(key, options) {
      const { toolbox, ...call } = splitOptions(options, `${name}.delete`, client().retryPolicy)
      const params = entity
        .build(DeleteItemCommand)
        .key(key as never)
        .options(toolbox)
        .params()
      const output = await send<{ Attributes?: Stored }>(new DeleteCommand(params), call)
      return format(output.Attributes)
    }
  }
}

/**
 * An update that is not idempotent, sent as a one-action TransactWriteItems under a
 * ClientRequestToken: DynamoDB applies a token's transaction once, so every attempt after one
 * whose answer was lost is safe, and the update applies exactly once. (It costs two write units on
 * DynamoDB, as every transactional write does.)
 */
async function updateOnce(
  entity: Entity,
  params: Stored,
  call: { policy: RetryPolicy; signal: AbortSignal | undefined },
  clientRequestToken: string
): Promise<void> {
  const { ReturnValues: _none, ReturnConsumedCapacity: _capacity, ...update } = params
  const command = new TransactWriteCommand({
    TransactItems: [{ Update: update }] as never,
    ClientRequestToken: clientRequestToken
  })
  try {
    await sendRequest(clientOf(entity.table).documentClient, command, {
      ...call,
      repeatable: true,
      classify: classifyTransactionAttempt
    })
  } catch (error) {
    const [reason] = cancellationReasonsOf(error) ?? []
    const context = {
      entity: entity.entityName,
      operation: 'update',
      clientRequestToken,
      formatItem: (stored: Stored) => formatterFor(entity).format(stored)
    }
    if (reason?.Code !== 'ConditionalCheckFailed') throw toMonotableError(error, context)
    throw new ConditionFailedError(
      entity.entityName,
      'update',
      reason.Item === undefined ? undefined : formatReturnedItem(reason.Item, context),
      redactAwsError(error)
    )
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

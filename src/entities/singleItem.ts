import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get'

import { sendRequest } from '../client/sendRequest.js'
import { resolveClientRequestToken } from '../client/transaction/clientRequestToken.js'
import type { PlannedAction } from '../client/transaction/transactionActions.js'
import { clientOf } from '../schema/defineTable.js'
import { splitOptions, toToolboxOptions } from './entityOptions.js'
import { projectedAttributes } from './projection.js'
import { prepareInput } from './writes/writeInputs.js'
import type { EntityModel } from './writes/entityModel.js'
import { draftRewrite } from './writes/rewrite.js'
import { planAndRun } from './writes/runWrite.js'
import {
  completeWrite,
  type DraftWrite,
  draftDelete,
  draftPart,
  draftPut,
  draftUpdate,
  type ReadCurrent
} from './writes/writePlans.js'

type Stored = Record<string, unknown>
type Options = object | undefined

/**
 * The single-item calls and the transaction builders of an entity: toolbox builds the parameters
 * (parsing the input with the entity's schema), the entity's features add theirs (existence,
 * versions, unique values; see `writes/writePlans.ts`), monotable checks them against DynamoDB's
 * limits and sends them through the engine that owns every attempt, and an item that comes back is
 * read as the entity reads items.
 */
export interface ItemOperations {
  put(item: unknown, options: Options): Promise<never>
  get(key: unknown, options: Options): Promise<never>
  update(item: unknown, options: Options): Promise<never>
  upsert(item: unknown, options: Options): Promise<never>
  delete(key: unknown, options: Options): Promise<never>
  transactPut(item: unknown, options: Options): PlannedAction
  transactUpdate(item: unknown, options: Options): PlannedAction
  transactUpsert(item: unknown, options: Options): PlannedAction
  transactDelete(key: unknown, options: Options): PlannedAction
  /** A put that applies only if the item is still as read (`basis`, as stored): see `rewrite.ts`. */
  rewrite(item: unknown, basis: Stored, options: Options): Promise<void>
  transactRewrite(item: unknown, basis: Stored): PlannedAction
}

interface WriteOptions {
  toolbox: Omit<UpdateExtras, 'exactlyOnce' | 'clientRequestToken'> & Record<string, unknown>
  run: Parameters<typeof planAndRun>[3]
}

/** What a single update takes besides toolbox's options. */
interface UpdateExtras {
  returnValues?: string
  exactlyOnce?: boolean
  clientRequestToken?: string
  includeExpired?: boolean
}

export function createItemOperations(model: EntityModel): ItemOperations {
  const { entity, name } = model
  const client = () => clientOf(entity.table)
  const readCurrent: ReadCurrent = async key => {
    const { output } = await sendRequest<{ Item?: Stored }>(
      client().documentClient,
      new GetCommand({ TableName: entity.table.getName(), Key: key, ConsistentRead: true }),
      { policy: client().retryPolicy, repeatable: true }
    )
    return output.Item
  }
  const read = (stored: Stored | undefined, partial = false): never =>
    (stored === undefined
      ? undefined
      : model.reader.read(stored, { partial, includeExpired: true })) as never

  /** A write's options split into toolbox's, the call's policy, and how updates are sent. */
  const writeOptions = (options: Options, operation: string): WriteOptions => {
    const { toolbox, ...call } = splitOptions<UpdateExtras & Record<string, unknown>>(
      options,
      `${name}.${operation}`,
      client().retryPolicy
    )
    const { exactlyOnce = true, clientRequestToken, ...rest } = toolbox
    const run = {
      call,
      exactlyOnce,
      clientRequestToken: resolveClientRequestToken(clientRequestToken, `${name}.${operation}`),
      returnValues: rest.returnValues,
      readAfter: readCurrent
    }
    // A transaction cannot return values: such an update goes as UpdateItem.
    const returnsValues = rest.returnValues !== undefined && rest.returnValues !== 'NONE'
    return { toolbox: rest, run: { ...run, exactlyOnce: exactlyOnce && !returnsValues } }
  }
  const updated = (attributes: Stored | undefined, toolbox: UpdateExtras) =>
    read(
      attributes,
      toolbox.returnValues === 'UPDATED_NEW' || toolbox.returnValues === 'UPDATED_OLD'
    )

  /**
   * A transaction builder: drafted (and checked) when the transaction is sent, completed with a
   * read of the item when unique values may move.
   */
  const planned = (
    kind: PlannedAction['kind'],
    operation: string,
    input: unknown,
    options: Options,
    draft: (toolbox: Stored) => DraftWrite
  ): PlannedAction => {
    const toolbox = toToolboxOptions<Stored>(options as Stored | undefined, `${name}.${operation}`)
    // What can be checked without the table is checked now, as toolbox's builders do.
    prepareInput(model, input, operation)
    let drafted: DraftWrite | undefined
    const once = () => (drafted ??= draft(toolbox))
    return {
      entity,
      kind,
      draft: () => draftPart(model, once()),
      plan: async () => (await completeWrite(model, once(), readCurrent)).parts
    }
  }
  /** A single write: drafted and completed again each time the item changed under it. */
  const write = (operation: string, run: WriteOptions['run'], draft: () => DraftWrite) =>
    planAndRun(model, operation, () => completeWrite(model, draft(), readCurrent), run)

  return {
    async put(item, options) {
      const { toolbox, run } = writeOptions(options, 'put')
      return read(await write('put', run, () => draftPut(model, item, toolbox)))
    },

    async get(key, options) {
      const { toolbox, ...call } = splitOptions<{
        attributes?: string[]
        includeExpired?: boolean
      }>(options, `${name}.get`, client().retryPolicy)
      const { includeExpired, ...getOptions } = toolbox
      const attributes = projectedAttributes(entity, getOptions.attributes, 'get')
      const params = entity
        .build(GetItemCommand)
        .key(key as never)
        .options({ ...getOptions, ...(attributes === undefined ? {} : { attributes }) })
        .params()
      const { output } = await sendRequest<{ Item?: Stored }>(
        client().documentClient,
        new GetCommand(params),
        { ...call, repeatable: true }
      )
      if (output.Item === undefined) return undefined as never
      return model.reader.read(output.Item, {
        ...(attributes === undefined ? {} : { attributes }),
        ...(includeExpired === undefined ? {} : { includeExpired })
      }) as never
    },

    async update(item, options) {
      const { toolbox, run } = writeOptions(options, 'update')
      return updated(
        await write('update', run, () => draftUpdate(model, item, toolbox, false)),
        toolbox
      )
    },

    async upsert(item, options) {
      const { toolbox, run } = writeOptions(options, 'upsert')
      return updated(
        await write('upsert', run, () => draftUpdate(model, item, toolbox, true)),
        toolbox
      )
    },

    async delete(key, options) {
      const { toolbox, run } = writeOptions(options, 'delete')
      return read(await write('delete', run, () => draftDelete(model, key, toolbox)))
    },

    transactPut: (item, options) =>
      planned('put', 'transactPut', item, options, toolbox => draftPut(model, item, toolbox)),
    transactUpdate: (item, options) =>
      planned('update', 'transactUpdate', item, options, toolbox =>
        draftUpdate(model, item, toolbox, false)
      ),
    transactUpsert: (item, options) =>
      planned('update', 'transactUpsert', item, options, toolbox =>
        draftUpdate(model, item, toolbox, true)
      ),
    transactDelete: (key, options) =>
      planned('delete', 'transactDelete', key, options, toolbox =>
        draftDelete(model, key, toolbox)
      ),

    async rewrite(item, basis, options) {
      const { toolbox, run } = writeOptions(options, 'rewrite')
      await write('rewrite', run, () => draftRewrite(model, item, basis, toolbox))
    },
    transactRewrite: (item, basis) =>
      planned('put', 'rewrite', item, undefined, toolbox =>
        draftRewrite(model, item, basis, toolbox)
      )
  }
}

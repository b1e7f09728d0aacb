import {
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand
} from '@aws-sdk/lib-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'

import { summarizeAttempts } from '../../client/attemptHistory.js'
import {
  awsErrorName,
  ConditionFailedError,
  type FailureExplanation,
  type MonotableError,
  NotFoundError,
  redactAwsError,
  UniqueConstraintError,
  VersionConflictError
} from '../../client/errors/index.js'
import type { RetryPolicy } from '../../client/retryPolicy.js'
import { sendRequest } from '../../client/sendRequest.js'
import {
  cancellationReasonsOf,
  classifyTransactionAttempt
} from '../../client/transaction/sendTransaction.js'
import {
  asTransactionParams,
  type PlannedPart
} from '../../client/transaction/transactionActions.js'
import { toMonotableError } from '../../client/translateError.js'
import { clientOf } from '../../schema/defineTable.js'
import type { EntityModel } from './entityModel.js'
import type { WritePlan } from './writePlans.js'

type Stored = Record<string, unknown>
/** An item as DynamoDB returns it on a failed condition: still marshalled. */
type RawItem = Parameters<typeof unmarshall>[0]

export interface WriteCall {
  policy: RetryPolicy
  signal: AbortSignal | undefined
}

export interface WriteRun {
  operation: string
  call: WriteCall
  /** A plan of one part that is not repeatable goes as a one-action transaction (updates). */
  exactlyOnce: boolean
  clientRequestToken: string
  /** What the caller asked to get back (`ReturnValues`). */
  returnValues?: string | undefined
  /** Reads the item after a write sent as a transaction, for `ALL_NEW`/`UPDATED_NEW`. */
  readAfter?: (key: Stored) => Promise<Stored | undefined>
}

/** The item changed between the read a plan was made with and its write: plan again. */
export class StalePlan extends Error {}

const COMMANDS = { Put: PutCommand, Update: UpdateCommand, Delete: DeleteCommand } as const

/**
 * Sends an entity write's plan: one part as a single-item call (PutItem, UpdateItem, DeleteItem),
 * or, for guards of unique values and for updates that must apply exactly once, every part as one
 * transaction under a ClientRequestToken. A failed condition becomes the error that says why:
 * NotFoundError, VersionConflictError, UniqueConstraintError or ConditionFailedError.
 *
 * @returns the `Attributes` DynamoDB returned (single-item calls only)
 */
export async function runWrite(
  model: EntityModel,
  plan: WritePlan,
  run: WriteRun
): Promise<Stored | undefined> {
  const [first] = plan.parts
  if (first === undefined) return undefined
  const single = plan.parts.length === 1 && (plan.repeatable || !run.exactlyOnce)
  if (single && first.field !== 'ConditionCheck') {
    const command = new COMMANDS[first.field](first.params as never)
    try {
      const { output } = await sendRequest<{ Attributes?: Stored }>(
        clientOf(model.entity.table).documentClient,
        command,
        { ...run.call, repeatable: plan.repeatable }
      )
      return output.Attributes
    } catch (error) {
      if (awsErrorName(error) !== 'ConditionalCheckFailedException') {
        throw toMonotableError(error, { entity: model.name, operation: run.operation })
      }
      throw failureError(model, run.operation, first, (error as { Item?: RawItem }).Item, error)
    }
  }
  const command = new TransactWriteCommand({
    TransactItems: plan.parts.map(part => ({
      [part.field]: asTransactionParams(part.params)
    })) as never,
    ClientRequestToken: run.clientRequestToken
  })
  try {
    await sendRequest(clientOf(model.entity.table).documentClient, command, {
      ...run.call,
      repeatable: true,
      classify: classifyTransactionAttempt
    })
  } catch (error) {
    const reasons = cancellationReasonsOf(error)
    const failed = reasons?.findIndex(reason => reason.Code === 'ConditionalCheckFailed') ?? -1
    const part = plan.parts[failed]
    if (reasons === undefined || part === undefined) {
      throw toMonotableError(error, {
        entity: model.name,
        operation: run.operation,
        clientRequestToken: run.clientRequestToken
      })
    }
    throw failureError(model, run.operation, part, reasons[failed]?.Item, error)
  }
  return valuesAfterTransaction(plan, run)
}

/**
 * A transaction returns no item: what the caller asked for is the item as read to plan the write
 * (`ALL_OLD`, `UPDATED_OLD`), or as read right after it (`ALL_NEW`, `UPDATED_NEW`: not atomic with
 * the write, so another writer's change may show).
 */
async function valuesAfterTransaction(plan: WritePlan, run: WriteRun): Promise<Stored | undefined> {
  switch (run.returnValues) {
    case 'ALL_OLD':
    case 'UPDATED_OLD':
      return plan.current
    case 'ALL_NEW':
    case 'UPDATED_NEW':
      return run.readAfter?.(plan.key)
    default:
      return undefined
  }
}

/** The error a failed condition of `part` means; a {@link StalePlan} when the item changed. */
function failureError(
  model: EntityModel,
  operation: string,
  part: PlannedPart,
  rawItem: RawItem | undefined,
  error: unknown
): MonotableError | StalePlan {
  const current = rawItem === undefined ? undefined : unmarshall(rawItem)
  const explanation: FailureExplanation = part.explain?.(current) ?? { failure: 'condition' }
  const cause = redactAwsError(error)
  const ambiguous = summarizeAttempts(error)?.ambiguous ?? false
  const item =
    current === undefined || part.hideOldItem === true ? undefined : readQuietly(model, current)
  switch (explanation.failure) {
    case 'changed':
      return new StalePlan()
    case 'notFound':
      return new NotFoundError(model.name, operation)
    case 'version':
      return new VersionConflictError(model.name, operation, item, cause, ambiguous)
    case 'unique':
      return new UniqueConstraintError(model.name, operation, explanation.constraint ?? '', cause)
    default:
      return new ConditionFailedError(model.name, operation, item, cause, ambiguous)
  }
}

/** The item as the entity reads it, for an error's `item`; as stored when it cannot be read. */
function readQuietly(model: EntityModel, stored: Stored): unknown {
  try {
    return model.reader.read(stored, { includeExpired: true })
  } catch {
    return stored
  }
}

/** Plans and runs a write, planning again (a few times) when the item changed under it. */
export async function planAndRun(
  model: EntityModel,
  operation: string,
  plan: () => Promise<WritePlan>,
  run: Omit<WriteRun, 'operation'>
): Promise<Stored | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await runWrite(model, await plan(), { ...run, operation })
    } catch (error) {
      if (!(error instanceof StalePlan)) throw error
      if (attempt >= MAX_REPLANS) {
        throw new ConditionFailedError(model.name, operation, undefined, new Error('ItemChanged'))
      }
    }
  }
}

/** The item kept changing between read and write this many times: give up, it is contended. */
const MAX_REPLANS = 4

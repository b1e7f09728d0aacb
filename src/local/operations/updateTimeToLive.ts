import { type ActionValidation, validateWith, validationFailure } from '../dynalite/internals.js'
import { TIME_TO_LIVE_MESSAGES as MESSAGES } from '../timeToLive/timeToLiveMessages.js'
import type { LocalContext, Request, Response } from './context.js'
import { getExistingTable } from './existingTable.js'

/** An attribute name is 1 to 255 bytes of UTF-8. */
const MAX_ATTRIBUTE_NAME_BYTES = 255

const VALIDATION: ActionValidation = {
  types: {
    TableName: { type: 'String', required: true, tableName: true, regex: '[a-zA-Z0-9_.-]+' },
    TimeToLiveSpecification: {
      type: 'FieldStruct<TimeToLiveSpecification>',
      children: { AttributeName: 'String', Enabled: 'Boolean' }
    }
  }
}

interface Specification {
  AttributeName?: string
  Enabled?: boolean
}

/**
 * UpdateTimeToLive, which dynalite lacks, as DynamoDB Local 3.3.0 answers it: the change takes
 * effect at once (no ENABLING or DISABLING, and no one-change-per-hour limit). The checks come in
 * Local's order: the table name, the table, then the specification. Enabling needs a valid name
 * and TTL disabled; disabling needs TTL enabled on that same attribute.
 */
export async function updateTimeToLive(context: LocalContext, request: Request): Promise<Response> {
  const data = validateWith(context.store, VALIDATION, structuredClone(request))
  // Exclusive: two updates of one table must not both see TTL disabled.
  return context.lock.exclusive(async () => {
    const table = await getExistingTable(context.store, data.TableName as string)
    const specification = data.TimeToLiveSpecification as Specification | undefined
    if (specification === undefined) throw validationFailure(MESSAGES.missingSpecification)
    const { AttributeName, Enabled } = specification
    if (AttributeName === undefined || Enabled === undefined) {
      throw validationFailure(MESSAGES.missingAttributeName)
    }
    const current = await context.timeToLive.attributeOf(table)
    if (Enabled) {
      const bytes = Buffer.byteLength(AttributeName, 'utf8')
      if (bytes < 1 || bytes > MAX_ATTRIBUTE_NAME_BYTES) {
        throw validationFailure(MESSAGES.attributeNameLength)
      }
      if (current !== undefined) {
        throw validationFailure(
          current === AttributeName ? MESSAGES.alreadyEnabled : MESSAGES.otherAttribute
        )
      }
      await context.timeToLive.enable(table, AttributeName)
    } else {
      if (current === undefined) throw validationFailure(MESSAGES.alreadyDisabled)
      if (current !== AttributeName) throw validationFailure(MESSAGES.otherAttribute)
      await context.timeToLive.disable(table.TableName)
    }
    return { TimeToLiveSpecification: { Enabled, AttributeName } }
  })
}

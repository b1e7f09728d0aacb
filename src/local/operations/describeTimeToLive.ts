import { describeTimeToLiveValidation, validateWith } from '../dynalite/internals.js'
import type { LocalContext, Request, Response } from './context.js'
import { getExistingTable } from './existingTable.js'

/**
 * DescribeTimeToLive from the table's stored setting (dynalite always answers DISABLED):
 * `ENABLED` with the attribute, or `DISABLED` alone, as DynamoDB Local 3.3.0 answers; never the
 * real service's passing `ENABLING` or `DISABLING`, since changes take effect at once.
 */
export async function describeTimeToLive(
  context: LocalContext,
  request: Request
): Promise<Response> {
  const data = validateWith(context.store, describeTimeToLiveValidation, structuredClone(request))
  return context.lock.shared(async () => {
    const table = await getExistingTable(context.store, data.TableName as string)
    const AttributeName = await context.timeToLive.attributeOf(table)
    return {
      TimeToLiveDescription:
        AttributeName === undefined
          ? { TimeToLiveStatus: 'DISABLED' }
          : { TimeToLiveStatus: 'ENABLED', AttributeName }
    }
  })
}

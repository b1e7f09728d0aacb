import { item } from 'dynamodb-toolbox/schema/item'
import { string } from 'dynamodb-toolbox/schema/string'

import type { SingleTable } from '../schema/defineTable.js'
import { defineEntity } from '../entities/defineEntity.js'

/**
 * A marketing lead: a prospective customer, imported in bulk (the demo and the benchmarks load
 * thousands with batchWrite). Unlike customers, leads may share an email, so batch writes suit them.
 */
export function defineLead<TABLE extends SingleTable>(table: TABLE) {
  return defineEntity(table, {
    name: 'Lead',
    schema: item({
      leadId: string().key(),
      email: string(),
      name: string()
    }),
    key: { pk: 'LEAD#<leadId>', sk: 'LEAD' }
  })
}

import { item } from 'dynamodb-toolbox/schema/item'
import { string } from 'dynamodb-toolbox/schema/string'

import type { SingleTable } from '../schema/defineTable.js'
import { defineEntity } from '../entities/defineEntity.js'

/** Addresses compare without case and surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** A customer; no two customers hold one email (compared as {@link normalizeEmail} does). */
export function defineCustomer<TABLE extends SingleTable>(table: TABLE) {
  return defineEntity(table, {
    name: 'Customer',
    schema: item({
      customerId: string().key(),
      email: string(),
      name: string()
    }),
    key: { pk: 'CUSTOMER#<customerId>', sk: 'CUSTOMER' },
    unique: { email: { attributes: ['email'], normalize: normalizeEmail } }
  })
}

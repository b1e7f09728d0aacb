import { item } from 'dynamodb-toolbox/schema/item'
import { string } from 'dynamodb-toolbox/schema/string'

import type { SingleTable } from '../schema/defineTable.js'
import { defineEntity } from '../entities/defineEntity.js'

/**
 * The uniqueness item behind "one customer per email": it exists exactly when a customer holds the
 * address, and is written in the same transaction as the customer, so two customers can never
 * claim one address. Its key is the normalised address (see {@link normalizeEmail}).
 */
export function defineCustomerEmail<TABLE extends SingleTable>(table: TABLE) {
  return defineEntity(table, {
    name: 'CustomerEmail',
    schema: item({
      email: string().key(),
      customerId: string()
    }),
    key: { pk: 'EMAIL#<email>', sk: 'EMAIL' }
  })
}

/** Addresses compare without case and surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'

import type { SingleTable } from '../schema/defineTable.js'
import { defineEntity } from '../entities/defineEntity.js'

export function defineProduct<TABLE extends SingleTable>(table: TABLE) {
  return defineEntity(table, {
    name: 'Product',
    schema: item({
      sku: string().key(),
      name: string(),
      priceCents: number(),
      stock: number()
    }),
    key: { pk: 'PRODUCT#<sku>', sk: 'PRODUCT' }
  })
}

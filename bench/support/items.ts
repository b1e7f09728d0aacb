/** Reference-domain items of about 1 KB: customers with a long profile name. */
export const ITEM_PADDING = 'Lovelace-'.repeat(100).slice(0, 900)

export function customer(index: number) {
  return {
    customerId: `c-${String(index).padStart(8, '0')}`,
    email: `customer-${index}@example.com`,
    name: `${ITEM_PADDING} #${index}`
  }
}

/** The same item as DynamoDB stores it through monotable: keys and entity tag included. */
export function storedCustomer(index: number) {
  const item = customer(index)
  return { pk: `CUSTOMER#${item.customerId}`, sk: 'CUSTOMER', _et: 'Customer', ...item }
}

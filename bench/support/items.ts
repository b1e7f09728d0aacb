/** Reference-domain items of about 1 KB: leads with a long profile name. */
export const ITEM_PADDING = 'Lovelace-'.repeat(100).slice(0, 900)

export function lead(index: number) {
  return {
    leadId: `c-${String(index).padStart(8, '0')}`,
    email: `lead-${index}@example.com`,
    name: `${ITEM_PADDING} #${index}`
  }
}

/** The same item as DynamoDB stores it through monotable: keys and entity tag included. */
export function storedLead(index: number) {
  const item = lead(index)
  return { pk: `LEAD#${item.leadId}`, sk: 'LEAD', _et: 'Lead', ...item }
}

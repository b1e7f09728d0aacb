/**
 * One run of the streaming workload, in a process of its own so its peak RSS is its own:
 * `node streamChild.mjs <monotable|raw> <items>` prints `{ itemsPerSecond, peakRssMb }`.
 * Plain JavaScript on the built package (`dist/`, made by `npm run bench`): loading TypeScript
 * through tsx would add its own ~30 MB to the figure being measured. For the same reason the stub
 * transport comes from stubClient.mjs rather than stubTransport.ts.
 */
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

import { createClient } from '../../dist/index.js'
import { createShop } from '../../dist/shop/index.js'
import { stubbedDynamoDBClient } from './stubClient.mjs'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
const [contender = 'monotable', countText = '1000000'] = process.argv.slice(2)
const count = Number(countText)
const padding = 'Lovelace-'.repeat(100).slice(0, 900)

const dynamoDBClient = stubbedDynamoDBClient({
  BatchWriteItem: () => '{"UnprocessedItems":{}}'
})
const lead = index => ({
  leadId: `c-${String(index).padStart(8, '0')}`,
  email: `lead-${index}@example.com`,
  name: `${padding} #${index}`
})

const start = performance.now()
if (contender === 'monotable') {
  const client = createClient({ dynamoDBClient })
  const shop = createShop(client)
  async function* generate() {
    for (let index = 0; index < count; index += 1) yield shop.Lead.batchPut(lead(index))
  }
  const { written } = await client.batchWrite(generate())
  if (written !== count) throw new Error(`wrote ${written} of ${count}`)
} else {
  const raw = DynamoDBDocumentClient.from(dynamoDBClient)
  for (let index = 0; index < count; index += 25) {
    const writes = []
    for (let offset = index; offset < Math.min(count, index + 25); offset += 1) {
      const item = lead(offset)
      writes.push({
        PutRequest: {
          Item: { pk: `LEAD#${item.leadId}`, sk: 'LEAD', _et: 'Lead', ...item }
        }
      })
    }
    await raw.send(new BatchWriteCommand({ RequestItems: { 'monotable-shop': writes } }))
  }
}
const elapsedSeconds = (performance.now() - start) / 1_000
console.log(
  JSON.stringify({
    itemsPerSecond: count / elapsedSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024
  })
)

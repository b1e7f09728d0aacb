/**
 * One run of the backfill memory workload, in a process of its own so its peak RSS is its own:
 * `node backfillChild.mjs <monotable|raw> <items>` prints `{ itemsPerSecond, peakRssMb }`.
 * Plain JavaScript on the built package, with the stub of stubClient.mjs (tsx would add its own
 * ~30 MB). The stub plays a table of `<items>` leads of ~1 KB: Scan answers
 * a segment's next page of 1,000 generated items (about DynamoDB's 1 MB), and every write succeeds.
 */
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb'

import { createClient } from '../../dist/index.js'
import { createShop } from '../../dist/shop/index.js'
import { stubbedDynamoDBClient } from './stubClient.mjs'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
const [contender = 'monotable', countText = '1000000'] = process.argv.slice(2)
const count = Number(countText)
const SEGMENTS = 4
/** Writes in flight per segment: 8 in all, as the backfill's default concurrency. */
const WRITERS_PER_SEGMENT = 2
const PAGE_ITEMS = 1_000
const padding = 'Lovelace-'.repeat(100).slice(0, 900)
const leadId = index => `c-${String(index).padStart(8, '0')}`

const storedLead = index =>
  `{"pk":{"S":"LEAD#${leadId(index)}"},"sk":{"S":"LEAD"},"_et":{"S":"Lead"},` +
  `"leadId":{"S":"${leadId(index)}"},"email":{"S":"lead-${index}@example.com"},` +
  `"name":{"S":"${padding} #${index}"}}`

/** Segment `s` of `S` holds the leads from s/S to (s+1)/S of the table, in index order. */
function answerScan(requestBody) {
  const { Segment = 0, TotalSegments = 1, ExclusiveStartKey } = JSON.parse(requestBody)
  const end = Math.floor(((Segment + 1) * count) / TotalSegments)
  const start =
    ExclusiveStartKey === undefined
      ? Math.floor((Segment * count) / TotalSegments)
      : Number(ExclusiveStartKey.pk.S.slice('LEAD#c-'.length)) + 1
  const last = Math.min(end, start + PAGE_ITEMS)
  const items = []
  for (let index = start; index < last; index += 1) items.push(storedLead(index))
  const more =
    last < end
      ? `,"LastEvaluatedKey":{"pk":{"S":"LEAD#${leadId(last - 1)}"},"sk":{"S":"LEAD"}}`
      : ''
  return `{"Items":[${items.join(',')}],"Count":${items.length},"ScannedCount":${items.length}${more}}`
}

const answers = {
  Scan: answerScan,
  TransactWriteItems: () => '{}',
  BatchWriteItem: () => '{"UnprocessedItems":{}}'
}
const dynamoDBClient = stubbedDynamoDBClient(answers)
const renamed = name => `${name} (renamed)`

/** The peer of workloads/backfill.ts, written out for the same reason as the stub. */
async function scanThenBatchWrite(document, TableName) {
  let written = 0
  const writeChunk = async chunk => {
    let RequestItems = { [TableName]: chunk.map(Item => ({ PutRequest: { Item } })) }
    while (Object.keys(RequestItems).length > 0) {
      const { UnprocessedItems = {} } = await document.send(new BatchWriteCommand({ RequestItems }))
      RequestItems = UnprocessedItems
    }
    written += chunk.length
  }
  const writePage = async items => {
    const chunks = []
    for (let start = 0; start < items.length; start += 25)
      chunks.push(items.slice(start, start + 25))
    const writer = async () => {
      for (let chunk = chunks.shift(); chunk !== undefined; chunk = chunks.shift())
        await writeChunk(chunk)
    }
    await Promise.all(Array.from({ length: WRITERS_PER_SEGMENT }, writer))
  }
  const readSegment = async Segment => {
    let ExclusiveStartKey
    do {
      const page = await document.send(
        new ScanCommand({
          TableName,
          Segment,
          TotalSegments: SEGMENTS,
          ConsistentRead: true,
          FilterExpression: '#et = :et',
          ExpressionAttributeNames: { '#et': '_et' },
          ExpressionAttributeValues: { ':et': 'Lead' },
          ExclusiveStartKey
        })
      )
      await writePage((page.Items ?? []).map(item => ({ ...item, name: renamed(item.name) })))
      ExclusiveStartKey = page.LastEvaluatedKey
    } while (ExclusiveStartKey !== undefined)
  }
  await Promise.all(Array.from({ length: SEGMENTS }, (_, segment) => readSegment(segment)))
  return written
}

const begin = performance.now()
let written
if (contender === 'monotable') {
  const client = createClient({ dynamoDBClient })
  const shop = createShop(client)
  const result = await client.backfill(shop.Lead, lead => ({ ...lead, name: renamed(lead.name) }), {
    segments: SEGMENTS
  })
  written = result.written
} else {
  const document = DynamoDBDocumentClient.from(dynamoDBClient)
  written = await scanThenBatchWrite(document, 'monotable-shop')
}
if (written !== count) throw new Error(`${contender} wrote ${written} of ${count}`)
const elapsedSeconds = (performance.now() - begin) / 1_000
console.log(
  JSON.stringify({
    itemsPerSecond: count / elapsedSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024
  })
)

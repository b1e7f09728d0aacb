import { randomBytes } from 'node:crypto'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'

import { type DynamoFailure, isDynamoFailure } from './dynalite/internals.js'
import { batchGetItem } from './operations/batchGetItem.js'
import { batchWriteItem } from './operations/batchWriteItem.js'
import type { LocalContext, Operation } from './operations/context.js'
import { createTable } from './operations/createTable.js'
import { describeTimeToLive } from './operations/describeTimeToLive.js'
import { query } from './operations/query.js'
import { scan } from './operations/scan.js'
import { deleteItem, putItem, updateItem } from './operations/singleItemWrites.js'
import { transactGetItems } from './operations/transactGetItems.js'
import { transactWriteItems } from './operations/transactWriteItems.js'
import { updateTable } from './operations/updateTable.js'
import { updateTimeToLive } from './operations/updateTimeToLive.js'

/**
 * The operations the embedded backend answers itself: those dynalite lacks (transactions) and
 * those where it differs from DynamoDB. Everything else goes to dynalite's own handler untouched.
 */
const OPERATIONS: Readonly<Record<string, Operation>> = {
  TransactWriteItems: transactWriteItems,
  TransactGetItems: transactGetItems,
  BatchGetItem: batchGetItem,
  BatchWriteItem: batchWriteItem,
  UpdateTimeToLive: updateTimeToLive,
  DescribeTimeToLive: describeTimeToLive,
  PutItem: putItem,
  UpdateItem: updateItem,
  DeleteItem: deleteItem,
  CreateTable: createTable,
  UpdateTable: updateTable,
  Query: query,
  Scan: scan
}

const CONTENT_TYPE = 'application/x-amz-json-1.0'

export function createRouter(
  context: LocalContext,
  dynaliteHandler: RequestListener
): RequestListener {
  return (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '')
    const operation = OPERATIONS[target.slice(target.indexOf('.') + 1)]
    const handled =
      operation === undefined || request.method !== 'POST'
        ? context.lock.shared(() => passThrough(dynaliteHandler, request, response))
        : answer(context, operation, request, response)
    // A failure past the error answers (a write to a dead socket, say) must not end the process.
    handled.catch(() => response.destroy())
  }
}

async function answer(
  context: LocalContext,
  operation: Operation,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  let body: Record<string, unknown>
  try {
    body = JSON.parse(await readBody(request)) as Record<string, unknown>
  } catch {
    return send(response, 400, { __type: 'com.amazon.coral.service#SerializationException' })
  }
  try {
    send(response, 200, await operation(context, body))
  } catch (error) {
    if (isDynamoFailure(error)) return send(response, error.statusCode, error.body)
    send(response, 500, {
      __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
      message: error instanceof Error ? error.message : 'Internal error'
    } satisfies DynamoFailure['body'])
  }
}

/** Runs dynalite's handler and resolves once it has answered (or the client went away). */
function passThrough(
  handler: RequestListener,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  return new Promise(resolve => {
    response.once('close', resolve)
    handler(request, response)
  })
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function send(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  if (response.destroyed) return
  const payload = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomBytes(26).toString('hex').toUpperCase()
  })
  response.end(payload)
}

import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request as httpRequest,
  type ServerResponse
} from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * An HTTP proxy in front of a DynamoDB-compatible backend that injects faults the way a real
 * network and a real DynamoDB produce them: error responses, connection resets before the request
 * reaches the server, and resets after the server applied it (the write happened, the client saw
 * an error). A {@link FaultPolicy} decides per request; policies are plain functions, seeded when
 * random, so every scenario replays.
 */

export interface FaultRequest {
  /** DynamoDB operation, from `X-Amz-Target`, e.g. `PutItem`. */
  readonly operation: string
  /** The parsed JSON body. A policy may return a rewritten body to forward instead. */
  readonly body: Record<string, unknown>
  /** 1-based count of calls of this operation seen so far, this one included. */
  readonly call: number
}

export type FaultDecision =
  | {
      kind: 'forward'
      body?: Record<string, unknown>
      rewriteResponse?: (response: Record<string, unknown>) => Record<string, unknown>
      /** Waits this long before forwarding: network latency. */
      delayMs?: number
    }
  /** Answer without forwarding, e.g. `{ status: 400, errorType: 'ThrottlingException' }`. */
  | { kind: 'respond'; status: number; errorType: string; fields?: Record<string, unknown> }
  /** Answer 200 with this body without forwarding. */
  | { kind: 'reply'; body: Record<string, unknown> }
  /** Drop the connection before the backend sees the request. */
  | { kind: 'resetBefore' }
  /** Forward, let the backend apply it, then drop the connection instead of answering. */
  | { kind: 'resetAfter' }

export type FaultPolicy = (request: FaultRequest) => FaultDecision

export interface FaultProxy {
  readonly endpoint: string
  /** Replaces the policy; the default forwards everything. */
  setPolicy(policy: FaultPolicy): void
  /** Calls received, by operation (faulted ones included). */
  calls(operation?: string): number
  /** Calls the backend saw, by operation. */
  forwarded(operation?: string): number
  resetCounts(): void
  /** Keeps every request body from now on (until resetCounts), for tests that inspect calls. */
  captureBodies(): void
  /** Captured bodies of an operation, in arrival order. */
  bodies(operation: string): Record<string, unknown>[]
  close(): Promise<void>
}

export const FORWARD: FaultPolicy = () => ({ kind: 'forward' })

const ERROR_PREFIX: Record<string, string> = {
  ValidationException: 'com.amazon.coral.validate#',
  ThrottlingException: 'com.amazon.coral.availability#'
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const targetUrl = new URL(target)
  const agent = new Agent({ keepAlive: true, maxSockets: 256 })
  const calls = new Map<string, number>()
  const forwarded = new Map<string, number>()
  const sockets = new Set<Socket>()
  let policy: FaultPolicy = FORWARD
  let captured: { operation: string; body: Record<string, unknown> }[] | undefined

  const count = (counts: Map<string, number>, operation: string) => {
    const next = (counts.get(operation) ?? 0) + 1
    counts.set(operation, next)
    return next
  }
  const total = (counts: Map<string, number>, operation?: string) =>
    operation === undefined
      ? [...counts.values()].reduce((sum, value) => sum + value, 0)
      : (counts.get(operation) ?? 0)

  const forward = (
    headers: IncomingHttpHeaders,
    body: string
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> =>
    new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: 'POST',
          path: '/',
          agent,
          headers: { ...headers, host: targetUrl.host, 'content-length': Buffer.byteLength(body) }
        },
        response => {
          const chunks: Buffer[] = []
          response.on('data', chunk => chunks.push(chunk))
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 500,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8')
            })
          )
          response.on('error', reject)
        }
      )
      upstream.on('error', reject)
      upstream.end(body)
    })

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const rawBody = Buffer.concat(chunks).toString('utf8')
    const target = String(request.headers['x-amz-target'] ?? '')
    const operation = target.slice(target.indexOf('.') + 1)
    const call = count(calls, operation)
    const body = rawBody === '' ? {} : (JSON.parse(rawBody) as Record<string, unknown>)
    captured?.push({ operation, body })
    const decision = policy({ operation, body, call })

    if (decision.kind === 'resetBefore') return request.socket.destroy()
    if (decision.kind === 'reply') {
      const payload = JSON.stringify(decision.body)
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' })
      return response.end(payload)
    }
    if (decision.kind === 'respond') {
      const payload = JSON.stringify({
        __type: `${ERROR_PREFIX[decision.errorType] ?? 'com.amazonaws.dynamodb.v20120810#'}${decision.errorType}`,
        message: `injected ${decision.errorType}`,
        ...decision.fields
      })
      response.writeHead(decision.status, { 'content-type': 'application/x-amz-json-1.0' })
      return response.end(payload)
    }
    const forwardedBody =
      decision.kind === 'forward' && decision.body ? JSON.stringify(decision.body) : rawBody
    if (decision.kind === 'forward' && decision.delayMs) {
      await new Promise(resolve => setTimeout(resolve, decision.delayMs))
    }
    count(forwarded, operation)
    const upstream = await forward(request.headers, forwardedBody)
    if (decision.kind === 'resetAfter') return request.socket.destroy()
    let responseBody = upstream.body
    if (decision.rewriteResponse && upstream.status === 200) {
      responseBody = JSON.stringify(decision.rewriteResponse(JSON.parse(upstream.body)))
    }
    const { 'x-amz-crc32': _checksum, 'content-length': _length, ...headers } = upstream.headers
    response.writeHead(upstream.status, {
      ...headers,
      'content-length': Buffer.byteLength(responseBody)
    })
    response.end(responseBody)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => request.socket.destroy())
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    endpoint: `http://127.0.0.1:${port}`,
    setPolicy: next => {
      policy = next
    },
    calls: operation => total(calls, operation),
    forwarded: operation => total(forwarded, operation),
    resetCounts: () => {
      calls.clear()
      forwarded.clear()
      captured = undefined
    },
    captureBodies: () => {
      captured = []
    },
    bodies: operation =>
      (captured ?? []).filter(entry => entry.operation === operation).map(entry => entry.body),
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy()
        agent.destroy()
        server.close(() => resolve())
      })
  }
}

/** Fails the first `failures` calls of `operation` with `errorType` (and `fields` in its body), then forwards. */
export function failFirst(
  operation: string,
  failures: number,
  errorType: string,
  fields?: Record<string, unknown>
): FaultPolicy {
  const status = errorType === 'InternalServerError' ? 500 : 400
  return request =>
    request.operation === operation && request.call <= failures
      ? { kind: 'respond', status, errorType, ...(fields === undefined ? {} : { fields }) }
      : { kind: 'forward' }
}

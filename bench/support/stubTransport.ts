import { Readable } from 'node:stream'

import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { HttpResponse } from '@smithy/core/protocols'

/**
 * An SDK request handler that answers from memory: every call succeeds at once, so a benchmark
 * through it measures the client's own CPU (building, validating, marshalling, signing, parsing).
 * BatchWriteItem answers "all processed"; BatchGetItem answers each key with a small item.
 */
export class StubTransport {
  calls = 0

  async handle(request: {
    headers: Record<string, string>
    body?: unknown
  }): Promise<{ response: HttpResponse }> {
    this.calls += 1
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1]
    const body =
      operation === 'BatchGetItem'
        ? answerBatchGet(String(request.body))
        : '{"UnprocessedItems":{}}'
    return {
      response: new HttpResponse({
        statusCode: 200,
        headers: { 'content-type': 'application/x-amz-json-1.0' },
        body: Readable.from([Buffer.from(body)])
      })
    }
  }

  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, never> {
    return {}
  }
  destroy(): void {}
}

function answerBatchGet(requestBody: string): string {
  const { RequestItems } = JSON.parse(requestBody) as {
    RequestItems: Record<string, { Keys: object[] }>
  }
  const Responses = Object.fromEntries(
    Object.entries(RequestItems).map(([table, { Keys }]) => [
      table,
      Keys.map(key => ({ ...key, _et: { S: 'Customer' } }))
    ])
  )
  return JSON.stringify({ Responses, UnprocessedKeys: {} })
}

/** A DynamoDB client whose every call goes to a {@link StubTransport}. */
export function stubbedDynamoDBClient(transport = new StubTransport()): DynamoDBClient {
  return new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    endpoint: 'http://stub.invalid',
    requestHandler: transport as never
  })
}

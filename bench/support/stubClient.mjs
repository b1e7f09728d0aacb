/**
 * The stub transport of the child-process workloads, in plain JavaScript: they run the built
 * package without tsx, whose loader would add its own ~30 MB to the peak RSS they measure.
 * `answers` maps an operation (`BatchWriteItem`, `Scan`, ...) to the body it answers, given the
 * request's body.
 */
import { Readable } from 'node:stream'

import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { HttpResponse } from '@smithy/core/protocols'

const decoder = new TextDecoder()

export function stubbedDynamoDBClient(answers) {
  const stub = {
    async handle(request) {
      const operation = String(request.headers['x-amz-target']).split('.')[1]
      const answer = answers[operation]
      // Only answers that read the request pay for decoding it.
      const text =
        answer.length === 0 || typeof request.body === 'string'
          ? request.body
          : decoder.decode(request.body)
      const body = Readable.from([Buffer.from(answer(text))])
      const headers = { 'content-type': 'application/x-amz-json-1.0' }
      return { response: new HttpResponse({ statusCode: 200, headers, body }) }
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {}
  }
  return new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    endpoint: 'http://stub.invalid',
    requestHandler: stub
  })
}

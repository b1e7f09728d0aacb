import { describe, expect, it } from 'vitest'

import { classifyAttempt } from '../src/client/classify.js'

const awsError = (name: string, httpStatusCode: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode } })
const nodeError = (code: string) => Object.assign(new Error(code), { code })

describe('classifyAttempt: retry, and whether DynamoDB may have applied it', () => {
  it.each([
    ['ThrottlingException', awsError('ThrottlingException', 400), 'throttling', false],
    [
      'ProvisionedThroughputExceededException',
      awsError('ProvisionedThroughputExceededException', 400),
      'throttling',
      false
    ],
    [
      'TransactionInProgressException (the same token is still running)',
      awsError('TransactionInProgressException', 400),
      'throttling',
      true
    ],
    ['InternalServerError', awsError('InternalServerError', 500), 'transient', true],
    ['ServiceUnavailable', awsError('ServiceUnavailable', 503), 'transient', true],
    ['a reset', nodeError('ECONNRESET'), 'transient', true],
    ['a timeout', nodeError('ETIMEDOUT'), 'transient', true],
    ['a refused connection', nodeError('ECONNREFUSED'), 'transient', false],
    ['an unknown host', nodeError('ENOTFOUND'), 'transient', false],
    [
      'TransactionConflictException',
      awsError('TransactionConflictException', 400),
      'transient',
      false
    ],
    ['ValidationException', awsError('ValidationException', 400), 'nonRetryable', false],
    [
      'ConditionalCheckFailedException',
      awsError('ConditionalCheckFailedException', 400),
      'nonRetryable',
      false
    ],
    [
      'an abort in flight',
      Object.assign(new Error('aborted'), { name: 'AbortError' }),
      'aborted',
      true
    ]
  ])('%s', (_name, error, kind, mayHaveApplied) => {
    expect(classifyAttempt(error)).toMatchObject({ kind, mayHaveApplied })
  })
})

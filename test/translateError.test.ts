import { DynamoDBToolboxError } from 'dynamodb-toolbox/errors'
import { describe, expect, it } from 'vitest'

import { ConditionFailedError, RequestFailedError, ValidationError } from '../src/index.js'
import { toMonotableError } from '../src/client/translateError.js'
import { logged } from './support/logged.js'

const MARKER = 'PII-MARKER-91c2'
const context = {
  entity: 'Customer',
  operation: 'put',
  formatItem: (item: Record<string, unknown>) => ({ formatted: true, ...item })
}

describe('toMonotableError', () => {
  it('keeps the item of a failed condition, unmarshalled and formatted, off the logs', () => {
    const sdkError = Object.assign(new Error(`The conditional request failed ${MARKER}`), {
      name: 'ConditionalCheckFailedException',
      $metadata: { httpStatusCode: 400, attempts: 1 },
      Item: { customerId: { S: 'c1' }, name: { S: MARKER }, tags: { L: [{ N: '1' }] } }
    })
    const error = toMonotableError(sdkError, context)
    expect(error).toBeInstanceOf(ConditionFailedError)
    expect((error as ConditionFailedError).item).toEqual({
      formatted: true,
      customerId: 'c1',
      name: MARKER,
      tags: [1]
    })
    expect(logged(error)).not.toContain(MARKER)
  })

  it('drops a message no sender vouched for, but keeps name, status and attempts', () => {
    const sdkError = Object.assign(
      new Error(`One or more parameter values were invalid: ${MARKER}`),
      {
        name: 'ValidationException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400, attempts: 1, requestId: 'r-1' }
      }
    )
    const error = toMonotableError(sdkError, context)
    expect(error).toBeInstanceOf(RequestFailedError)
    expect(error).toMatchObject({
      awsErrorName: 'ValidationException',
      httpStatusCode: 400,
      attempts: 1
    })
    expect(error.message).toBe('Customer.put failed: ValidationException after 1 attempt(s)')
    expect((error as RequestFailedError).awsError).toBe(sdkError)
    expect(logged(error)).not.toContain(MARKER)
  })

  it('names a Node network error by its code', () => {
    const reset = Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET',
      $metadata: { attempts: 5 }
    })
    expect(toMonotableError(reset, context)).toMatchObject({
      awsErrorName: 'ECONNRESET',
      attempts: 5
    })
  })

  it('turns a toolbox parsing error into a ValidationError naming only the top-level attribute', () => {
    const toolboxError = new DynamoDBToolboxError('parsing.invalidAttributeInput', {
      message: `Attribute 'prices.${MARKER}' should be a number`,
      path: `prices.${MARKER}`,
      payload: { received: MARKER }
    })
    const error = toMonotableError(toolboxError, context)
    expect(error).toBeInstanceOf(ValidationError)
    expect(error).toMatchObject({ code: 'validation.item', attribute: 'prices' })
    expect(logged(error)).not.toContain(MARKER)
  })
})

import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { beforeAll, describe, expect, it } from 'vitest'

import {
  BatchGetError,
  BatchWriteError,
  defineEntity,
  defineTable,
  MonotableError,
  queryCollection,
  RequestFailedError,
  TransactionCanceledError,
  ValidationError
} from '../src/index.js'
import { cleanReason } from '../src/client/awsReason.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'
import type { FaultPolicy } from './support/faultProxy.js'
import { logged } from './support/logged.js'

const backend = useBackend()
const MARKER = 'PII-MARKER-5d1e'

describe('cleanReason: DynamoDB reasons without values', () => {
  const values = new Set([`ada-${MARKER}`, `42${MARKER.length}`, `CUSTOMER#${MARKER}`])
  it.each([
    [
      'dynalite constraint messages quote the whole request',
      `1 validation error detected: Value '{"pk":{"S":"CUSTOMER#${MARKER}"}}' at 'requestItems.shop.member' failed to satisfy constraint: Member must have length less than or equal to 25`,
      "1 validation error detected: Value '…' at 'requestItems.shop.member' failed to satisfy constraint: Member must have length less than or equal to 25"
    ],
    [
      'duplicate set members',
      `One or more parameter values were invalid: Input collection [${MARKER}, ${MARKER}] contains duplicates.`,
      'One or more parameter values were invalid: Input collection […] contains duplicates.'
    ],
    [
      'numbers that do not parse',
      `The parameter cannot be converted to a numeric value: ${MARKER}`,
      'The parameter cannot be converted to a numeric value: …'
    ],
    [
      'expression tokens',
      `Invalid ConditionExpression: Syntax error; token: "${MARKER}", near: "a = ${MARKER}"`,
      'Invalid ConditionExpression: Syntax error; token: "…", near: "…"'
    ],
    [
      'values quoted without quotes, known from the request',
      `Something about ada-${MARKER} and CUSTOMER#${MARKER}`,
      'Something about … and …'
    ],
    ['an unterminated quote', `Value '${MARKER} and the rest`, "Value '…"],
    ['item size', 'Item size has exceeded the maximum allowed size', null],
    [
      'key names and types',
      'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N',
      null
    ],
    [
      'placeholders and codes',
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:v1, :v2}',
      null
    ],
    [
      'cancellation codes',
      'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
      null
    ]
  ])('%s', (_what, message, expected) => {
    const cleaned = cleanReason(message, values)
    expect(cleaned).toBe(expected ?? message)
    expect(cleaned).not.toContain(MARKER)
  })
})

/**
 * Answers every request with a ValidationException whose message quotes the request back, the ways
 * DynamoDB and dynalite do: the whole body, quoted; a list; and each value bare.
 */
const ECHO: FaultPolicy = ({ body }) => {
  const values: string[] = []
  const collect = (value: unknown): void => {
    if (typeof value === 'string') values.push(value)
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect)
  }
  collect(body)
  return {
    kind: 'respond',
    status: 400,
    errorType: 'ValidationException',
    fields: {
      message: `One or more parameter values were invalid: Value '${JSON.stringify(body)}' at 'item' failed; Input collection [${values.join(', ')}] contains duplicates; bare: ${values.join(' ')}`
    }
  }
}

function expectReasonWithoutValues(error: unknown): void {
  expect(MonotableError.is(error)).toBe(true)
  expect(String((error as Error).message)).toContain('One or more parameter values were invalid')
  expect(logged(error)).not.toContain(MARKER)
}

const definePerson = () =>
  defineEntity(backend.shop.table, {
    name: 'Person',
    schema: item({ personId: string().key(), name: string(), age: number() }),
    key: { pk: `PERSON#<personId>`, sk: 'PERSON' }
  })

describe('errors say why, never with values', () => {
  let Person: ReturnType<typeof definePerson>
  beforeAll(() => {
    Person = definePerson()
  })
  const person = { personId: `id-${MARKER}`, name: `Name ${MARKER}`, age: 7 }
  const key = { personId: person.personId }
  const condition = { attr: 'name', eq: `expected ${MARKER}` } as const

  const operations: [string, () => Promise<unknown>][] = [
    ['put', () => Person.put(person, { condition })],
    ['get', () => Person.get(key)],
    ['update', () => Person.update({ ...person, age: 8 }, { condition })],
    ['delete', () => Person.delete(key, { condition })],
    [
      'query',
      () =>
        Person.query(
          { partition: { personId: person.personId } },
          { filter: { attr: 'name', eq: person.name } }
        )
    ],
    ['queryCollection', () => queryCollection([Person], { personId: person.personId })],
    [
      'transactWrite',
      () => backend.client.transactWrite([Person.transactPut(person, { condition })])
    ],
    ['transactGet', () => backend.client.transactGet([Person.transactGet(key)])]
  ]

  it.each(operations)('%s keeps DynamoDB’s reason and drops the values', async (_name, call) => {
    backend.proxy.setPolicy(ECHO)
    const error = await catchError(call())
    expect(error).toBeInstanceOf(RequestFailedError)
    expectReasonWithoutValues(error)
  })

  it('batchWrite and batchGet say it per cause', async () => {
    backend.proxy.setPolicy(ECHO)
    const written = await catchError(backend.client.batchWrite([Person.batchPut(person)]))
    expect(written).toBeInstanceOf(BatchWriteError)
    expectReasonWithoutValues(written)
    const read = await catchError(backend.client.batchGet([Person.batchGet(key)]))
    expect(read).toBeInstanceOf(BatchGetError)
    expectReasonWithoutValues(read)
  })

  it('a cancellation reason keeps its explanation and drops values', async () => {
    backend.proxy.setPolicy(({ body }) => ({
      kind: 'respond',
      status: 400,
      errorType: 'TransactionCanceledException',
      fields: {
        message: 'Transaction cancelled',
        CancellationReasons: [
          {
            Code: 'ValidationError',
            Message: `An operand in the update expression has an incorrect data type: ${JSON.stringify(body)} ${person.name}`
          }
        ]
      }
    }))
    const error = await catchError(
      backend.client.transactWrite([Person.transactUpdate({ ...person, age: 9 })])
    )
    expect(error).toBeInstanceOf(TransactionCanceledError)
    const [reason] = (error as TransactionCanceledError).reasons
    expect(reason?.message).toContain(
      'An operand in the update expression has an incorrect data type'
    )
    expect((error as Error).message).toContain('An operand in the update expression')
    expect(logged(error)).not.toContain(MARKER)
  })

  it('a table name DynamoDB would refuse is refused at declaration, saying what is wrong with it', () => {
    expect(() => defineTable({ name: 'ab', client: backend.client })).toThrow(
      /must be 3 to 255 characters/
    )
  })

  it('a single put or update over 400 KB is refused before the network', async () => {
    backend.proxy.resetCounts()
    const big = { ...person, name: 'x'.repeat(410 * 1024) }
    const put = await catchError(Person.put(big))
    expect(put).toBeInstanceOf(ValidationError)
    expect(put).toMatchObject({ code: 'validation.itemTooLarge', entity: 'Person' })
    const update = await catchError(Person.update(big))
    expect(update).toMatchObject({ code: 'validation.itemTooLarge', entity: 'Person' })
    expect(backend.proxy.calls()).toBe(0)
  })
})

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type LocalBackend, startLocal } from '../../src/index.js'
import { scenarios } from './scenarios/index.js'
import { type DynamoDbLocal, startDynamoDbLocal } from './support/dynamoDbLocal.js'
import {
  compact,
  createRawClient,
  type Expectation,
  runScenario,
  type ScenarioResult,
  tablesFor
} from './support/scenario.js'

/** Checks DynamoDB Local against what the reference document recorded for the scenario. */
function expectRecordedBehaviour(result: ScenarioResult, expected: Expectation): void {
  expect(result.outcome, 'DynamoDB Local outcome vs reference').toMatchObject(
    compact(expected.outcome)
  )
  if (expected.state === 'unchanged') {
    expect(result.state, 'DynamoDB Local state vs state after setup').toEqual(
      result.stateAfterSetup
    )
  } else if (expected.state !== undefined) {
    expect(result.state, 'DynamoDB Local state vs reference').toEqual(compact(expected.state))
  }
}

describe('conformance: embedded backend vs DynamoDB Local 3.3.0', () => {
  let embedded: LocalBackend | undefined
  let dynamoDbLocal: DynamoDbLocal | undefined
  let embeddedClient: DynamoDBClient
  let dynamoDbLocalClient: DynamoDBClient

  beforeAll(async () => {
    const [embeddedStart, localStart] = await Promise.allSettled([
      startLocal(),
      startDynamoDbLocal()
    ])
    if (embeddedStart.status === 'fulfilled') embedded = embeddedStart.value
    if (localStart.status === 'fulfilled') dynamoDbLocal = localStart.value
    if (embeddedStart.status === 'rejected') throw embeddedStart.reason
    if (localStart.status === 'rejected') throw localStart.reason
    embeddedClient = createRawClient(embeddedStart.value.endpoint)
    dynamoDbLocalClient = createRawClient(localStart.value.endpoint)
  })

  afterAll(async () => {
    embeddedClient?.destroy()
    dynamoDbLocalClient?.destroy()
    await Promise.all([embedded?.close(), dynamoDbLocal?.close()])
  })

  // `%s` of a tuple keeps the whole name; `$name` of an object would cut it at 40 characters.
  it.each(scenarios.map((scenario, index) => [scenario.name, scenario, index] as const))(
    '%s',
    async (name, scenario, index) => {
      const tables = tablesFor(index, name)
      const [onEmbedded, onDynamoDbLocal] = await Promise.allSettled([
        runScenario(embeddedClient, scenario, tables),
        runScenario(dynamoDbLocalClient, scenario, tables)
      ])
      if (onDynamoDbLocal.status === 'rejected') throw onDynamoDbLocal.reason
      expectRecordedBehaviour(onDynamoDbLocal.value, scenario.expected)
      if (onEmbedded.status === 'rejected') throw onEmbedded.reason
      expect(onEmbedded.value, 'embedded backend vs DynamoDB Local').toEqual(onDynamoDbLocal.value)
    }
  )
})

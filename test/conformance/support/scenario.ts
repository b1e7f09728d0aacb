import { createHash } from 'node:crypto'

import {
  type CancellationReason,
  DeleteTableCommand,
  DynamoDBClient,
  ScanCommand
} from '@aws-sdk/client-dynamodb'

import { createKeyedTable } from '../../support/rawDynamo.js'
import type { AttributeMap } from './attributes.js'

/** Real table names of one scenario; `b` exists only when the scenario asks for two tables. */
export interface Tables {
  a: string
  b: string
}

export type TableAlias = keyof Tables

export interface Success {
  ok: true
  /** Only the stable fields a scenario selected (never ConsumedCapacity or request ids). */
  response: unknown
}

export interface Failure {
  ok: false
  errorName: string
  /** `CancellationReasons[i].Code` of a TransactionCanceledException. */
  cancellationCodes?: string[]
  /** `CancellationReasons[i].Item` (the old item, with ReturnValuesOnConditionCheckFailure ALL_OLD). */
  cancellationItems?: (AttributeMap | undefined)[]
  /** `Item` of a ConditionalCheckFailedException (single-item writes with ALL_OLD). */
  item?: AttributeMap
}

/** What a scenario did, comparable across backends: error names and codes, never message texts. */
export type Outcome = Success | Failure

/** Every item of every table of the scenario, sorted by pk then sk. */
export type TablesState = Partial<Record<TableAlias, AttributeMap[]>>

export interface Expectation {
  /** Matched with `toMatchObject` (recorded in /work/shared/reference/dynamodb-semantics.md). */
  outcome: Partial<Success> | Partial<Failure>
  /** The exact state afterwards, or `'unchanged'`: the same as right after `setup`. */
  state?: TablesState | 'unchanged'
}

export interface Scenario {
  name: string
  /** Section of the reference document the expectation comes from. */
  reference: string
  /** Tables to create, both with `pk` (S, HASH) + `sk` (S, RANGE); 1 when absent. */
  tableCount?: 1 | 2
  /**
   * Creates the scenario's tables itself (the `tableCount` of them, and waits until they are
   * ACTIVE), for a shape other than the default; their keys must still be named `pk` (+ `sk`).
   */
  createTables?(client: DynamoDBClient, tables: Tables): Promise<void>
  /** Seeds the tables with plain single-item/batch writes (no transactions). */
  setup?(client: DynamoDBClient, tables: Tables): Promise<void>
  /** Sends the request(s) under test; resolves with the response fields worth comparing. */
  run(client: DynamoDBClient, tables: Tables): Promise<unknown>
  expected: Expectation
}

export interface ScenarioResult {
  outcome: Outcome
  state: TablesState
  /** Present only for scenarios that expect the state to be unchanged. */
  stateAfterSetup?: TablesState
}

const LONG_STRING_CHARS = 200

export { rawClient as createRawClient } from '../../support/rawDynamo.js'

/** Unique, valid table names for the scenario at `index`. */
export function tablesFor(index: number, name: string): Tables {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48)
  const base = `conf${String(index).padStart(2, '0')}_${slug}`
  return { a: `${base}_a`, b: `${base}_b` }
}

/** Creates the scenario's tables, runs setup and the scenario, reads the tables back, drops them. */
export async function runScenario(
  client: DynamoDBClient,
  scenario: Scenario,
  tables: Tables
): Promise<ScenarioResult> {
  const aliases: TableAlias[] = scenario.tableCount === 2 ? ['a', 'b'] : ['a']
  if (scenario.createTables) await scenario.createTables(client, tables)
  else await Promise.all(aliases.map(alias => createKeyedTable(client, tables[alias])))
  try {
    await scenario.setup?.(client, tables)
    const stateAfterSetup =
      scenario.expected.state === 'unchanged' ? await readState(client, tables, aliases) : undefined
    const outcome = await captureOutcome(() => scenario.run(client, tables))
    const state = await readState(client, tables, aliases)
    const result: ScenarioResult = { outcome, state }
    if (stateAfterSetup !== undefined) result.stateAfterSetup = stateAfterSetup
    return compact(result)
  } finally {
    await Promise.all(
      aliases.map(alias => client.send(new DeleteTableCommand({ TableName: tables[alias] })))
    )
  }
}

async function captureOutcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, response: await run() }
  } catch (error) {
    return describeFailure(error)
  }
}

function describeFailure(error: unknown): Failure {
  const { name, CancellationReasons, Item } = error as {
    name?: unknown
    CancellationReasons?: CancellationReason[]
    Item?: AttributeMap
  }
  const failure: Failure = { ok: false, errorName: String(name) }
  if (CancellationReasons !== undefined) {
    failure.cancellationCodes = CancellationReasons.map(reason => String(reason.Code))
    failure.cancellationItems = CancellationReasons.map(reason => reason.Item)
  }
  if (Item !== undefined) failure.item = Item
  return failure
}

async function readState(
  client: DynamoDBClient,
  tables: Tables,
  aliases: TableAlias[]
): Promise<TablesState> {
  const state: TablesState = {}
  for (const alias of aliases) state[alias] = await scanAll(client, tables[alias])
  return state
}

async function scanAll(client: DynamoDBClient, TableName: string): Promise<AttributeMap[]> {
  const items: AttributeMap[] = []
  let ExclusiveStartKey: AttributeMap | undefined
  do {
    const page = await client.send(
      new ScanCommand({ TableName, ExclusiveStartKey, ConsistentRead: true })
    )
    items.push(...(page.Items ?? []))
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey !== undefined)
  return items.sort(compareByKey)
}

/** By string keys as they compare, then (for number or binary keys) by their JSON. */
function compareByKey(left: AttributeMap, right: AttributeMap): number {
  for (const name of ['pk', 'sk']) {
    const a = left[name]?.S ?? ''
    const b = right[name]?.S ?? ''
    if (a !== b) return a < b ? -1 : 1
    const aJson = JSON.stringify(left[name] ?? null)
    const bJson = JSON.stringify(right[name] ?? null)
    if (aJson !== bJson) return aJson < bJson ? -1 : 1
  }
  return 0
}

/**
 * Replaces every string longer than 200 characters by its length and SHA-256, so that 400 KB
 * values still compare exactly but a failing diff stays readable.
 */
export function compact<T>(value: T): T {
  return compactValue(value) as T
}

function compactValue(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value.length <= LONG_STRING_CHARS) return value
    const digest = createHash('sha256').update(value).digest('hex').slice(0, 16)
    return `<${value.length} chars, sha256 ${digest}>`
  }
  if (Array.isArray(value)) return value.map(compactValue)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, member]) => [name, compactValue(member)])
    )
  }
  return value
}

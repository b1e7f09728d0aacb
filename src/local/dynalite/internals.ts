import { createRequire } from 'node:module'
import type { Server } from 'node:http'

import { withRequest } from './requestOfStore.js'

/**
 * The parts of dynalite the embedded backend reuses: its store, its request validation (which also
 * parses condition, update and projection expressions) and its actions. dynalite exposes only a
 * server factory, so these are required by path; the types below describe what we use of them.
 */
const require = createRequire(import.meta.url)

/** A value in DynamoDB's wire format: `{ S: 'x' }`, `{ N: '1' }`, `{ M: {...} }`, ... */
export type AttributeValue = Record<string, unknown>
export type StoredItem = Record<string, AttributeValue>

/** An error dynalite produces for the client: an HTTP status and a JSON body. */
export interface DynamoFailure {
  statusCode: number
  body: { __type: string; message?: string; Message?: string; [field: string]: unknown }
}

export interface KeySchemaElement {
  AttributeName: string
  KeyType: 'HASH' | 'RANGE'
}

export interface IndexDescription {
  IndexName: string
  KeySchema: KeySchemaElement[]
  Projection: { ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] }
  [field: string]: unknown
}

export interface TableDescription {
  TableName: string
  KeySchema: KeySchemaElement[]
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[]
  GlobalSecondaryIndexes?: IndexDescription[]
  LocalSecondaryIndexes?: IndexDescription[]
  [field: string]: unknown
}

type Done = (error?: unknown) => void

/** One of dynalite's sub-databases (a table's items, an index's entries), keyed by strings. */
export interface SubDb {
  get(
    key: string,
    callback: (error: (Error & { name: string }) | null, item?: StoredItem) => void
  ): void
  put(key: string, value: StoredItem, callback: Done): void
  del(key: string, callback: Done): void
  createValueStream(options?: Record<string, unknown>): AsyncIterable<StoredItem>
}

export interface Store {
  options: { maxItemSize: number }
  tableDb: {
    put(name: string, table: TableDescription, callback: Done): void
    lock(name: string, work: (release: <F extends Done>(callback: F) => F) => void): void
  }
  getTable(name: string, callback: (error: unknown, table?: TableDescription) => void): void
  getItemDb(name: string): SubDb
  getIndexDb(type: 'global' | 'local', tableName: string, indexName: string): SubDb
  deleteIndexDb(
    type: 'global' | 'local',
    tableName: string,
    indexName: string,
    callback: Done
  ): void
}

type Callback = (error: unknown, result?: Record<string, unknown>) => void
type Action = (store: Store, data: Record<string, unknown>, callback: Callback) => void
export interface ActionValidation {
  types: Record<string, unknown>
  custom?: (data: Record<string, unknown>, store: Store) => string | undefined
}

interface DynaliteDb {
  create(options: Record<string, unknown>): Store
  itemSize(item: StoredItem, ...rest: unknown[]): number
  createKey(item: StoredItem, table: TableDescription): string
  validateKey(key: StoredItem, table: TableDescription): DynamoFailure | undefined | null
  validateItem(item: StoredItem, table: TableDescription): DynamoFailure | undefined | null
  addConsumedCapacity(
    data: Record<string, unknown>,
    isRead: boolean,
    newItem?: StoredItem,
    oldItem?: StoredItem
  ): { CapacityUnits: number; TableName: string } | undefined
  checkConditional(
    data: Record<string, unknown>,
    existing: StoredItem | undefined
  ): DynamoFailure | null | undefined
  mapPaths(paths: unknown, item: StoredItem): StoredItem
  mapPath(path: (string | number)[], item: StoredItem): unknown
  validationError(message: string): DynamoFailure
  limitError(message: string): DynamoFailure
  compare(operator: string, value: AttributeValue | undefined, operands: AttributeValue[]): boolean
  /** The order-preserving string dynalite encodes a key value as (hex for S and B). */
  toRangeStr(value: string, type: string): string
  validateKeyPaths(nestedPaths: unknown, table: TableDescription): DynamoFailure | undefined
  validateUpdates(
    attributeUpdates: unknown,
    expressionUpdates: unknown,
    table: TableDescription
  ): DynamoFailure | undefined
  createIndexKey(item: StoredItem, table: TableDescription, keySchema: KeySchemaElement[]): string
  getIndexActions(
    indexes: IndexDescription[],
    existingItem: StoredItem | null | undefined,
    item: StoredItem | null | undefined,
    table: TableDescription
  ): { puts: { index: string; key: string; item: StoredItem }[] }
  updateIndexes(
    store: Store,
    table: TableDescription,
    existingItem: StoredItem | null | undefined,
    item: StoredItem | null | undefined,
    callback: Done
  ): void
  queryTable(
    store: Store,
    table: TableDescription,
    data: Record<string, unknown>,
    options: Record<string, unknown>,
    isLocal: boolean,
    fetchFromItemDb: boolean,
    startKeyNames: string[],
    callback: Callback
  ): void
}

interface DynaliteValidations {
  checkTypes(data: Record<string, unknown>, types: Record<string, unknown>): Record<string, unknown>
  checkValidations(
    data: Record<string, unknown>,
    types: Record<string, unknown>,
    custom: ActionValidation['custom'],
    store: Store
  ): void
}

export const dynaliteDb = require('dynalite/db') as DynaliteDb
const dynaliteValidations = require('dynalite/validations') as DynaliteValidations
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server

export type ActionName =
  | 'getItem'
  | 'putItem'
  | 'updateItem'
  | 'deleteItem'
  | 'batchWriteItem'
  | 'batchGetItem'
  | 'query'
  | 'scan'
  | 'createTable'
  | 'updateTable'

const actions: Record<ActionName, Action> = {
  getItem: require('dynalite/actions/getItem'),
  putItem: require('dynalite/actions/putItem'),
  updateItem: require('dynalite/actions/updateItem'),
  deleteItem: require('dynalite/actions/deleteItem'),
  batchWriteItem: require('dynalite/actions/batchWriteItem'),
  batchGetItem: require('dynalite/actions/batchGetItem'),
  query: require('dynalite/actions/query'),
  scan: require('dynalite/actions/scan'),
  createTable: require('dynalite/actions/createTable'),
  updateTable: require('dynalite/actions/updateTable')
}

export const actionValidations: Record<ActionName, ActionValidation> = {
  getItem: require('dynalite/validations/getItem'),
  putItem: require('dynalite/validations/putItem'),
  updateItem: require('dynalite/validations/updateItem'),
  deleteItem: require('dynalite/validations/deleteItem'),
  batchWriteItem: require('dynalite/validations/batchWriteItem'),
  batchGetItem: require('dynalite/validations/batchGetItem'),
  query: require('dynalite/validations/query'),
  scan: require('dynalite/validations/scan'),
  createTable: require('dynalite/validations/createTable'),
  updateTable: require('dynalite/validations/updateTable')
}

/** Starts dynalite's server and hands back the store it created, which dynalite keeps private. */
export function createDynalite(options: Record<string, unknown>): { server: Server; store: Store } {
  const create = dynaliteDb.create
  let store: Store | undefined
  dynaliteDb.create = storeOptions => (store = create(storeOptions))
  try {
    const server = dynalite(options)
    if (store === undefined) throw new Error('dynalite created no store')
    return { server, store }
  } finally {
    dynaliteDb.create = create
  }
}

/**
 * Checks a request as dynalite's HTTP handler does for `action`, parsing its expressions; throws a
 * {@link DynamoFailure}. Returns the data in the shape dynalite's actions expect.
 */
export function validateRequest(
  store: Store,
  action: ActionName,
  data: Record<string, unknown>
): Record<string, unknown> {
  return validateWith(store, actionValidations[action], structuredClone(data))
}

/**
 * Checks a request against a validation shaped like dynalite's (types, then the custom check);
 * `data` is consumed: dynalite drops what its types do not name.
 */
export function validateWith(
  store: Store,
  { types, custom }: ActionValidation,
  data: Record<string, unknown>
): Record<string, unknown> {
  const checked = dynaliteValidations.checkTypes(data, types)
  dynaliteValidations.checkValidations(checked, types, custom, store)
  return checked
}

/** dynalite's own checks of a DescribeTimeToLive request (the table name). */
export const describeTimeToLiveValidation =
  require('dynalite/validations/describeTimeToLive') as ActionValidation

/**
 * Runs one of dynalite's actions on validated data. An UpdateItem gets a view of the store that
 * also carries its request (see `requestOf`).
 */
export function runAction(
  store: Store,
  action: ActionName,
  data: Record<string, unknown>
): Promise<Record<string, unknown>> {
  const given = action === 'updateItem' ? withRequest(store, data) : store
  return new Promise((resolve, reject) =>
    actions[action](given, data, (error, result) => (error ? reject(error) : resolve(result ?? {})))
  )
}

export function getTable(store: Store, name: string): Promise<TableDescription> {
  return new Promise((resolve, reject) =>
    store.getTable(name, (error, table) => (error || !table ? reject(error) : resolve(table)))
  )
}

export function getStoredItem(
  store: Store,
  table: TableDescription,
  key: StoredItem
): Promise<StoredItem | undefined> {
  return new Promise((resolve, reject) =>
    store.getItemDb(table.TableName).get(dynaliteDb.createKey(key, table), (error, item) => {
      if (error && error.name !== 'NotFoundError') reject(error)
      else resolve(error ? undefined : item)
    })
  )
}

/** The key attributes of an item, per the table's key schema. */
export function keyOf(table: TableDescription, item: StoredItem): StoredItem {
  return Object.fromEntries(
    table.KeySchema.flatMap(({ AttributeName }) =>
      item[AttributeName] === undefined ? [] : [[AttributeName, item[AttributeName]]]
    )
  )
}

export function isDynamoFailure(error: unknown): error is DynamoFailure {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as DynamoFailure).statusCode === 'number' &&
    typeof (error as DynamoFailure).body === 'object'
  )
}

/** A failure with DynamoDB's shape, for errors dynalite does not produce itself. */
export function failure(
  type: string,
  message: string,
  extra: Record<string, unknown> = {}
): DynamoFailure {
  const service =
    type === 'ValidationException'
      ? 'com.amazon.coral.validate'
      : 'com.amazonaws.dynamodb.v20120810'
  return {
    statusCode: 400,
    body: { __type: `${service}#${type}`, ...(message === '' ? {} : { message }), ...extra }
  }
}

export const validationFailure = (message: string) => failure('ValidationException', message)

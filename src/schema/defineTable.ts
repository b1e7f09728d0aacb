import { Table } from 'dynamodb-toolbox/table'

import type { MonotableClient } from '../client/createClient.js'
import { ERROR_CODES, ValidationError } from '../client/errors/index.js'

import type { IndexesDeclaration, TableIndex, TableIndexes } from './indexDeclarations.js'
import { buildTableIndexes, type KeyAttribute } from './tableIndexes.js'

export const DEFAULT_KEYS = { pk: 'pk', sk: 'sk' } as const
export const DEFAULT_INDEXES = ['gsi1'] as const

/** The names of a table's key attributes: `sk: null` for a table without a sort key. */
export interface TableKeysDeclaration {
  readonly pk?: string
  readonly sk?: string | null
}

/** A table declared with `defineTable`: string keys, and indexes by name (or index names). */
export type SingleTable<
  INDEXES extends string | Readonly<Record<string, TableIndex>> = Readonly<
    Record<string, TableIndex>
  >,
  SORTED extends boolean = boolean
> = Table<
  { readonly name: string; readonly type: 'string' },
  SORTED extends true ? { readonly name: string; readonly type: 'string' } : never,
  INDEXES extends string ? { readonly [NAME in INDEXES]: TableIndex } : INDEXES,
  '_et'
>

type SortedOf<KEYS> = KEYS extends { readonly sk: null } ? false : true

export interface DefineTableOptions<
  INDEXES extends IndexesDeclaration = IndexesDeclaration,
  KEYS extends TableKeysDeclaration = TableKeysDeclaration
> {
  name: string
  client: MonotableClient
  /**
   * The key attributes' names (default `{ pk: 'pk', sk: 'sk' }`), for a table created by other
   * tools; `sk: null` for a table without a sort key. Keys are strings, composed by entities.
   */
  keys?: KEYS
  /**
   * Secondary indexes by name: composed GSIs (`{ pk?, sk? }`, by default on `<name>pk`/`<name>sk`),
   * attribute-keyed GSIs (`{ partition: ['string'], sort: ['string', 'number'] }`, up to four
   * typed slots each), local indexes (`{ type: 'local', sk? }` or `{ type: 'local', sort: [slot] }`),
   * each with a `projection` ('ALL' by default, 'KEYS_ONLY' or `{ include: [...] }`). A list of
   * names declares composed GSIs. Default `['gsi1']`.
   */
  indexes?: INDEXES
  /**
   * The table's time-to-live attribute (a Number of epoch seconds): DynamoDB deletes an item some
   * time after that moment. `ensureTable` enables it; entities opt in with `ttl`.
   */
  timeToLive?: string
}

const clients = new WeakMap<Table, MonotableClient>()
const timeToLiveAttributes = new WeakMap<Table, string>()
const ATTRIBUTE_NAME = /^.{1,255}$/su
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/

/**
 * Declares a single table: its string keys, its secondary indexes and its time to live.
 *
 * @example
 * const table = defineTable({ name: 'shop', client })                    // gsi1 on gsi1pk/gsi1sk
 * const app = defineTable({
 *   name: 'tracker',
 *   client,
 *   indexes: { gsi1: {}, byStatus: { partition: ['string'], sort: ['string', 'number'] } }
 * })
 * const existing = defineTable({                                          // created by other tools
 *   name: 'legacy',
 *   client,
 *   keys: { pk: 'PK', sk: 'SK' },
 *   indexes: { GSI1: { pk: 'GSI1PK', sk: 'GSI1SK' }, LSI1: { type: 'local', sk: 'LSI1SK' } }
 * })
 */
export function defineTable<
  const INDEXES extends IndexesDeclaration = typeof DEFAULT_INDEXES,
  const KEYS extends TableKeysDeclaration = typeof DEFAULT_KEYS
>(options: DefineTableOptions<INDEXES, KEYS>): SingleTable<TableIndexes<INDEXES>, SortedOf<KEYS>> {
  const tableName = options.name
  if (typeof tableName !== 'string' || !TABLE_NAME.test(tableName)) {
    throw declarationError(
      `Table name '${String(tableName)}' must be 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'`
    )
  }
  if (typeof options.client?.documentClient !== 'object') {
    throw declarationError(`Table '${tableName}': 'client' must be a client from createClient()`)
  }
  const partitionKey = keyAttribute(options.keys?.pk ?? DEFAULT_KEYS.pk, tableName)
  const sortKey =
    options.keys?.sk === null
      ? undefined
      : keyAttribute(options.keys?.sk ?? DEFAULT_KEYS.sk, tableName)
  if (sortKey !== undefined && sortKey.name === partitionKey.name) {
    throw declarationError(`Table '${tableName}': the partition and sort keys need two names`)
  }
  const tableKeys = sortKey === undefined ? [partitionKey] : [partitionKey, sortKey]
  const indexes = buildTableIndexes(tableName, options.indexes ?? DEFAULT_INDEXES, tableKeys)
  const table = new Table({
    name: tableName,
    documentClient: options.client.documentClient,
    partitionKey,
    ...(sortKey === undefined ? {} : { sortKey }),
    indexes: indexes as never
  }) as unknown as SingleTable<TableIndexes<INDEXES>, SortedOf<KEYS>>
  clients.set(table, options.client)
  if (options.timeToLive !== undefined) {
    if (typeof options.timeToLive !== 'string' || !ATTRIBUTE_NAME.test(options.timeToLive)) {
      throw declarationError(
        `Table '${tableName}': timeToLive must be an attribute name of 1 to 255 characters`
      )
    }
    timeToLiveAttributes.set(table, options.timeToLive)
  }
  return table
}

function keyAttribute(name: unknown, tableName: string): KeyAttribute & { type: 'string' } {
  if (typeof name !== 'string' || !ATTRIBUTE_NAME.test(name) || name === '_et') {
    throw declarationError(
      `Table '${tableName}': a key attribute name must be 1 to 255 characters (and not '_et')`
    )
  }
  return { name, type: 'string' }
}

function declarationError(message: string): ValidationError {
  return new ValidationError(ERROR_CODES.invalidDeclaration, message)
}

/** The table's time-to-live attribute, when it declares one. */
export function timeToLiveOf(table: Table): string | undefined {
  return timeToLiveAttributes.get(table)
}

/** The client a table was declared with. */
export function clientOf(table: Table): MonotableClient {
  const client = clients.get(table)
  if (client === undefined) {
    throw new ValidationError(
      ERROR_CODES.invalidDeclaration,
      `Table '${String(table.tableName)}' was not declared with defineTable()`
    )
  }
  return client
}

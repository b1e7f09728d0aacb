import { Table } from 'dynamodb-toolbox/table'

import type { MonotableClient } from '../client/createClient.js'
import { ERROR_CODES, ValidationError } from '../client/errors/index.js'

export const PARTITION_KEY = { name: 'pk', type: 'string' } as const
export const SORT_KEY = { name: 'sk', type: 'string' } as const
export const DEFAULT_INDEXES = ['gsi1'] as const

export type SingleTableKey<NAME extends string> = { readonly name: NAME; readonly type: 'string' }

/** A global index `NAME` keyed on `${NAME}pk` / `${NAME}sk`, both strings. */
export type OverloadedIndex<NAME extends string> = {
  readonly type: 'global'
  readonly partitionKey: SingleTableKey<`${NAME}pk`>
  readonly sortKey: SingleTableKey<`${NAME}sk`>
}

export type SingleTable<INDEX_NAMES extends string = string> = Table<
  typeof PARTITION_KEY,
  typeof SORT_KEY,
  { [NAME in INDEX_NAMES]: OverloadedIndex<NAME> },
  '_et'
>

export interface DefineTableOptions<INDEX_NAMES extends string> {
  name: string
  client: MonotableClient
  /** Overloaded GSIs by name; each is keyed on `<name>pk`/`<name>sk`. Default `['gsi1']`. */
  indexes?: readonly INDEX_NAMES[]
  /**
   * The table's time-to-live attribute (a Number of epoch seconds): DynamoDB deletes an item some
   * time after that moment. `ensureTable` enables it; entities opt in with `ttl`.
   */
  timeToLive?: string
}

const clients = new WeakMap<Table, MonotableClient>()
const timeToLiveAttributes = new WeakMap<Table, string>()
const INDEX_NAME = /^[A-Za-z0-9_.-]{3,255}$/
const ATTRIBUTE_NAME = /^.{1,255}$/u

/**
 * Declares a single table: string keys `pk` and `sk`, and overloaded GSIs declared by name.
 *
 * @example
 * const table = defineTable({ name: 'shop', client })                    // gsi1 on gsi1pk/gsi1sk
 * const other = defineTable({ name: 'app', client, indexes: ['gsi1', 'gsi2'] })
 */
export function defineTable<const INDEX_NAMES extends string = (typeof DEFAULT_INDEXES)[number]>(
  options: DefineTableOptions<INDEX_NAMES>
): SingleTable<INDEX_NAMES> {
  const indexNames = options.indexes ?? (DEFAULT_INDEXES as readonly string[])
  for (const indexName of indexNames) {
    if (
      !INDEX_NAME.test(indexName) ||
      indexNames.indexOf(indexName) !== indexNames.lastIndexOf(indexName)
    ) {
      throw new ValidationError(
        ERROR_CODES.invalidDeclaration,
        `Table '${options.name}': index name '${indexName}' is invalid or repeated`
      )
    }
  }
  const indexes = Object.fromEntries(
    indexNames.map(indexName => [
      indexName,
      {
        type: 'global',
        partitionKey: { name: `${indexName}pk`, type: 'string' },
        sortKey: { name: `${indexName}sk`, type: 'string' }
      }
    ])
  )
  const table = new Table({
    name: options.name,
    documentClient: options.client.documentClient,
    partitionKey: PARTITION_KEY,
    sortKey: SORT_KEY,
    indexes: indexes as never
  }) as unknown as SingleTable<INDEX_NAMES>
  clients.set(table, options.client)
  if (options.timeToLive !== undefined) {
    if (typeof options.timeToLive !== 'string' || !ATTRIBUTE_NAME.test(options.timeToLive)) {
      throw new ValidationError(
        ERROR_CODES.invalidDeclaration,
        `Table '${options.name}': timeToLive must be an attribute name of 1 to 255 characters`
      )
    }
    timeToLiveAttributes.set(table, options.timeToLive)
  }
  return table
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

import type { KeyRange } from './database.js'

/**
 * Where dynalite keeps what in its one LevelDB database (`dynalite/db/index.js`, `getSubDb`): each
 * "sub-database" is a key prefix `<name>~`. Table and index names allow only `[a-zA-Z0-9_.-]`, so
 * no prefix is the start of another's, and `<name>` + DEL (0x7f, the byte after `~`) bounds every
 * key that starts with `<name>~`, whatever follows.
 */
const SEPARATOR = '~'
const AFTER_SEPARATOR = '\u007f'

function rangeOf(prefix: string): KeyRange {
  return { gte: `${prefix}${SEPARATOR}`, lt: `${prefix}${AFTER_SEPARATOR}` }
}

/** dynalite's table descriptions, keyed by table name. */
export const TABLES_RANGE = rangeOf('table')

/** The items of one table. */
export function itemsRange(tableName: string): KeyRange {
  return rangeOf(`item-${tableName}`)
}

/** The entries of every local and every global secondary index of one table. */
export function indexRanges(tableName: string): KeyRange[] {
  return ['local', 'global'].map(type => rangeOf(`index-${type}${SEPARATOR}${tableName}`))
}

/** The name in a key of {@link TABLES_RANGE}. */
export function tableNameOf(tableKey: string): string {
  return tableKey.slice(TABLES_RANGE.gte.length)
}

/**
 * monotable's own records in the same database (time-to-live settings), under a prefix dynalite
 * never uses, so they are persisted, and closed, with the tables they describe.
 */
export function monotableRange(kind: string): KeyRange {
  return rangeOf(`monotable-${kind}`)
}

import { ERROR_CODES, MonotableError, ValidationError } from '../client/errors/index.js'
import { databaseOf, type LevelDatabase } from './dynalite/database.js'
import { indexRanges, itemsRange, TABLES_RANGE, tableNameOf } from './dynalite/storeLayout.js'
import type { LocalContext } from './operations/context.js'

/**
 * Removes every item of the tables, and every entry of their secondary indexes, straight from
 * dynalite's database (a range delete per table and index type, not one DeleteItem per item);
 * tables, their settings and idempotency tokens stay. Runs under the exclusive lock, so no request
 * sees a table half cleared. Every name is checked before anything is removed.
 */
export async function clearItems(
  context: LocalContext,
  tableNames: readonly string[] | undefined
): Promise<void> {
  if (
    tableNames !== undefined &&
    (!Array.isArray(tableNames) || tableNames.some(name => typeof name !== 'string'))
  ) {
    throw new ValidationError(ERROR_CODES.invalidOptions, 'clearItems: tableNames must be strings')
  }
  const db = databaseOf(context.store)
  await context.lock.exclusive(async () => {
    const existing = await listTableNames(db)
    const names = tableNames ?? existing
    const missing = names.filter(name => !existing.includes(name))
    if (missing.length > 0) {
      throw new MonotableError(
        ERROR_CODES.localTableNotFound,
        `clearItems: no table named ${missing.map(name => `'${name}'`).join(', ')}`
      )
    }
    for (const name of new Set(names)) {
      await Promise.all([itemsRange(name), ...indexRanges(name)].map(range => db.clear(range)))
    }
  })
}

async function listTableNames(db: LevelDatabase): Promise<string[]> {
  const names: string[] = []
  for await (const key of db.keys(TABLES_RANGE)) names.push(tableNameOf(key))
  return names
}

import type { LevelDatabase } from '../dynalite/database.js'
import type { TableDescription } from '../dynalite/internals.js'
import { monotableRange } from '../dynalite/storeLayout.js'

interface StoredSetting {
  attributeName: string
  /** The `CreationDateTime` of the table it was enabled on. */
  tableCreatedAt: number
}

const RANGE = monotableRange('ttl')

/**
 * The time-to-live setting of each table, kept in the backend's own database so that it persists
 * with the table. dynalite knows nothing of it, so it cannot remove the setting when the table is
 * deleted: a setting names the table's creation time, and one left by an older table of the same
 * name counts as disabled.
 */
export class TimeToLiveSettings {
  constructor(private readonly db: LevelDatabase) {}

  /** The TTL attribute of the table, or undefined when time to live is disabled. */
  async attributeOf(table: TableDescription): Promise<string | undefined> {
    const stored = (await this.db.get(keyOf(table.TableName))) as StoredSetting | undefined
    return stored !== undefined && stored.tableCreatedAt === createdAt(table)
      ? stored.attributeName
      : undefined
  }

  async enable(table: TableDescription, attributeName: string): Promise<void> {
    const setting: StoredSetting = { attributeName, tableCreatedAt: createdAt(table) }
    await this.db.put(keyOf(table.TableName), setting)
  }

  async disable(tableName: string): Promise<void> {
    await this.db.del(keyOf(tableName))
  }

  /**
   * The tables that have a setting stored, including deleted ones and older tables of a name
   * since created again: check each with {@link attributeOf}.
   */
  async tableNames(): Promise<string[]> {
    const names: string[] = []
    for await (const key of this.db.keys(RANGE)) names.push(key.slice(RANGE.gte.length))
    return names
  }
}

function keyOf(tableName: string): string {
  return `${RANGE.gte}${tableName}`
}

function createdAt(table: TableDescription): number {
  return (table as TableDescription & { CreationDateTime?: number }).CreationDateTime ?? 0
}

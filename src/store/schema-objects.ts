import type Database from 'better-sqlite3';

/**
 * Whether the file's schema holds this table or index (`table`: the table an index is on; a table is its own).
 * A file opened read-only is not migrated, so the readers of tables and indexes added by later migrations ask first.
 */
export function hasSchemaObject(db: Database.Database, type: 'table' | 'index', name: string, table: string = name): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = ? AND name = ? AND tbl_name = ?`).get(type, name, table) !== undefined;
}

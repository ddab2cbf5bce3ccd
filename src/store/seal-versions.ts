import type Database from 'better-sqlite3';
import { hasSchemaObject } from './schema-objects.js';

type Db = Database.Database;

/**
 * Whether a store file can hold runs sealed with seal version 2 (schema 9: `runs.seal_version` and `run_checks`,
 * schema-run-checks.ts). A file at schema 8 or older, which a read-only open does not migrate, has neither: every
 * run in it is version 1 and the SQL reading it leaves run_checks out.
 */
export function hasRunChecks(db: Db): boolean {
  return hasSchemaObject(db, 'table', 'run_checks');
}

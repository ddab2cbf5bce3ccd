import type Database from 'better-sqlite3';
import { hasSchemaObject } from './schema-objects.js';

type Db = Database.Database;

/** The index's name, which the counts query names (INDEXED BY) when the file has it. */
export const RUN_CHECKS_BY_CHECK = 'run_checks_by_check';

/**
 * Schema 10: `run_checks` by check, holding the counts (not the line's hash). One control's counts over a period
 * (`sample` draws from a year of them) are then a range of this index per check, ~8 pages of a year, instead of a
 * probe of run_checks' key per run and check, which touches every page of the table (~150 pages of 16 KB a year).
 * On the estate benchmark's year (2,172 rows; 2026-12-07): 26 → 12 ms with the OS page cache dropped (an auditor's
 * first command of the day), ~0.5 ms of a `sample` whose pages are cached. It costs ~1.3 MB a year (~0.8 % of the store).
 */
export const SCHEMA_RUN_CHECKS_BY_CHECK = `
CREATE INDEX ${RUN_CHECKS_BY_CHECK} ON run_checks (check_id, run_id, scopes, pass, fail, error, excepted, not_applicable);
`;

/**
 * Whether the file has the index: a file at schema 9, which a read-only open does not migrate, has not (nor one whose
 * index was dropped by hand, which changes no evidence); its counts are read by the table's key instead.
 */
export function hasRunChecksByCheck(db: Db): boolean {
  return hasSchemaObject(db, 'index', RUN_CHECKS_BY_CHECK, 'run_checks');
}

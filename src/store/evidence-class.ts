import type Database from 'better-sqlite3';
import type { Trigger } from './types.js';
import { hasSchemaObject } from './schema-objects.js';

/**
 * Every store holds one class of evidence, fixed by its first run: production (`run`, the daemon),
 * demo (`demo`, a simulated estate) or test. A demo run sealed into a production chain would be
 * simulated evidence an auditor samples as real, so the classes never mix in one store, and every
 * query over a store is therefore over one class.
 */

export const EVIDENCE_CLASSES = ['production', 'demo', 'test'] as const;
export type EvidenceClass = (typeof EVIDENCE_CLASSES)[number];

export function evidenceClassOf(trigger: Trigger): EvidenceClass {
  switch (trigger) {
    case 'manual':
    case 'schedule':
      return 'production';
    case 'demo':
      return 'demo';
    case 'test':
      return 'test';
  }
}

/** What writes each class, for messages that tell the user what to do instead. */
const WRITER: Record<EvidenceClass, string> = {
  production: '`controlwatch run` and the daemon',
  demo: '`controlwatch demo`',
  test: 'the test suite',
};

export class EvidenceClassError extends Error {
  constructor(
    readonly path: string,
    readonly storeClass: EvidenceClass,
    readonly wanted: EvidenceClass,
  ) {
    super(
      `${path} holds ${storeClass} evidence (written by ${WRITER[storeClass]}); refusing to record ${wanted} evidence in it, ` +
        `because the two must never mix in one chain. Use another evidence database for ${WRITER[wanted]} (--db FILE${wanted === 'demo' ? ', default ./controlwatch-demo.db' : ' or store.path'}).`,
    );
    this.name = 'EvidenceClassError';
  }
}

/**
 * Schema version 3: the store's class, one row. Stores migrated from version 2 take the class their runs
 * show (any production run → production), so a store that already mixed classes is labelled production
 * and its demo runs stay visible by their trigger.
 */
export const SCHEMA_V3 = `
CREATE TABLE store_info (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO store_info (key, value)
SELECT 'evidence_class',
       CASE WHEN EXISTS (SELECT 1 FROM runs WHERE trigger IN ('manual', 'schedule')) THEN 'production'
            WHEN EXISTS (SELECT 1 FROM runs WHERE trigger = 'demo') THEN 'demo'
            ELSE 'test' END
WHERE EXISTS (SELECT 1 FROM runs);
`;

type Db = Database.Database;

const hasInfoTable = (db: Db) => hasSchemaObject(db, 'table', 'store_info');

/** The store's class, or null for a store that has recorded no run yet. */
export function readEvidenceClass(db: Db): EvidenceClass | null {
  if (!hasInfoTable(db)) {
    // A version-2 file opened read-only: the class its runs show, as the migration would set it.
    const row = db
      .prepare(
        `SELECT CASE WHEN EXISTS (SELECT 1 FROM runs WHERE trigger IN ('manual', 'schedule')) THEN 'production'
                     WHEN EXISTS (SELECT 1 FROM runs WHERE trigger = 'demo') THEN 'demo'
                     WHEN EXISTS (SELECT 1 FROM runs) THEN 'test' END AS value`,
      )
      .get() as { value: EvidenceClass | null };
    return row.value;
  }
  const row = db.prepare(`SELECT value FROM store_info WHERE key = 'evidence_class'`).get() as { value: string } | undefined;
  if (row === undefined) return null;
  if (!(EVIDENCE_CLASSES as readonly string[]).includes(row.value)) throw new Error(`${db.name}: unknown evidence class '${row.value}' in store_info`);
  return row.value as EvidenceClass;
}

/** Fixes the class on the first run; afterwards refuses a run of another class. Call inside the run's write transaction. */
export function claimEvidenceClass(db: Db, path: string, trigger: Trigger): void {
  const wanted = evidenceClassOf(trigger);
  const current = readEvidenceClass(db);
  if (current === null) db.prepare(`INSERT INTO store_info (key, value) VALUES ('evidence_class', ?)`).run(wanted);
  else if (current !== wanted) throw new EvidenceClassError(path, current, wanted);
}

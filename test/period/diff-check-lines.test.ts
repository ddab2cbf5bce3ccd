import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEvidence, TamperedRunError } from '../../src/period/index.js';
import { EvidenceStore } from '../../src/store/index.js';
import { dayData, header, sealedRun, tempDb, user, USERS, withFlippedMfa } from '../store/fixtures.js';
import { writeFlatStore } from '../store/legacy-fixture.js';
import { storeWith } from '../support/store-with.js';

const MFA = 'iam.user_mfa_enabled';
const IN_GROUP = 'iam.user_in_group';
const noDiffOptions = { isEventCheck: () => false };

/**
 * Between two runs of seal version 2 a diff reads the rows of the checks whose lines differ only (diff.ts): a line's
 * hash covers all of its check's rows, so an equal line is an unchanged check. Issue 15 (`report`'s summary counts
 * the findings new since the previous run).
 */
describe('diff between runs sealed with check lines', () => {
  let path: string;
  let cleanup: () => void;
  let store: EvidenceStore;
  const withDave = [...USERS, user('dave', false)];
  beforeEach(() => {
    ({ path, cleanup } = tempDb());
    // Runs 1 and 2 as an old agent sealed them (version 1); 3 to 7 sealed with check lines (version 2).
    writeFlatStore(path, [USERS, withFlippedMfa(USERS, 1)]);
    const writer = EvidenceStore.open(path);
    sealedRun(writer, 3, withFlippedMfa(USERS, 0)); // alice loses MFA
    sealedRun(writer, 4, USERS); // alice has it again
    sealedRun(writer, 5, withDave); // dave is new: both checks change
    sealedRun(writer, 6, withDave); // nothing changes
    // The group check is gone (no result set, no line): its results leave.
    const day7 = dayData(7, withDave);
    writer.completeRun(writer.beginRun(header(7)), { ...day7, resultSets: day7.resultSets.filter((r) => r.checkId !== IN_GROUP) });
    writer.close();
    store = EvidenceStore.open(path, { readonly: true });
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  /** The diff from every check's rows: the version-1 path, with the lines withheld. */
  const wholeDiff = (a: number, b: number) => openEvidence(storeWith(store, { checkLines: () => undefined }), { timezone: 'UTC', producers: () => [] }).diff(a, b, noDiffOptions);

  it('gives the changes the whole rows give, across versions and within version 2', () => {
    const evidence = openEvidence(store, { timezone: 'UTC', producers: () => [] });
    expect([1, 2, 3, 4, 5, 6, 7].map((id) => store.getRun(id)!.sealVersion)).toEqual([1, 1, 2, 2, 2, 2, 2]);
    for (const [a, b] of [
      [2, 3],
      [3, 4],
      [4, 5],
      [3, 5],
      [5, 6],
      [6, 3],
      [6, 7],
      [7, 6],
    ] as const) {
      expect(evidence.diff(a, b, noDiffOptions), `${a} → ${b}`).toEqual(wholeDiff(a, b));
    }
    expect(evidence.diff(3, 4, noDiffOptions)).toEqual([{ checkId: MFA, scope: 'aws:123456789012', resourceId: USERS[0]!.id, from: 'fail', to: 'pass', reason: 'MFA enabled' }]);
    expect(evidence.diff(4, 5, noDiffOptions).map((c) => [c.checkId, c.from, c.to])).toEqual([
      [IN_GROUP, null, 'pass'],
      [MFA, null, 'fail'],
    ]);
    // A check that stopped running: every result it had leaves.
    expect(evidence.diff(6, 7, noDiffOptions).map((c) => [c.checkId, c.from, c.to])).toEqual(withDave.map(() => [IN_GROUP, 'pass', null]));
  });

  it("reads only the changed checks' rows, and none when no line changed", () => {
    const read: string[] = [];
    const counting = storeWith(store, {
      resultSets: (runId: number) => (read.push(`all of ${runId}`), store.resultSets(runId)),
      resultSetsOfChecks: (runId: number, checkIds: readonly string[]) => (read.push(`${checkIds.join('+')} of ${runId}`), store.resultSetsOfChecks(runId, checkIds)),
    });
    const evidence = openEvidence(counting, { timezone: 'UTC', producers: () => [] });
    evidence.diff(3, 4, noDiffOptions);
    expect(read).toEqual([`${MFA} of 3`, `${MFA} of 4`]);
    read.length = 0;
    expect(evidence.diff(5, 6, noDiffOptions)).toEqual([]);
    expect(read).toEqual([]);
    // A version-1 side: every row of both runs.
    evidence.diff(2, 3, noDiffOptions);
    expect(read).toEqual(['all of 2', 'all of 3']);
  });

  it('refuses rows of a changed check edited under its intact line, naming the run and the check', () => {
    store.close();
    const raw = new Database(path);
    raw.prepare(`UPDATE result_sets SET fail = 0, pass = pass + 1 WHERE run_id = 4 AND check_id = ?`).run(MFA);
    raw.close();
    store = EvidenceStore.open(path, { readonly: true });
    const evidence = openEvidence(store, { timezone: 'UTC', producers: () => [] });
    expect(() => evidence.diff(3, 4, noDiffOptions)).toThrow(TamperedRunError);
    expect(() => evidence.diff(3, 4, noDiffOptions)).toThrow(new RegExp(`run 4's result sets of ${MFA} do not match`));
  });
});

import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../src/store/index.js';
import { dayData, header, sealedRun, tempDb } from './fixtures.js';

/** A pid that is not alive: above the kernel's pid_max on Linux. */
const DEAD_PID = 2 ** 30;

describe('interrupted runs', () => {
  let path: string;
  let cleanup: () => void;
  let store: EvidenceStore;
  beforeEach(() => {
    ({ path, cleanup } = tempDb());
    store = EvidenceStore.open(path);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  function setWriter(runId: number, pid: number, host?: string): void {
    const raw = new Database(path);
    raw.prepare('UPDATE runs SET writer_pid = ?, writer_host = coalesce(?, writer_host) WHERE id = ?').run(pid, host ?? null, runId);
    raw.close();
  }

  it('a run whose writer died becomes incomplete, never evidence, and the chain skips it', () => {
    const first = sealedRun(store, 1);
    const crashed = store.beginRun(header(2));
    // The writer of the running row is alive (this process), so nothing is recovered yet.
    expect(store.recoverAbandonedRuns()).toEqual([]);
    setWriter(crashed, DEAD_PID);

    expect(store.recoverAbandonedRuns()).toEqual([crashed]);
    expect(store.getRun(crashed)).toMatchObject({ status: 'incomplete', seal: null });
    expect(store.latestSealedRun()?.id).toBe(first.id);
    expect(store.verify()).toMatchObject({ ok: true, runsChecked: 1, problems: [], unsealedRuns: [{ id: crashed, status: 'incomplete' }] });
    expect(() => store.completeRun(crashed, dayData(2, []))).toThrow(/incomplete, not running/);

    const third = sealedRun(store, 3);
    expect(store.getRun(third.id)?.prevSeal).toBe(first.seal);
    expect(store.previousSealedRun(third.id)?.id).toBe(first.id);
    expect(store.verify()).toMatchObject({ ok: true, runsChecked: 2, unsealedRuns: [{ id: crashed, status: 'incomplete' }] });
  });

  it('leaves runs of live writers and of other hosts alone', () => {
    const other = store.beginRun(header(1));
    setWriter(other, DEAD_PID, 'some-other-host');
    const mine = store.beginRun(header(2));
    expect(store.recoverAbandonedRuns()).toEqual([]);
    expect(store.listRuns({ status: 'running' }).map((r) => r.id)).toEqual([mine, other]);
    // A running run is reported by verify but is not a problem.
    expect(store.verify()).toMatchObject({ ok: true, runsChecked: 0 });
  });

  it('a run with this process pid that this process did not begin is abandoned (a restarted container as pid 1)', () => {
    const id = store.beginRun(header(1));
    store.close();
    // The copy is another database as far as this process's own runs go: its running row has our
    // pid and hostname, like a predecessor container that also ran as pid 1.
    const restored = `${path}.restored`;
    copyFileSync(path, restored);
    store = EvidenceStore.open(restored);
    expect(store.getRun(id)).toMatchObject({ status: 'running', writerPid: process.pid });
    expect(store.recoverAbandonedRuns()).toEqual([id]);
  });

  it('a run overtaken by a later sealed run is marked incomplete instead of forking the chain', () => {
    const early = store.beginRun(header(1));
    const late = sealedRun(store, 2);
    expect(() => store.completeRun(early, dayData(1, []))).toThrow(/later run 2 was sealed first/);
    expect(store.getRun(early)?.status).toBe('incomplete');
    expect(store.latestSealedRun()?.seal).toBe(late.seal);
    expect(store.verify().ok).toBe(true);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observation } from '../../src/model/observation.js';
import type { CheckResult } from '../../src/model/result.js';
import type { CollectionRecord, ResultSetRecord, RunHeader } from '../../src/store/index.js';
import { EvidenceStore } from '../../src/store/index.js';

/** A fresh directory per test; returns the database path inside it and a cleanup. */
export function tempDb(): { path: string; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'controlwatch-store-'));
  return { dir, path: join(dir, 'evidence.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const SCOPE = 'aws:123456789012';

export function user(name: string, mfa: boolean): Observation {
  return {
    type: 'aws.iam.user',
    id: `arn:aws:iam::123456789012:user/${name}`,
    scope: SCOPE,
    attributes: { name, mfaEnabled: mfa, groups: ['dev'] },
    source: ['iam:GetCredentialReport'],
  };
}

export function header(day: number, overrides: Partial<RunHeader> = {}): RunHeader {
  return {
    startedAt: `2025-03-${String(day).padStart(2, '0')}T06:00:00.000Z`,
    trigger: 'test',
    agentVersion: '0.1.0',
    configHash: 'c'.repeat(64),
    scope: { collectors: [{ id: 'aws-iam', scopes: [SCOPE] }] },
    exceptions: [],
    ...overrides,
  };
}

/** One day's evidence for a set of users: one collection and two checks over it. */
export function dayData(day: number, users: Observation[]) {
  const at = (min: number) => `2025-03-${String(day).padStart(2, '0')}T06:0${min}:00.000Z`;
  const collection: CollectionRecord = {
    collector: 'aws-iam',
    scope: SCOPE,
    status: 'ok',
    error: null,
    apiCalls: 3,
    throttles: 0,
    callsByOperation: { 'iam:ListUsers': 1, 'iam:GetCredentialReport': 2 },
    startedAt: at(0),
    finishedAt: at(1),
    observations: users,
    gaps: [],
  };
  const mfa: CheckResult[] = users.map((u) => ({
    checkId: 'iam.user_mfa_enabled',
    scope: SCOPE,
    resourceId: u.id,
    status: (u.attributes as { mfaEnabled: boolean }).mfaEnabled ? 'pass' : 'fail',
    reason: (u.attributes as { mfaEnabled: boolean }).mfaEnabled ? 'MFA enabled' : 'no MFA device',
  }));
  const inGroup: CheckResult[] = users.map((u) => ({
    checkId: 'iam.user_in_group',
    scope: SCOPE,
    resourceId: u.id,
    status: 'pass',
    reason: 'member of dev',
  }));
  const resultSets: ResultSetRecord[] = [
    { checkId: 'iam.user_mfa_enabled', scope: SCOPE, results: mfa },
    { checkId: 'iam.user_in_group', scope: SCOPE, results: inGroup },
  ];
  return { finishedAt: at(2), collections: [collection], resultSets };
}

export const USERS = [user('alice', true), user('bob', false), user('carol', true)];

/** Begins and completes one run for the given day; returns its id and seal. */
export function sealedRun(store: EvidenceStore, day: number, users: Observation[] = USERS): { id: number; seal: string } {
  const id = store.beginRun(header(day));
  const { seal } = store.completeRun(id, dayData(day, users));
  return { id, seal };
}

/** A scope large enough that its manifest and results are stored as chunk trees (tree-layout.ts). */
export function manyUsers(count: number): Observation[] {
  return Array.from({ length: count }, (_, i) => user(`u${String(i).padStart(4, '0')}`, i % 3 !== 0));
}

/** `users` with the one at `index` replaced by a copy whose MFA flag is flipped. */
export function withFlippedMfa(users: Observation[], index: number): Observation[] {
  const target = users[index]!;
  const mfa = (target.attributes as { mfaEnabled: boolean }).mfaEnabled;
  return users.map((u, i) => (i === index ? user((u.attributes as { name: string }).name, !mfa) : u));
}

/**
 * A store of 20 sealed runs whose scopes each fill most of a page, its WAL folded into the file (so that damage
 * written into the file is what a reader sees); returns the page size.
 */
export function storeWithPaddedRuns(path: string): number {
  const store = EvidenceStore.open(path);
  for (let i = 0; i < 20; i++) {
    const day = `2026-03-${String(i + 1).padStart(2, '0')}`;
    const id = store.beginRun({ startedAt: `${day}T06:00:00.000Z`, trigger: 'test', agentVersion: 'test', configHash: 'x', scope: { filler: 'y'.repeat(3000), i }, exceptions: [] });
    store.completeRun(id, { finishedAt: `${day}T06:00:01.000Z`, collections: [], resultSets: [] });
  }
  store.close();
  const db = new Database(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    return Number(db.pragma('page_size', { simple: true }));
  } finally {
    db.close();
  }
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EvidenceStore } from '../../src/store/index.js';

/** The scope and check of the stores below: one IAM user, alice, failing console MFA every day. */
export const MFA_SCOPE = 'aws:111111111111';
export const MFA_CHECK = 'iam.user_console_mfa_enabled';

/**
 * A store with one sealed run per day (06:00 UTC), each failing alice's MFA check: the smallest chain the
 * tamper tests edit. Its directory is pushed onto `dirs` for the caller to remove.
 */
export function failingMfaStore(days: readonly string[], dirs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-mfa-chain-'));
  dirs.push(dir);
  const path = join(dir, 'e.db');
  const store = EvidenceStore.open(path);
  const user = 'arn:aws:iam::111111111111:user/alice';
  for (const day of days) {
    const runId = store.beginRun({ startedAt: `${day}T06:00:00.000Z`, trigger: 'test', agentVersion: 'test', configHash: 'x', scope: {}, exceptions: [] });
    store.completeRun(runId, {
      finishedAt: `${day}T06:00:01.000Z`,
      collections: [
        {
          collector: 'aws-iam', scope: MFA_SCOPE, status: 'ok', error: null, apiCalls: 1, throttles: 0, callsByOperation: { 'iam:ListUsers': 1 },
          startedAt: `${day}T06:00:00.100Z`, finishedAt: `${day}T06:00:00.900Z`,
          observations: [{ type: 'aws.iam.user', id: user, scope: MFA_SCOPE, attributes: { mfa: false }, source: ['iam:ListUsers'] }],
          gaps: [],
        },
      ],
      resultSets: [{ checkId: MFA_CHECK, scope: MFA_SCOPE, results: [{ checkId: MFA_CHECK, scope: MFA_SCOPE, resourceId: user, status: 'fail', reason: 'no MFA' }] }],
    });
  }
  store.close();
  return path;
}

/** Edits the store behind the agent's back, as an attacker with the file would. */
export function tamper(path: string, sql: string): void {
  const db = new Database(path);
  db.exec(sql);
  db.close();
}

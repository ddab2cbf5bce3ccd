import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { AppConfig } from '../../src/config/schema.js';
import type { ServerConfig } from '../../src/config/server-schema.js';
import { backfillHistory } from '../../src/demo/backfill.js';
import type { HistoryScenario } from '../../src/demo/history-scenario.js';
import { demoExceptions } from '../../src/demo/history-scenario.js';
import { startLiveEstate } from '../../src/demo/live-estate.js';
import { loadRegistry, type Registry } from '../../src/registry/index.js';

/**
 * A short history written by the demo's own backfill (real runs against the fakes): six days ending
 * today, the agent down on day -3, the evidence bucket drifted on days -5 and -4, the sandbox root-key
 * exception expiring on day -2, the A.5.18 access review attested on day -2 (before that day's run).
 * Today has no run, so it is grey too.
 */
export const SHORT_HISTORY: HistoryScenario = {
  days: 6,
  runHourUtc: 6,
  outage: [-3],
  drift: { from: -5, to: -4, account: '111111111111', bucket: 'prod-audit-evidence', control: 'A.5.33' },
  exceptionExpires: -2,
  accessReview: -2,
};

export const TOKEN = 'test-token-0123456789abcdef';

export interface ServedStore {
  readonly dbPath: string;
  readonly config: AppConfig;
  /** Loopback on an ephemeral port, with a token. */
  readonly server: ServerConfig;
  readonly registry: Registry;
  readonly now: Date;
  /** The audit days -5 … 0. */
  readonly days: readonly string[];
  cleanup(): void;
}

export async function servedStore(): Promise<ServedStore> {
  const dir = mkdtempSync(join(tmpdir(), 'cw-server-'));
  const dbPath = join(dir, 'evidence.db');
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const live = await startLiveEstate({ exceptions: demoExceptions(today, SHORT_HISTORY) });
  try {
    const registry = loadRegistry(live.config);
    await backfillHistory({ dbPath, live, registry, log: pino({ level: 'silent' }), now, scenario: SHORT_HISTORY });
    const server: ServerConfig = { listen: '127.0.0.1:0', token: TOKEN, allowUnauthenticated: false, trustProxy: false };
    const days = [-5, -4, -3, -2, -1, 0].map((o) => new Date(Date.parse(`${today}T00:00:00Z`) + o * 86_400_000).toISOString().slice(0, 10));
    return { dbPath, config: live.config, server, registry, now, days, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } finally {
    await live.close();
  }
}

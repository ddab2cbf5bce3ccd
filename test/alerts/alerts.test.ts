import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseConfig } from '../../src/config/load.js';
import { loadRegistry } from '../../src/registry/index.js';
import { startDaemon } from '../../src/scheduler/daemon.js';
import { silentLogger } from '../../src/log.js';
import { EvidenceStore } from '../../src/store/index.js';
import type { RunOutcome } from '../../src/runner/run.js';
import { startDemoFakes, writeDemoConfig, type DemoFakes } from '../scheduler/helpers.js';

/** A webhook receiver on loopback: records every body; answers 500 to the first `failFirst` requests. */
async function receiver(failFirst: number): Promise<{ url: string; bodies: Array<Record<string, unknown>>; statuses: number[]; server: Server }> {
  const bodies: Array<Record<string, unknown>> = [];
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += String(d)));
    req.on('end', () => {
      const status = statuses.length < failFirst ? 500 : 200;
      statuses.push(status);
      if (status === 200) bodies.push(JSON.parse(text) as Record<string, unknown>);
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/T0KEN-s3cr3t-path`, bodies, statuses, server };
}

const CHECK = 'iam.password_policy_strong';
const STRONG = { minimum_length: 14, require_symbols: true, require_numbers: true, require_uppercase: true, require_lowercase: true, allow_users_to_change: true, reuse_prevention: 24, hard_expiry: false };

describe('alerts from the daemon', () => {
  let fakes: DemoFakes;
  beforeAll(async () => {
    fakes = await startDemoFakes();
  });
  afterAll(async () => {
    await fakes?.close();
  });

  it('a control that flips sends exactly one "started failing" and one "recovered"; a 500 is retried and the delivery recorded', { timeout: 120_000 }, async () => {
    const hook = await receiver(1);
    try {
      const prod = fakes.estate.aws!.accounts.find((a) => a.id === '111111111111')!;
      for (const account of fakes.estate.aws!.accounts) account.password_policy = { ...STRONG };
      const every = loadRegistry(parseConfig(readFileSync(writeDemoConfig('').config, 'utf8'), 'demo', fakes.env)).checks.map((c) => c.definition.id);
      const { config: file, db } = writeDemoConfig(
        [
          'schedule:\n  cron: "* * * * * *"\n  shutdownGrace: 30s',
          'alerts:\n  retryMinDelayMs: 20\n  webhooks:\n    - url: ${CW_TEST_WEBHOOK}\n      format: json\n      events: [control_failing, control_recovered]',
        ].join('\n'),
      );
      // Only the password-policy check runs, so the controls it maps to flip exactly when it does.
      const doc = parseYaml(readFileSync(file, 'utf8')) as { checks?: { disabled?: string[] } };
      doc.checks = { ...doc.checks, disabled: every.filter((id) => id !== CHECK) };
      const text = stringifyYaml(doc);
      const config = parseConfig(text, file, { ...fakes.env, CW_TEST_WEBHOOK: hook.url });

      const sealed: RunOutcome[] = [];
      let finish!: () => void;
      const fourRuns = new Promise<void>((r) => (finish = r));
      const daemon = await startDaemon({
        config,
        dbPath: db,
        log: silentLogger,
        onRunSealed: (outcome) => {
          sealed.push(outcome);
          // pass → fail → pass → pass
          if (sealed.length === 1) prod.password_policy = { ...STRONG, minimum_length: 8 };
          if (sealed.length === 2) prod.password_policy = { ...STRONG };
          if (sealed.length === 4) finish();
        },
      });
      await fourRuns;
      await daemon.idle();
      await daemon.stop();

      expect(sealed.map((o) => o.results.filter((r) => r.checkId === CHECK).some((r) => r.status === 'fail'))).toEqual([false, true, false, false]);
      const controls = loadRegistry(config).checks.find((c) => c.definition.id === CHECK)!.metadata.mappings;
      const expected = Object.entries(controls).flatMap(([framework, ids]) => ids.map((id) => `${framework} ${id}`)).sort();
      expect(expected.length).toBeGreaterThan(0);
      const of = (type: string) => hook.bodies.filter((b) => b.event === type).map((b) => { const d = b.details as Record<string, string>; return `${d.framework} ${d.control}`; }).sort();
      expect(of('control_failing')).toEqual(expected);
      expect(of('control_recovered')).toEqual(expected);
      expect(hook.bodies).toHaveLength(2 * expected.length);
      expect(hook.bodies.filter((b) => b.event === 'control_failing').every((b) => b.runId === sealed[1]!.runId)).toBe(true);
      // No secret in any payload: not the webhook URL's token, not the fake's credentials.
      const wire = JSON.stringify(hook.bodies);
      expect(wire).not.toContain('T0KEN');
      for (const a of fakes.estate.aws!.accounts) expect(wire).not.toContain(a.credentials.secret_access_key);

      // The first delivery met a 500, was retried, and both facts are recorded; the URL is not.
      expect(hook.statuses[0]).toBe(500);
      const store = EvidenceStore.open(db, { readonly: true });
      try {
        const deliveries = store.alertDeliveries();
        expect(deliveries).toHaveLength(2 * expected.length);
        expect(deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2, httpStatus: 200, webhook: 0, format: 'json' });
        expect(deliveries.slice(1).every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
        expect(JSON.stringify(deliveries)).not.toContain('T0KEN');
        expect(store.verify().ok).toBe(true);
      } finally {
        store.close();
      }
    } finally {
      hook.server.close();
    }
  });
});

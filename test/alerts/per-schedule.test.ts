import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseConfig } from '../../src/config/load.js';
import { loadRegistry } from '../../src/registry/index.js';
import { startDaemon } from '../../src/scheduler/daemon.js';
import { silentLogger } from '../../src/log.js';
import { readLedger, startDemoFakes, writeDemoConfig, type DemoFakes } from '../scheduler/helpers.js';

/**
 * With per-collector schedules, the sealed run just before an AWS run is often a GitHub run that tested no
 * AWS control: compared with it, an AWS control that starts failing would never be announced. The daemon
 * compares each run with its own schedule's previous run. Real runs over the demo fakes; the schedules'
 * slots come from a clock the test moves between daemon starts (each start catches both schedules up).
 */
const CHECK = 'iam.password_policy_strong';
const STRONG = { minimum_length: 14, require_symbols: true, require_numbers: true, require_uppercase: true, require_lowercase: true, allow_users_to_change: true, reuse_prevention: 24, hard_expiry: false };

async function receiver(): Promise<{ url: string; bodies: Array<Record<string, unknown>>; server: Server }> {
  const bodies: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += String(d)));
    req.on('end', () => {
      bodies.push(JSON.parse(text) as Record<string, unknown>);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, server };
}

describe('alerts with per-collector schedules', () => {
  let fakes: DemoFakes;
  beforeAll(async () => {
    fakes = await startDemoFakes();
  });
  afterAll(async () => {
    await fakes?.close();
  });

  it('an AWS control that flips between two AWS runs is announced once each way, although a GitHub run sealed in between', { timeout: 180_000 }, async () => {
    const hook = await receiver();
    try {
      const prod = fakes.estate.aws!.accounts.find((a) => a.id === '111111111111')!;
      for (const account of fakes.estate.aws!.accounts) account.password_policy = { ...STRONG };
      const every = loadRegistry(parseConfig(readFileSync(writeDemoConfig('').config, 'utf8'), 'demo', fakes.env)).checks.map((c) => c.definition.id);
      const { config: file, db } = writeDemoConfig('alerts:\n  webhooks:\n    - url: ${CW_TEST_WEBHOOK}\n      events: [control_failing, control_recovered]\n');
      const doc = parseYaml(readFileSync(file, 'utf8')) as { checks?: { disabled?: string[] } };
      doc.checks = { ...doc.checks, disabled: every.filter((id) => id !== CHECK) };
      const config = parseConfig(stringifyYaml(doc), file, { ...fakes.env, CW_TEST_WEBHOOK: hook.url });
      const schedules = [
        { id: 'default', cron: '0 6 * * *', timezone: 'UTC', collectors: ['aws-iam'] },
        { id: 'github', cron: '0 * * * *', timezone: 'UTC', collectors: ['github'] },
      ];
      let now = new Date('2026-12-06T05:30:00.000Z');
      const startAt = async (iso: string) => {
        now = new Date(iso);
        const daemon = await startDaemon({ config, dbPath: db, log: silentLogger, clock: () => now, schedules });
        await daemon.idle();
        await daemon.stop();
      };
      await startAt('2026-12-06T05:30:00.000Z'); // states the first slots
      await startAt('2026-12-06T06:30:00.000Z'); // AWS run (strong policy: pass), then a GitHub run
      prod.password_policy = { ...STRONG, minimum_length: 8 };
      await startAt('2026-12-07T06:30:00.000Z'); // AWS run (fail), then a GitHub run
      prod.password_policy = { ...STRONG };
      await startAt('2026-12-08T06:30:00.000Z'); // AWS run (pass again), then a GitHub run

      const aws = readLedger(db).filter((s) => s.schedule === 'default' && s.status === 'ran').map((s) => s.runId!);
      const github = readLedger(db).filter((s) => s.schedule === 'github' && s.status === 'ran').map((s) => s.runId!);
      expect(aws).toHaveLength(3);
      expect(github).toHaveLength(3);
      // Each AWS run after the first follows a GitHub run: the sealed run before it tested no IAM control.
      expect(github.some((g) => g === aws[1]! - 1)).toBe(true);

      const events = hook.bodies.map((b) => b as { event: string; runId: number; details: { framework: string; control: string; previousRunId: number } });
      const failing = events.filter((e) => e.event === 'control_failing');
      const recovered = events.filter((e) => e.event === 'control_recovered');
      const controls = (list: typeof events) => list.map((e) => `${e.details.framework} ${e.details.control}`).sort();
      expect(failing.length).toBeGreaterThan(0);
      expect(new Set(failing.map((e) => e.runId))).toEqual(new Set([aws[1]]));
      expect(new Set(failing.map((e) => e.details.previousRunId))).toEqual(new Set([aws[0]]));
      expect(new Set(recovered.map((e) => e.runId))).toEqual(new Set([aws[2]]));
      // Exactly one of each per control.
      expect(controls(failing)).toContain('iso27001-2022 A.8.5');
      expect(controls(recovered)).toEqual(controls(failing));
      expect(new Set(controls(failing)).size).toBe(failing.length);
      expect(events).toHaveLength(failing.length + recovered.length);
    } finally {
      hook.server.close();
    }
  });
});

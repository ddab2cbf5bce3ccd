import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app.js';
import { UnsafeServerConfigError } from '../../src/server/auth.js';
import { servedStore, TOKEN, type ServedStore } from './fixture.js';

let served: ServedStore;
let app: FastifyInstance;
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  served = await servedStore();
  app = buildServer({ config: served.config, server: served.server, dbPath: served.dbPath, registry: served.registry, clock: () => served.now }).app;
  await app.ready();
}, 180_000);

afterAll(async () => {
  await app?.close();
  served?.cleanup();
});

const get = (url: string, headers: Record<string, string> = auth) => app.inject({ method: 'GET', url, headers });

describe('authentication', () => {
  it('answers 401 without the bearer token and 200 with it, on the dashboard, the API and /metrics', async () => {
    for (const url of ['/', '/api/runs', '/metrics', '/api/slots']) {
      const without = await get(url, {});
      expect(without.statusCode, url).toBe(401);
      expect(without.headers['www-authenticate']).toMatch(/^Bearer/);
      expect((await get(url, { authorization: 'Bearer wrong-token-0123456789' })).statusCode, url).toBe(401);
      expect((await get(url)).statusCode, url).toBe(200);
    }
  });

  it('keeps /healthz and /readyz open (probes send no token)', async () => {
    expect((await get('/healthz', {})).json()).toEqual({ status: 'ok' });
    expect((await get('/readyz', {})).statusCode).toBe(200);
  });

  it('refuses to build on a non-loopback address without a token, naming the key', () => {
    const server = { listen: '0.0.0.0:8080', allowUnauthenticated: false };
    expect(() => buildServer({ config: served.config, server, dbPath: served.dbPath, registry: served.registry })).toThrow(UnsafeServerConfigError);
    expect(() => buildServer({ config: served.config, server, dbPath: served.dbPath, registry: served.registry })).toThrow(/server\.token is required/);
  });

  it('serves without a token on loopback, or on any address when allowUnauthenticated says so', async () => {
    for (const server of [
      { listen: '127.0.0.1:0', allowUnauthenticated: false },
      { listen: '0.0.0.0:0', allowUnauthenticated: true },
    ]) {
      const open = buildServer({ config: served.config, server, dbPath: served.dbPath, registry: served.registry }).app;
      expect((await open.inject({ method: 'GET', url: '/api/runs' })).statusCode).toBe(200);
      await open.close();
    }
  });
});

describe('security headers', () => {
  it('sets a CSP without external sources, nosniff, no framing and no-store on every answer', async () => {
    for (const url of ['/', '/api/runs', '/metrics', '/healthz']) {
      const h = (await get(url)).headers;
      const csp = String(h['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/https?:|\*/);
      expect(h['x-content-type-options']).toBe('nosniff');
      expect(h['x-frame-options']).toBe('DENY');
      expect(h['cache-control']).toBe('no-store');
      expect(h['referrer-policy']).toBe('same-origin');
    }
  });
});

describe('/readyz', () => {
  it('is 503 with the reason when the last sealed run is older than twice the schedule interval', async () => {
    const strict = buildServer({ config: served.config, server: served.server, dbPath: served.dbPath, registry: served.registry, clock: () => served.now, scheduleIntervalMs: 60_000 }).app;
    const res = await strict.inject({ method: 'GET', url: '/readyz' });
    await strict.close();
    expect(res.statusCode).toBe(503);
    expect(res.json().reasons.join('\n')).toMatch(/older than 2× the schedule interval \(120 s\)/);
  });

  it('with per-collector schedules, judges each schedule’s latest run by its own interval and names the late one', async () => {
    const runs = (await get('/api/runs?days=6')).json().runs as { id: number }[];
    const latest = runs[0]!.id;
    const slot = (schedule: string, status: string, runId: number | null) => ({ schedule, slotAt: '2026-01-01T06:00:00.000Z', status, runId, reason: null });
    const ledger = { slots: () => [slot('default', 'ran', latest), slot('github', 'ran', latest), slot('github', 'missed', null)] };
    const build = (githubIntervalMs: number) =>
      buildServer({
        config: served.config, server: served.server, dbPath: served.dbPath, registry: served.registry, clock: () => served.now, ledger,
        schedules: [{ id: 'default', intervalMs: 86_400_000 }, { id: 'github', intervalMs: githubIntervalMs }],
      }).app;
    // The latest run is yesterday's 06:00: fine for a daily schedule, late for an hourly one.
    const hourly = build(3_600_000);
    const late = await hourly.inject({ method: 'GET', url: '/readyz' });
    const families = parsePrometheusTextFormat((await hourly.inject({ method: 'GET', url: '/metrics', headers: auth })).body);
    await hourly.close();
    expect(late.statusCode).toBe(503);
    expect(late.json().reasons).toEqual([expect.stringMatching(/^schedule github: its last run \d+ finished .* older than 2× its interval \(7200 s\)$/)]);
    expect(late.json().schedules.map((s: { id: string; lastRunId: number }) => [s.id, s.lastRunId])).toEqual([['default', latest], ['github', latest]]);
    const missed = families.find((f) => f.name === 'controlwatch_missed_slots')!.metrics.map((m) => [m.labels?.schedule, Number(m.value)]);
    expect(missed).toEqual([['default', 0], ['github', 1]]);
    const daily = build(86_400_000);
    expect((await daily.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await daily.close();
  });

  it('is 503 naming the database when there is none', async () => {
    const none = buildServer({ config: served.config, server: served.server, dbPath: `${served.dbPath}.absent`, registry: served.registry }).app;
    const res = await none.inject({ method: 'GET', url: '/readyz' });
    await none.close();
    expect(res.statusCode).toBe(503);
    expect(res.json().reasons.join('\n')).toContain('.absent');
  });
});

describe('/metrics', () => {
  const value = (families: ReturnType<typeof parsePrometheusTextFormat>, name: string, labels: Record<string, string> = {}) => {
    const family = families.find((f) => f.name === name);
    expect(family, name).toBeDefined();
    const sample = family!.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    expect(sample, `${name} ${JSON.stringify(labels)}`).toBeDefined();
    return Number(sample!.value);
  };

  it('parses as Prometheus text and carries the service figures', async () => {
    const res = await get('/metrics');
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusTextFormat(res.body);
    for (const f of families) expect(f.type, f.name).toBe('GAUGE');

    // The latest sealed run is day -1 at 06:00 UTC.
    const age = value(families, 'controlwatch_last_sealed_run_age_seconds');
    expect(age).toBeGreaterThan(0);
    expect(age).toBeLessThan(2 * 86_400);
    expect(value(families, 'controlwatch_last_run_duration_seconds')).toBeGreaterThan(0);
    expect(value(families, 'controlwatch_results', { check: 'iam.password_policy_strong', status: 'fail' })).toBe(1);
    expect(value(families, 'controlwatch_results', { check: 'iam.password_policy_strong', status: 'excepted' })).toBe(1);
    expect(value(families, 'controlwatch_results', { check: 'iam.root_no_access_keys', status: 'fail' })).toBe(1);
    expect(value(families, 'controlwatch_failing_controls', { framework: 'iso27001-2022' })).toBeGreaterThan(0);
    expect(value(families, 'controlwatch_failing_controls', { framework: 'soc2-2017' })).toBeGreaterThan(0);
    expect(value(families, 'controlwatch_collector_api_calls', { collector: 'aws-iam' })).toBeGreaterThan(0);
    expect(value(families, 'controlwatch_collector_throttles', { collector: 'aws-iam' })).toBeGreaterThanOrEqual(0);
    const a533 = value(families, 'controlwatch_control_evidence_age_seconds', { framework: 'iso27001-2022', control: 'A.5.33' });
    expect(a533).toBeCloseTo(age, 0);
    expect(value(families, 'controlwatch_missed_slots')).toBe(0);
    expect(families.find((f) => f.name === 'controlwatch_missed_slots')?.help).toMatch(/no slot is recorded/);
    // The served demo's password-policy exception expires in 20 days, its root-key one expired on day -2;
    // the demo config's own register may add some (its dates come from the environment).
    const today = served.days[5]!;
    const in30 = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    const soon = served.config.exceptions.filter((e) => e.expires >= today && e.expires <= in30);
    expect(soon.map((e) => e.check)).toContain('iam.password_policy_strong');
    expect(soon.map((e) => e.check)).not.toContain('iam.root_no_access_keys');
    expect(value(families, 'controlwatch_exceptions_expiring')).toBe(soon.length);
  });
});

describe('JSON API', () => {
  it('/api/runs lists the backfilled runs, newest first, with their audit days (none on the outage day)', async () => {
    const body = (await get('/api/runs?days=6')).json();
    expect(body.timezone).toBe('UTC');
    expect(body.runs.map((r: { day: string }) => r.day)).toEqual([served.days[4], served.days[3], served.days[1], served.days[0]]);
    for (const r of body.runs) {
      expect(r).toMatchObject({ trigger: 'demo', status: 'sealed' });
      expect(r.seal).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('/api/runs/:id/results gives the run, its coverage and per-resource results; the expired exception turns into a fail', async () => {
    const runs = (await get('/api/runs?days=6')).json().runs as { id: number; day: string }[];
    const rootKeys = async (id: number) => {
      const body = (await get(`/api/runs/${id}/results`)).json();
      expect(body.run.id).toBe(id);
      expect(body.coverage.status).toBe('complete');
      return body.results.find((r: { checkId: string; resourceId: string }) => r.checkId === 'iam.root_no_access_keys' && r.resourceId === 'arn:aws:iam::222222222222:root');
    };
    const onExpiryDay = runs.find((r) => r.day === served.days[3])!;
    const dayAfter = runs.find((r) => r.day === served.days[4])!;
    expect((await rootKeys(onExpiryDay.id)).status).toBe('excepted');
    expect((await rootKeys(dayAfter.id)).status).toBe('fail');
  });

  it('/api/runs/:id/results refuses an unknown run (404) and a malformed id (400)', async () => {
    expect((await get('/api/runs/9999/results')).statusCode).toBe(404);
    expect((await get('/api/runs/nine/results')).statusCode).toBe(400);
  });

  // The drift removes Object Lock from prod-audit-evidence on days 0 and 1. SOC 2 PI1.5 is tested by Object Lock and
  // versioning only, so its history shows the drift and the recovery; ISO A.5.33 is also tested by
  // s3.bucket_mfa_delete_enabled, which fails every day on prod-access-logs (the demo bucket has no MFA delete),
  // so A.5.33 stays failing after the drift is undone — with that check's failure as the reason.
  it('/api/controls/:framework/:control/history: the drift, the grey outage day, the recovery, and a grey today', async () => {
    const body = (await get('/api/controls/soc2-2017/PI1.5/history?days=6')).json();
    expect(body).toMatchObject({ framework: 'soc2-2017', controlId: 'PI1.5', checks: expect.arrayContaining(['s3.bucket_object_lock_enabled']) });
    expect(body.days.map((d: { day: string; status: string }) => [d.day, d.status])).toEqual([
      [served.days[0], 'fail'],
      [served.days[1], 'fail'],
      [served.days[2], 'no_evidence'],
      [served.days[3], 'pass'],
      [served.days[4], 'pass'],
      [served.days[5], 'no_evidence'],
    ]);
    expect((await get('/api/controls/iso27001-2022/A.99/history')).statusCode).toBe(404);
  });

  it('/api/controls/…/A.5.33/history: the drift fails it, and after the recovery it still fails on MFA delete of prod-access-logs', async () => {
    const body = (await get('/api/controls/iso27001-2022/A.5.33/history?days=6')).json();
    expect(body.checks).toEqual(expect.arrayContaining(['s3.bucket_object_lock_enabled', 's3.bucket_mfa_delete_enabled']));
    const days = body.days as { day: string; status: string; counts: { fail: number }; shownRunId: number | null }[];
    expect(days.map((d) => [d.day, d.status])).toEqual([
      [served.days[0], 'fail'],
      [served.days[1], 'fail'],
      [served.days[2], 'no_evidence'],
      [served.days[3], 'fail'],
      [served.days[4], 'fail'],
      [served.days[5], 'no_evidence'],
    ]);
    // One failing result fewer once Object Lock is back: the drift's failure is gone, MFA delete's remains.
    expect(days[3]!.counts.fail).toBe(days[0]!.counts.fail - 1);
    const failing = async (runId: number) =>
      ((await get(`/api/runs/${runId}/results`)).json().results as { checkId: string; resourceId: string; status: string }[])
        .filter((r) => r.status === 'fail' && body.checks.includes(r.checkId))
        .map((r) => `${r.checkId} ${r.resourceId}`)
        .sort();
    expect(await failing(days[0]!.shownRunId!)).toEqual(['s3.bucket_mfa_delete_enabled arn:aws:s3:::prod-access-logs', 's3.bucket_object_lock_enabled arn:aws:s3:::prod-audit-evidence']);
    expect(await failing(days[4]!.shownRunId!)).toEqual(['s3.bucket_mfa_delete_enabled arn:aws:s3:::prod-access-logs']);
  });

  // A.5.18 is tested by IAM and GitHub checks and declared a quarterly manual control (config/demo); the backfill
  // attests the access review on day 3 before that day's run. Each day carries the attested status the day's run
  // sealed, and the day's status is the worse of the checks and the attestation: before the review no evidence
  // (never a pass), from it on the review passes within its cadence.
  it('/api/controls/…/A.5.18/history: never attested before the review, attested (pass within cadence) from its day on', async () => {
    const body = (await get('/api/controls/iso27001-2022/A.5.18/history?days=6')).json();
    const days = body.days as { day: string; status: string; counts: { pass: number; fail: number; error: number }; attestation?: { status: string; lastAttested: string | null; due: string | null; recordHash: string | null; reason: string } }[];
    expect(days.map((d) => [d.day, d.attestation?.status ?? null])).toEqual([
      [served.days[0], 'no_evidence'],
      [served.days[1], 'no_evidence'],
      [served.days[2], null],
      [served.days[3], 'pass'],
      [served.days[4], 'pass'],
      [served.days[5], null],
    ]);
    expect(days[0]!.attestation!.reason).toMatch(/^never attested \(cadence quarterly\)/);
    expect(days[4]!.attestation).toMatchObject({ lastAttested: served.days[3], due: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), recordHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(days[4]!.attestation!.reason).toContain(`attested on ${served.days[3]} by dana`);
    // Worse of both: A.5.18's IAM and GitHub checks fail in the demo estate, so its days stay red; the review never hides them.
    expect(days.map((d) => d.status)).toEqual(['fail', 'fail', 'no_evidence', 'fail', 'fail', 'no_evidence']);
    expect(days[4]!.counts.fail).toBeGreaterThan(0);
  });

  it('/api/slots says when no daemon has recorded a slot', async () => {
    expect((await get('/api/slots')).json()).toEqual({ slots: [], note: expect.stringContaining('no daemon schedule has run') });
  });
});

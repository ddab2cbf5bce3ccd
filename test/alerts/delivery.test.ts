import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlerter } from '../../src/alerts/alerter.js';
import { expiringExceptionEvents, missedSlotsEvent, type AlertEvent } from '../../src/alerts/events.js';
import { slackPayload } from '../../src/alerts/payload.js';
import { createLogger } from '../../src/log.js';
import { EvidenceStore } from '../../src/store/index.js';
import { AlertsSection } from '../../src/config/daemon-schema.js';

/** A receiver answering every request with one status; counts requests. */
let server: Server;
let base: string;
const hits: Record<string, number> = {};
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits[req.url!] = (hits[req.url!] ?? 0) + 1;
      res.statusCode = Number(req.url!.split('/')[1]);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => void server.close());

function capture(): { stream: Writable; text: () => string } {
  let out = '';
  return { stream: new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) }), text: () => out };
}

const event: AlertEvent = { type: 'slot_missed', key: 'slot_missed:a:b', summary: 'scheduled run missed', runId: null, details: { count: 1 } };

describe('webhook delivery', () => {
  it('a webhook that keeps failing is retried with backoff, then recorded as failed — and retried next time the event comes up', async () => {
    const store = EvidenceStore.open(join(mkdtempSync(join(tmpdir(), 'cw-alert-')), 'a.db'));
    const logs = capture();
    try {
      const url = `${base}/503/hook-secret-xyz`;
      const config = AlertsSection.parse({ webhooks: [{ url }], retries: 2, retryMinDelayMs: 5 });
      const alerter = createAlerter({ config, store, log: createLogger('info', logs.stream), secrets: [] });
      await alerter.send([event]);
      expect(hits['/503/hook-secret-xyz']).toBe(3);
      expect(store.alertDeliveries()).toMatchObject([{ eventKey: event.key, status: 'failed', attempts: 3, httpStatus: 503, error: 'webhook answered HTTP 503' }]);
      await alerter.send([event]);
      expect(store.alertDeliveries().map((d) => d.status)).toEqual(['failed', 'failed']);
      // The URL (a secret) is in no log line and no recorded row.
      expect(logs.text()).toContain('webhook delivery failed; retrying');
      expect(logs.text()).not.toContain('hook-secret-xyz');
      expect(JSON.stringify(store.alertDeliveries())).not.toContain('hook-secret-xyz');
    } finally {
      store.close();
    }
  });

  it('a 4xx other than 408/429 is final (not retried); a delivered event is never sent twice', async () => {
    const store = EvidenceStore.open(join(mkdtempSync(join(tmpdir(), 'cw-alert-')), 'a.db'));
    try {
      const config = AlertsSection.parse({ webhooks: [{ url: `${base}/404/x` }, { url: `${base}/200/y`, format: 'slack' }], retries: 3, retryMinDelayMs: 5 });
      const alerter = createAlerter({ config, store, log: createLogger('silent'), secrets: [] });
      await alerter.send([event]);
      await alerter.send([event]);
      expect(hits['/404/x']).toBe(2); // one attempt each time: not retried, and not delivered so tried again
      expect(hits['/200/y']).toBe(1); // delivered once, then remembered
      expect(store.alertDeliveries().map((d) => [d.webhook, d.status, d.attempts, d.httpStatus])).toEqual([
        [0, 'failed', 1, 404],
        [1, 'delivered', 1, 200],
        [0, 'failed', 1, 404],
      ]);
    } finally {
      store.close();
    }
  });

  it('an unreachable webhook is recorded with the cause and without its URL', async () => {
    const store = EvidenceStore.open(join(mkdtempSync(join(tmpdir(), 'cw-alert-')), 'a.db'));
    try {
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((r) => closed.close(() => r()));
      const config = AlertsSection.parse({ webhooks: [{ url: `http://127.0.0.1:${port}/tok-123456` }], retries: 0 });
      await createAlerter({ config, store, log: createLogger('silent'), secrets: [] }).send([event]);
      const [d] = store.alertDeliveries();
      expect(d).toMatchObject({ status: 'failed', attempts: 1, httpStatus: null });
      expect(d!.error).toContain('ECONNREFUSED');
      expect(d!.error).not.toContain('tok-123456');
    } finally {
      store.close();
    }
  });
});

describe('alert events', () => {
  it('an exception is announced within N days of its expiry, not before and not after', () => {
    const exceptions = [
      { id: 'EXC-1', expires: '2026-12-20', covers: 's3.x on a' },
      { id: 'EXC-2', expires: '2027-03-01', covers: 's3.x on b' },
      { id: 'EXC-3', expires: '2026-12-01', covers: 's3.x on c' },
      { id: 'EXC-4', expires: '2026-12-06', covers: 's3.x on d' },
    ];
    const events = expiringExceptionEvents(exceptions, '2026-12-06', 14);
    expect(events.map((e) => [e.key, e.summary])).toEqual([
      ['exception_expiring:EXC-1:2026-12-20', 'exception EXC-1 (s3.x on a) expires in 14 days (2026-12-20)'],
      ['exception_expiring:EXC-4:2026-12-06', 'exception EXC-4 (s3.x on d) expires today (2026-12-06)'],
    ]);
  });

  it('an outage is one message naming its slots; Slack payloads escape mrkdwn', () => {
    const e = missedSlotsEvent(['2026-12-01T06:00:00.000Z', '2026-12-02T06:00:00.000Z'], 'agent down')!;
    expect(e.summary).toBe('2 scheduled runs from 2026-12-01T06:00:00.000Z to 2026-12-02T06:00:00.000Z were missed: agent down');
    expect(missedSlotsEvent([], 'x')).toBeNull();
    const slack = slackPayload({ ...e, summary: 'a <b> & c' }, '2026-12-06T00:00:00.000Z') as { text: string };
    expect(slack.text).toBe('Scheduled run missed: a &lt;b&gt; &amp; c');
  });
});

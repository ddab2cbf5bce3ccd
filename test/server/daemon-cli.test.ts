import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { finished, runCliProcess, spawnCli } from '../helpers/cli.js';

/** `controlwatch daemon` starts the HTTP server before its first run, and refuses an unauthenticated non-loopback listen. */
const dir = mkdtempSync(join(tmpdir(), 'cw-daemon-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(name: string, server: string): string {
  const path = join(dir, name);
  writeFileSync(path, `version: 1\nserver:\n${server}`);
  return path;
}

describe('daemon HTTP server', () => {
  it('refuses to start on 0.0.0.0 without a token, naming server.token, before touching the store (exit 2)', async () => {
    const db = join(dir, 'refused.db');
    const r = await runCliProcess(['-c', config('open.yaml', '  listen: 0.0.0.0:0\n'), '--db', db, 'daemon']);
    expect(r.code, r.stderr).toBe(EXIT.usage);
    expect(r.stderr).toContain('server.token is required');
    expect(r.stderr).toContain('server.allowUnauthenticated');
    expect(existsSync(db)).toBe(false);
  }, 60_000);

  it('refuses a per-collector schedule naming no collector, listing the collectors, before touching the store (exit 2)', async () => {
    const db = join(dir, 'unknown-collector.db');
    const path = join(dir, 'unknown-collector.yaml');
    writeFileSync(path, 'version: 1\nschedule:\n  perCollector:\n    gitlab: { cron: "0 * * * *" }\n');
    const r = await runCliProcess(['-c', path, '--db', db, 'daemon']);
    expect(r.code, r.stderr).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/schedule\.perCollector\.gitlab: no collector is named 'gitlab' \(collectors: .*github/);
    expect(existsSync(db)).toBe(false);
  }, 60_000);

  it('answers /healthz and a /readyz that says why it is not ready, then stops on SIGTERM with exit 0', async () => {
    // Port 0: the server logs the address it got.
    const child = spawnCli(['-c', config('loop.yaml', '  listen: 127.0.0.1:0\n'), '--db', join(dir, 'd.db'), 'daemon']);
    const url = await new Promise<string>((resolve) => {
      let seen = '';
      child.stderr?.on('data', (d) => {
        seen += String(d);
        const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(seen);
        if (m?.[1]) resolve(m[1]);
      });
    });
    const done = finished(child);
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).reasons).toContain('no sealed run in the store yet');
    child.kill('SIGTERM');
    const r = await done;
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { CallStats } from '../../src/sdk/call-stats.js';
import { EtagCache, type EtagPartition } from '../../src/sdk/etag-cache.js';
import { createGithubClient, credentialsIdentity } from '../../src/sdk/github.js';
import { DEMO_ESTATE } from '../../src/demo/environment.js';

const body = (n: number) => ({ status: 200, data: { id: n, name: `repo-${n}` } });
const bytesOf = (url: string, etag: string, response: unknown) => Buffer.byteLength(url) + Buffer.byteLength(etag) + Buffer.byteLength(JSON.stringify(response));

describe('EtagCache (bounded, least recently used out)', () => {
  it('holds at most maxEntries responses; the least recently used goes first', () => {
    const cache = new EtagCache({ maxEntries: 3, maxBytes: 1_000_000 });
    const p = cache.partition('https://api.github.com', 'token:a');
    p.set('/r/1', 'e1', body(1));
    p.set('/r/2', 'e2', body(2));
    p.set('/r/3', 'e3', body(3));
    expect(p.get('/r/1')?.etag).toBe('e1'); // now the most recently used
    p.set('/r/4', 'e4', body(4));
    expect(cache.entries).toBe(3);
    expect(p.get('/r/2')).toBeUndefined();
    expect(['/r/1', '/r/3', '/r/4'].map((u) => p.get(u)?.etag)).toEqual(['e1', 'e3', 'e4']);
  });

  it('holds at most maxBytes; a response larger than the bound alone is not kept and drops the older copy', () => {
    // The partition prefix (a 64-hex hash and a newline) is part of each key.
    const key = (url: string) => 'x'.repeat(65) + url;
    const one = bytesOf(key('/r/1'), 'e1', body(1));
    const cache = new EtagCache({ maxEntries: 100, maxBytes: 2 * one + 1 });
    const p = cache.partition('https://api.github.com', 'token:a');
    p.set('/r/1', 'e1', body(1));
    p.set('/r/2', 'e2', body(2));
    expect(cache.bytes).toBe(2 * one);
    p.set('/r/3', 'e3', body(3));
    expect(cache.bytes).toBeLessThanOrEqual(2 * one + 1);
    expect(p.get('/r/1')).toBeUndefined();
    expect(p.get('/r/3')?.etag).toBe('e3');

    p.set('/r/3', 'e3-big', { status: 200, data: 'y'.repeat(3 * one) });
    expect(p.get('/r/3')).toBeUndefined(); // never served stale: the old copy went too
    expect(p.get('/r/2')?.etag).toBe('e2');
  });

  it('partitions by (server, credentials): one token never gets a response cached for another; one bound covers all', () => {
    const cache = new EtagCache({ maxEntries: 2, maxBytes: 1_000_000 });
    const a = cache.partition('https://api.github.com', 'token:a');
    const b = cache.partition('https://api.github.com', 'token:b');
    const other = cache.partition('https://ghe.example.com/api/v3', 'token:a');
    a.set('/user', 'ea', body(1));
    expect(b.get('/user')).toBeUndefined();
    expect(other.get('/user')).toBeUndefined();
    b.set('/user', 'eb', body(2));
    other.set('/user', 'ec', body(3));
    expect(cache.entries).toBe(2);
    expect(a.get('/user')).toBeUndefined();
    expect(b.get('/user')?.etag).toBe('eb');
  });

  it('hands out copies: a caller changing a served response does not change the cache', () => {
    const p = new EtagCache({ maxEntries: 10, maxBytes: 10_000 }).partition('s', 'c');
    p.set('/r/1', 'e1', body(1));
    (p.get('/r/1')!.response as { data: { name: string } }).data.name = 'changed';
    expect(p.get('/r/1')?.response).toEqual(body(1));
  });

  it('a GitHub partition is who the credentials act as: the token, or the App installation whatever its key', () => {
    expect(credentialsIdentity({ token: 'ghp_x' } as never)).toBe('token:ghp_x');
    expect(credentialsIdentity({ appId: '1', installationId: '2', privateKey: 'key-1' } as never)).toBe(credentialsIdentity({ appId: '1', installationId: '2', privateKey: 'key-2' } as never));
  });
});

describe('the GitHub client with a bounded ETag cache (real Octokit against the GitHub fake)', () => {
  let estate: Estate;
  let fake: FakeGithub;

  beforeAll(async () => {
    estate = await loadEstateFile(DEMO_ESTATE);
    fake = await startFakeGitHub({ estate, now: new Date('2026-03-15T12:00:00.000Z') });
  });
  afterAll(async () => {
    await fake?.close();
  });

  function client(etagCache: EtagPartition) {
    const token = estate.github!.tokens.find((t) => t.name === estate.github!.demo_token)!.token;
    return createGithubClient({ baseUrl: fake.url, auth: { token }, stats: new CallStats(), log: pino({ level: 'silent' }), requestTimeoutMs: 5000, maxThrottleRetries: 0, timeScaleMs: 1, etagCache });
  }
  const repos = () => estate.github!.organizations[0]!.repositories.map((r) => r.name);
  const statuses = (from: number) => fake.requests.slice(from).map((r) => r.status);

  it('a cached URL is asked conditionally and answered 304 from the cache', async () => {
    const gh = client(new EtagCache({ maxEntries: 10, maxBytes: 1_000_000 }).partition(fake.url, 'owner'));
    const [repo] = repos();
    const first = await gh.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: repo! });
    const from = fake.requests.length;
    const second = await gh.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: repo! });
    expect(statuses(from)).toEqual([304]);
    expect(gh.rateInfo.notModified).toBe(1);
    expect(second.data).toEqual(first.data);
  });

  it('an evicted URL goes out unconditional again (200, not 304): the cache cannot answer what it no longer holds', async () => {
    const cache = new EtagCache({ maxEntries: 2, maxBytes: 1_000_000 });
    const gh = client(cache.partition(fake.url, 'owner'));
    const [a, b, c] = repos();
    for (const repo of [a, b, c]) await gh.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: repo! });
    expect(cache.entries).toBe(2);
    const from = fake.requests.length;
    await gh.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: a! }); // evicted by c
    await gh.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: c! }); // still cached
    expect(statuses(from)).toEqual([200, 304]);
    expect(gh.rateInfo.notModified).toBe(1);
  });
});

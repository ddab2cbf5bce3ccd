import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app.js';
import { SESSION_COOKIE, SESSION_SECONDS } from '../../src/server/session.js';
import { servedStore, TOKEN, type ServedStore } from './fixture.js';

/**
 * The browser's sign-in (src/server/login.ts): the token is posted once in a form body, a right one gets
 * an HttpOnly, SameSite=Strict cookie that never holds the token, a wrong one gets 401 and no cookie.
 */
let served: ServedStore;
let app: FastifyInstance;
let now: Date;

beforeAll(async () => {
  served = await servedStore();
  now = served.now;
  app = buildServer({ config: served.config, server: served.server, dbPath: served.dbPath, registry: served.registry, clock: () => now }).app;
  await app.ready();
}, 180_000);

afterAll(async () => {
  await app?.close();
  served?.cleanup();
});

const form = (token: string) => `token=${encodeURIComponent(token)}`;
const post = (url: string, body: string, headers: Record<string, string> = {}, server = app) =>
  server.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
const cookieOf = (setCookie: string | string[] | undefined) => [setCookie ?? []].flat().find((c) => c.startsWith(`${SESSION_COOKIE}=`));

async function signIn(server = app): Promise<string> {
  const res = await post('/login', form(TOKEN), {}, server);
  expect(res.statusCode).toBe(303);
  const cookie = cookieOf(res.headers['set-cookie']);
  expect(cookie).toBeDefined();
  return cookie!.split(';')[0]!;
}

describe('dashboard sign-in', () => {
  it('serves a form that posts the token in the body, and the dashboard without a token shows it with 401', async () => {
    const login = await app.inject({ method: 'GET', url: '/login' });
    expect(login.statusCode).toBe(200);
    expect(login.body).toMatch(/<form method="post" action="\/login">/);
    expect(login.body).toMatch(/<input id="token" name="token" type="password"/);
    expect(login.headers['content-security-policy']).toContain("form-action 'self'");
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(401);
    expect(page.body).toContain('action="/login"');
    expect(page.body).not.toContain('data-control');
  });

  it('a right token gets an HttpOnly, SameSite=Strict session cookie that does not contain the token, and opens the dashboard, API and metrics', async () => {
    const res = await post('/login', form(TOKEN));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const setCookie = cookieOf(res.headers['set-cookie'])!;
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).toMatch(new RegExp(`; Max-Age=${SESSION_SECONDS}`));
    // Plain http: not Secure (a browser would drop a Secure cookie set over http).
    expect(setCookie).not.toMatch(/; Secure/);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0]!;
    for (const url of ['/', '/api/runs', '/metrics']) expect((await app.inject({ method: 'GET', url, headers: { cookie } })).statusCode, url).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/', headers: { cookie } })).body).toContain('action="/logout"');
  });

  it('a wrong or missing token gets 401 and no cookie', async () => {
    for (const body of [form('wrong-token-0123456789abcdef'), form(''), 'other=1', '']) {
      const res = await post('/login', body);
      expect(res.statusCode, body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, body).toBeLessThan(500);
      expect(cookieOf(res.headers['set-cookie']), body).toBeUndefined();
    }
    const wrong = await post('/login', form('wrong-token-0123456789abcdef'));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('That is not the server');
    expect(wrong.body).not.toContain('wrong-token-0123456789abcdef');
  });

  it('never takes the token from a URL', async () => {
    const viaQuery = await app.inject({ method: 'GET', url: `/login?token=${TOKEN}` });
    expect(cookieOf(viaQuery.headers['set-cookie'])).toBeUndefined();
    expect((await app.inject({ method: 'GET', url: `/?token=${TOKEN}` })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: `/api/runs?access_token=${TOKEN}` })).statusCode).toBe(401);
  });

  it('refuses a tampered, forged or expired cookie', async () => {
    const cookie = await signIn();
    const [name, value] = cookie.split('=') as [string, string];
    const decoded = decodeURIComponent(value);
    const [expiry, signature] = [decoded.slice(0, decoded.lastIndexOf('.')), decoded.slice(decoded.lastIndexOf('.') + 1)];
    const tampered = `${name}=${encodeURIComponent(`${Number(expiry) + 86_400_000}.${signature}`)}`;
    const forged = `${name}=${encodeURIComponent(`${expiry}.AAAA`)}`;
    expect((await app.inject({ method: 'GET', url: '/api/runs', headers: { cookie: tampered } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/runs', headers: { cookie: forged } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/runs', headers: { cookie } })).statusCode).toBe(200);
    const saved = now;
    now = new Date(saved.getTime() + (SESSION_SECONDS + 60) * 1000);
    try {
      expect((await app.inject({ method: 'GET', url: '/api/runs', headers: { cookie } })).statusCode).toBe(401);
    } finally {
      now = saved;
    }
  });

  it('a cookie signed for another token is refused (changing the token ends every session)', async () => {
    const other = buildServer({ config: served.config, server: { ...served.server, token: 'another-token-0123456789abcdef' }, dbPath: served.dbPath, registry: served.registry, clock: () => now }).app;
    try {
      const cookie = await signIn();
      expect((await other.inject({ method: 'GET', url: '/api/runs', headers: { cookie } })).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('refuses a sign-in or sign-out posted from another origin', async () => {
    expect((await post('/login', form(TOKEN), { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await post('/logout', '', { origin: 'https://evil.example' })).statusCode).toBe(403);
    // A sandboxed frame or a privacy-stripped cross-site post says `null`: not this server either.
    expect((await post('/login', form(TOKEN), { origin: 'null' })).statusCode).toBe(403);
    expect((await post('/login', form(TOKEN), { origin: 'http://localhost:80', host: 'localhost:80' })).statusCode).toBe(303);
  });

  it('marks the cookie Secure when the browser came over https through a trusted proxy, and only then', async () => {
    const proxied = buildServer({ config: served.config, server: { ...served.server, trustProxy: true }, dbPath: served.dbPath, registry: served.registry, clock: () => now }).app;
    try {
      const https = await post('/login', form(TOKEN), { 'x-forwarded-proto': 'https' }, proxied);
      expect(cookieOf(https.headers['set-cookie'])).toMatch(/; Secure/);
      const http = await post('/login', form(TOKEN), {}, proxied);
      expect(cookieOf(http.headers['set-cookie'])).not.toMatch(/; Secure/);
    } finally {
      await proxied.close();
    }
    // Without trustProxy a client cannot claim https for itself.
    expect(cookieOf((await post('/login', form(TOKEN), { 'x-forwarded-proto': 'https' })).headers['set-cookie'])).not.toMatch(/; Secure/);
  });

  it('sign-out clears the cookie', async () => {
    await signIn();
    const res = await post('/logout', '');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
    expect(cookieOf(res.headers['set-cookie'])).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/);
  });
});

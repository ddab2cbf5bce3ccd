import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeGithub } from '../../../src/demo/fakes/github/server.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { GithubOrgAttributes } from '../../../collectors/github/observations.js';
import { attrs, collect, CollectionFailed, demoEstate, githubConfig, startGithub } from './harness.js';

/**
 * GitHub App installation auth end to end: the real collector, through @octokit/auth-app, signs an App JWT
 * with the private key; the fake verifies it against the public key declared in the estate and issues an
 * installation token, which then reads the organisation with the installation's role.
 */

const APP_ID = 314159;
const INSTALLATION = 2718;
const EXCHANGE = 'POST /app/installations/{installation_id}/access_tokens';

function keyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
}

/** The demo estate plus one App installed on acme with the given role. */
async function estateWithApp(publicKey: string, role: 'owner' | 'member'): Promise<Estate> {
  const estate = await demoEstate();
  estate.github!.apps.push({ id: APP_ID, public_key: publicKey, installations: [{ id: INSTALLATION, org: 'acme', role, repositories: [], deny_repositories: ['secret-project'] }] });
  return estate;
}

/** The PEM body (no armour lines): what must never leak, in whole or as its first line. */
function keyMaterial(pem: string): string[] {
  const lines = pem.split('\n').filter((l) => l !== '' && !l.startsWith('-----'));
  return [lines.join(''), lines[0]!];
}

describe('GitHub App installation auth against the fake', () => {
  const keys = { app: keyPair(), other: keyPair() };
  let fake: FakeGithub | undefined;
  beforeAll(() => {
    expect(keys.app.privateKey).toContain('BEGIN PRIVATE KEY');
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function run(o: { role?: 'owner' | 'member'; privateKey?: string; appId?: number; installationId?: number }) {
    const started = await startGithub({ estate: await estateWithApp(keys.app.publicKey, o.role ?? 'owner') });
    fake = started.fake;
    const app = { appId: o.appId ?? APP_ID, privateKey: o.privateKey ?? keys.app.privateKey, installationId: o.installationId ?? INSTALLATION };
    return { fake, config: githubConfig({ url: fake.url, app, include: ['*'] }) };
  }

  it('collects with an installation token, exchanged once and cached for the whole collection', async () => {
    const { fake, config } = await run({});
    const out = await collect(config);
    expect(out.gaps).toEqual([]);
    expect(out.observations.filter((o) => o.type === 'github.repo').length).toBeGreaterThanOrEqual(4);
    // An owner installation sees owner-only settings.
    expect(attrs<GithubOrgAttributes>(out, 'github.org', 'github:acme').twoFactorRequirementEnabled).toBe(false);
    const exchanges = fake.requests.filter((r) => r.route === EXCHANGE);
    expect(exchanges).toEqual([expect.objectContaining({ status: 201, token: `app:${APP_ID}`, path: `/app/installations/${INSTALLATION}/access_tokens` })]);
    const others = fake.requests.filter((r) => r.route !== EXCHANGE);
    expect(others.length).toBeGreaterThan(20);
    expect(new Set(others.map((r) => r.token))).toEqual(new Set([`app:${APP_ID}/installation:${INSTALLATION}`]));
    for (const secret of keyMaterial(keys.app.privateKey)) expect(out.logs).not.toContain(secret);
    expect(out.logs).not.toMatch(/ghs_|eyJ/); // no installation token, no JWT
  });

  it('the installation role applies: a member installation cannot see owner-only settings', async () => {
    const { config } = await run({ role: 'member' });
    const out = await collect(config);
    expect(attrs<GithubOrgAttributes>(out, 'github.org', 'github:acme').twoFactorRequirementEnabled).toEqual({ $unknown: 'requires organisation owner' });
  });

  it.each([
    { name: 'a private key that is not the App’s', opts: () => ({ privateKey: keys.other.privateKey }), status: 401, message: /cannot read organisation acme \(HTTP 401: A JSON web token could not be decoded\)/ },
    { name: 'another App id', opts: () => ({ appId: 999 }), status: 401, message: /cannot read organisation acme \(HTTP 401: 'Issuer' claim/ },
    { name: 'an installation the App does not have', opts: () => ({ installationId: 404404 }), status: 404, message: /cannot read organisation acme \(HTTP 404: Not Found\)/ },
  ])('$name fails the collection with a clear error that leaks no key or token', async ({ opts, status, message }) => {
    const o = opts();
    const { fake, config } = await run(o);
    const caught = await collect(config).then(
      () => null,
      (error: unknown) => error,
    );
    expect(caught).toBeInstanceOf(CollectionFailed);
    const failed = caught as CollectionFailed;
    expect(failed.original).toBeInstanceOf(Error);
    const original = failed.original as Error;
    expect(original.message).toMatch(message);
    const text = `${original.message}\n${original.stack ?? ''}\n${failed.logs}`;
    expect(failed.logs).toContain('POST /app/installations'); // the logs were captured, and are checked below
    for (const pem of [keys.app.privateKey, keys.other.privateKey]) for (const secret of keyMaterial(pem)) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/ghs_|eyJ/);
    expect(fake.requests.filter((r) => r.route === EXCHANGE).map((r) => r.status)).toEqual([status]);
    expect(fake.requests.filter((r) => r.route !== EXCHANGE)).toEqual([]);
  });
});

import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { mergeSha } from '../../src/demo/fakes/github/payloads.js';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import type { Estate } from '../../src/demo/estate/schema.js';

/**
 * The GitHub fake must answer in GitHub's real shapes: every REST endpoint the collector uses is called
 * here and its body validated against the response schema of that operation in GitHub's official
 * OpenAPI description (@octokit/openapi, api.github.com.deref.json), so the fake cannot drift.
 */

const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
// Loaded once for the file: the dereferenced description is large.
const spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.deref.json'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
};
/**
 * OpenAPI 3.0 `nullable` as Ajv reads it: an enum that is nullable must list null (OpenAPI implies it),
 * and `nullable` without a `type` (allOf/anyOf wrappers) becomes anyOf [schema, null].
 */
function openapiNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openapiNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = openapiNullable(v);
  if (out['nullable'] === true) {
    if (Array.isArray(out['enum']) && !(out['enum'] as unknown[]).includes(null)) out['enum'] = [...(out['enum'] as unknown[]), null];
    if (out['type'] === undefined) {
      delete out['nullable'];
      return { anyOf: [out, { type: 'null' }] };
    }
  }
  return out;
}
const ajv = addFormats(new Ajv({ strict: false, allErrors: true, validateFormats: true }));
const validators = new Map<string, ValidateFunction>();

function validatorFor(template: string, status: number, method: 'get' | 'post' = 'get'): ValidateFunction | null {
  const key = `${method} ${template} ${status}`;
  const cached = validators.get(key);
  if (cached !== undefined) return cached;
  const op = spec.paths[template]?.[method];
  if (op === undefined) throw new Error(`the OpenAPI description has no ${method.toUpperCase()} ${template}`);
  const response = op.responses[String(status)];
  if (response === undefined) throw new Error(`${method.toUpperCase()} ${template} does not document status ${status}`);
  const schema = response.content?.['application/json']?.schema;
  if (schema === undefined) return null;
  const v = ajv.compile(openapiNullable(schema) as object);
  validators.set(key, v);
  return v;
}

/** Every REST operation the collector calls, with a concrete path per case worth validating. */
const CASES: { template: string; path: string; status: number; why?: string }[] = [
  { template: '/orgs/{org}', path: '/orgs/acme', status: 200 },
  { template: '/orgs/{org}/members', path: '/orgs/acme/members?role=admin', status: 200 },
  { template: '/orgs/{org}/members', path: '/orgs/acme/members?filter=2fa_disabled', status: 200 },
  { template: '/orgs/{org}/outside_collaborators', path: '/orgs/acme/outside_collaborators', status: 200 },
  { template: '/orgs/{org}/hooks', path: '/orgs/acme/hooks', status: 200 },
  { template: '/orgs/{org}/actions/permissions', path: '/orgs/acme/actions/permissions', status: 200 },
  { template: '/orgs/{org}/actions/permissions/selected-actions', path: '/orgs/acme/actions/permissions/selected-actions', status: 200 },
  { template: '/orgs/{org}/actions/permissions/workflow', path: '/orgs/acme/actions/permissions/workflow', status: 200 },
  { template: '/orgs/{org}/security-managers', path: '/orgs/acme/security-managers', status: 200 },
  { template: '/orgs/{org}/repos', path: '/orgs/acme/repos?type=all&per_page=100', status: 200 },
  { template: '/orgs/{org}/dependabot/alerts', path: '/orgs/acme/dependabot/alerts?state=open&per_page=100', status: 200 },
  { template: '/orgs/{org}/code-scanning/alerts', path: '/orgs/acme/code-scanning/alerts?state=open&per_page=100', status: 200 },
  { template: '/orgs/{org}/secret-scanning/alerts', path: '/orgs/acme/secret-scanning/alerts?state=open&per_page=100', status: 200 },
  { template: '/repos/{owner}/{repo}', path: '/repos/acme/payments-api', status: 200 },
  { template: '/repos/{owner}/{repo}', path: '/repos/acme/secret-project', status: 404, why: 'not granted to the token' },
  { template: '/repos/{owner}/{repo}/branches/{branch}/protection', path: '/repos/acme/payments-api/branches/main/protection', status: 200 },
  { template: '/repos/{owner}/{repo}/branches/{branch}/protection', path: '/repos/acme/infra/branches/main/protection', status: 404 },
  { template: '/repos/{owner}/{repo}/rules/branches/{branch}', path: '/repos/acme/web-app/rules/branches/main', status: 200 },
  { template: '/repos/{owner}/{repo}/rulesets/{ruleset_id}', path: '/repos/acme/web-app/rulesets/31', status: 200 },
  { template: '/repos/{owner}/{repo}/vulnerability-alerts', path: '/repos/acme/infra/vulnerability-alerts', status: 204 },
  { template: '/repos/{owner}/{repo}/vulnerability-alerts', path: '/repos/acme/legacy-tool/vulnerability-alerts', status: 404 },
  { template: '/repos/{owner}/{repo}/dependabot/alerts', path: '/repos/acme/infra/dependabot/alerts?state=open', status: 200 },
  { template: '/repos/{owner}/{repo}/dependabot/alerts', path: '/repos/acme/legacy-tool/dependabot/alerts?state=open', status: 403 },
  { template: '/repos/{owner}/{repo}/code-scanning/alerts', path: '/repos/acme/payments-api/code-scanning/alerts?state=open', status: 200 },
  { template: '/repos/{owner}/{repo}/code-scanning/alerts', path: '/repos/acme/infra/code-scanning/alerts?state=open', status: 403 },
  { template: '/repos/{owner}/{repo}/secret-scanning/alerts', path: '/repos/acme/payments-api/secret-scanning/alerts?state=open', status: 200 },
  { template: '/repos/{owner}/{repo}/secret-scanning/alerts', path: '/repos/acme/legacy-tool/secret-scanning/alerts?state=open', status: 404 },
  { template: '/repos/{owner}/{repo}/keys', path: '/repos/acme/infra/keys', status: 200 },
  { template: '/repos/{owner}/{repo}/hooks', path: '/repos/acme/infra/hooks', status: 200 },
  { template: '/repos/{owner}/{repo}/codeowners/errors', path: '/repos/acme/payments-api/codeowners/errors', status: 200 },
  { template: '/repos/{owner}/{repo}/codeowners/errors', path: '/repos/acme/infra/codeowners/errors', status: 404 },
  { template: '/repos/{owner}/{repo}/collaborators', path: '/repos/acme/infra/collaborators?affiliation=direct', status: 200 },
  { template: '/repos/{owner}/{repo}/pulls', path: '/repos/acme/payments-api/pulls?state=closed&base=main&sort=updated&direction=desc', status: 200 },
  { template: '/repos/{owner}/{repo}/pulls/{pull_number}', path: '/repos/acme/payments-api/pulls/41', status: 200 },
  { template: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', path: '/repos/acme/payments-api/pulls/41/reviews', status: 200 },
  { template: '/repos/{owner}/{repo}/commits', path: '/repos/acme/infra/commits?sha=main', status: 200 },
  { template: '/repos/{owner}/{repo}/commits/{commit_sha}/pulls', path: `/repos/acme/infra/commits/${mergeSha('acme/infra', 15)}/pulls`, status: 200, why: 'a merge commit: its pull request' },
];

describe('GitHub fake responses validate against GitHub’s OpenAPI description', () => {
  let estate: Estate;
  let fake: FakeGithub;
  let owner: string;

  beforeAll(async () => {
    estate = await loadEstateFile(new URL('../../config/demo/estate.yaml', import.meta.url).pathname);
    // Every list non-empty: add an alert of each kind to payments-api (the demo estate has none there).
    const payments = estate.github!.organizations[0]!.repositories.find((r) => r.name === 'payments-api')!;
    payments.code_scanning_alert_list.push({ number: 5, severity: 'high', created: '-3d', state: 'open', subject: 'js/sql-injection' });
    payments.secret_scanning_alert_list.push({ number: 2, severity: 'high', created: '-1d', state: 'open', subject: 'aws_access_key_id' });
    fake = await startFakeGitHub({ estate, now: new Date('2026-03-15T12:00:00Z') });
    owner = estate.github!.tokens.find((t) => t.role === 'owner')!.token;
  });
  afterAll(async () => fake?.close());

  it.each(CASES)('GET $path → $status', async ({ template, path, status }) => {
    const res = await fetch(`${fake.url}${path}`, { headers: { authorization: `token ${owner}`, accept: 'application/vnd.github+json' } });
    expect(res.status).toBe(status);
    const text = await res.text();
    const validate = validatorFor(template, status);
    if (status === 204) {
      expect(text).toBe('');
      return;
    }
    const body: unknown = JSON.parse(text);
    if (status >= 400) {
      // Error bodies: GitHub's basic-error shape.
      expect(body).toMatchObject({ message: expect.any(String), documentation_url: expect.any(String) });
    }
    if (validate !== null) {
      const ok = validate(body);
      expect(ok ? [] : validate.errors?.slice(0, 5)).toEqual([]);
    }
    // A validated empty list would prove nothing about item shapes.
    if (Array.isArray(body)) expect(body.length).toBeGreaterThan(0);
  });

  describe('POST /app/installations/{installation_id}/access_tokens (GitHub App installation auth)', () => {
    const TEMPLATE = '/app/installations/{installation_id}/access_tokens';
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    let app: FakeGithub;
    beforeAll(async () => {
      const withApp = await loadEstateFile(new URL('../../config/demo/estate.yaml', import.meta.url).pathname);
      withApp.github!.apps.push({ id: 77, public_key: keys.publicKey, installations: [{ id: 88, org: 'acme', role: 'repo_limited', repositories: ['web-app'], deny_repositories: [] }] });
      app = await startFakeGitHub({ estate: withApp, now: new Date('2026-03-15T12:00:00Z') });
    });
    afterAll(async () => app?.close());

    /** An RS256 App JWT as @octokit/auth-app makes it (iat 30 s in the past, 10 minutes of validity). */
    function jwt(o: { iss?: number; key?: string; iat?: number; exp?: number } = {}): string {
      const now = Math.floor(Date.now() / 1000);
      const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const head = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: o.iss ?? 77, iat: o.iat ?? now - 30, exp: o.exp ?? now + 570 })}`;
      return `${head}.${sign('sha256', Buffer.from(head), o.key ?? keys.privateKey).toString('base64url')}`;
    }
    async function exchange(token: string, installation = 88): Promise<{ status: number; body: unknown }> {
      const res = await fetch(`${app.url}/app/installations/${installation}/access_tokens`, { method: 'POST', headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' } });
      return { status: res.status, body: await res.json() };
    }
    function expectValid(status: number, body: unknown): void {
      const validate = validatorFor(TEMPLATE, status, 'post');
      expect(validate).not.toBeNull();
      const ok = validate!(body);
      expect(ok ? [] : validate!.errors?.slice(0, 5)).toEqual([]);
    }

    it('201 with GitHub’s installation-token shape; the token then works with the installation’s role', async () => {
      const { status, body } = await exchange(jwt());
      expect(status).toBe(201);
      expectValid(201, body);
      expect(body).toMatchObject({ token: expect.stringMatching(/^ghs_/), repository_selection: 'selected', permissions: expect.objectContaining({ metadata: 'read' }) });
      const token = (body as { token: string }).token;
      const web = await fetch(`${app.url}/repos/acme/web-app`, { headers: { authorization: `token ${token}` } });
      expect(web.status).toBe(200);
      // repo_limited to web-app: other repositories do not exist for it.
      expect((await fetch(`${app.url}/repos/acme/infra`, { headers: { authorization: `token ${token}` } })).status).toBe(404);
    });

    it.each([
      { why: 'signed with another key', token: () => jwt({ key: other.privateKey }), status: 401 },
      { why: 'another App id', token: () => jwt({ iss: 78 }), status: 401 },
      { why: 'expired', token: () => jwt({ iat: Math.floor(Date.now() / 1000) - 1200, exp: Math.floor(Date.now() / 1000) - 600 }), status: 401 },
      { why: 'valid for more than 10 minutes', token: () => jwt({ exp: Math.floor(Date.now() / 1000) + 3600 }), status: 401 },
      { why: 'not a JWT', token: () => 'ghp_demoOwnerToken0000000000000000000001', status: 401 },
    ])('$why → $status', async ({ token, status }) => {
      const reply = await exchange(token());
      expect(reply.status).toBe(status);
      expectValid(status, reply.body);
      expect(reply.body).toMatchObject({ message: expect.any(String), documentation_url: expect.any(String) });
    });

    it('an installation the App does not have → 404', async () => {
      const reply = await exchange(jwt(), 99);
      expect(reply.status).toBe(404);
      expectValid(404, reply.body);
      expect(reply.body).toMatchObject({ message: 'Not Found' });
    });
  });

  it('covers every REST route the fake serves', async () => {
    const { ROUTES } = await import('../../src/demo/fakes/github/rest.js');
    const covered = new Set(CASES.map((c) => c.template));
    expect(ROUTES.map((r) => r.template).filter((t) => !covered.has(t))).toEqual([]);
  });
});

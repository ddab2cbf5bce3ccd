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

function validatorFor(template: string, status: number): ValidateFunction | null {
  const key = `${template} ${status}`;
  const cached = validators.get(key);
  if (cached !== undefined) return cached;
  const op = spec.paths[template]?.['get'];
  if (op === undefined) throw new Error(`the OpenAPI description has no GET ${template}`);
  const response = op.responses[String(status)];
  if (response === undefined) throw new Error(`GET ${template} does not document status ${status}`);
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

  it('covers every REST route the fake serves', async () => {
    const { ROUTES } = await import('../../src/demo/fakes/github/rest.js');
    const covered = new Set(CASES.map((c) => c.template));
    expect(ROUTES.map((r) => r.template).filter((t) => !covered.has(t))).toEqual([]);
  });
});

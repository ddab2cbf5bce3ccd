import { buildSchema, Kind, parse, validate, type SelectionSetNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema as published } from '@octokit/graphql-schema';
import { BRANCH_RULES_QUERY } from '../../../collectors/github/branch-rules-graphql.js';
import { changesQuery } from '../../../collectors/github/changes-graphql.js';
import type { FakeGithub } from '../../../src/demo/fakes/github/server.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import { startGithub, token } from './harness.js';

/**
 * Every GraphQL document the GitHub collector sends is valid against GitHub's published schema
 * (@octokit/graphql-schema), and the fake answers each with exactly that document's selection shape — no field
 * the document does not select, none it selects missing — so neither can drift from GitHub.
 */

// The package exports only its index (not schema.graphql as a subpath); `idl` reads that file. The published SDL
// defines EnterpriseOwnerInfo.repositoryDeployKeySetting twice, so SDL validation is skipped (documents still are).
const schema = buildSchema(published.idl, { assumeValidSDL: true });

/** The collector's documents, with variables the fake can answer for the demo estate. */
const DOCUMENTS: { name: string; query: string; variables: Record<string, unknown> }[] = [
  { name: 'ControlwatchBranchRules', query: BRANCH_RULES_QUERY, variables: { org: 'acme', cursor: null } },
  {
    name: 'ControlwatchChanges (3 repositories)',
    query: changesQuery(3),
    variables: {
      owner: 'acme',
      since: '2026-02-13T12:00:00.000Z',
      until: '2026-03-15T12:00:00.000Z',
      ...{ n0: 'payments-api', b0: 'main', p0: null, h0: null },
      ...{ n1: 'infra', b1: 'main', p1: null, h1: null },
      ...{ n2: 'web-app', b2: 'main', p2: null, h2: null },
    },
  },
];

/**
 * Problems where `value` does not have the shape `set` selects: fields directly in the set are required,
 * fields only in inline fragments allowed (their type condition decides), anything else is extra.
 */
function shapeProblems(set: SelectionSetNode, value: unknown, path: string, fragments: ReadonlyMap<string, SelectionSetNode>): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => shapeProblems(set, v, `${path}[${i}]`, fragments));
  if (typeof value !== 'object') return [`${path}: a scalar where fields are selected`];
  const required = new Map<string, SelectionSetNode | undefined>();
  const optional = new Map<string, SelectionSetNode | undefined>();
  const collect = (s: SelectionSetNode, into: Map<string, SelectionSetNode | undefined>) => {
    for (const sel of s.selections) {
      if (sel.kind === Kind.FIELD) into.set((sel.alias ?? sel.name).value, sel.selectionSet);
      else if (sel.kind === Kind.INLINE_FRAGMENT) collect(sel.selectionSet, optional);
      // A named fragment is spread on its own type here (ControlwatchPull on the PullRequest nodes): required.
      else collect(fragments.get(sel.name.value)!, into);
    }
  };
  collect(set, required);
  const obj = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of required.keys()) if (!(key in obj)) problems.push(`${path}.${key}: selected but missing`);
  for (const [key, v] of Object.entries(obj)) {
    const sub = required.has(key) ? required.get(key) : optional.get(key);
    if (!required.has(key) && !optional.has(key)) problems.push(`${path}.${key}: not selected`);
    else if (sub !== undefined) problems.push(...shapeProblems(sub, v, `${path}.${key}`, fragments));
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) problems.push(`${path}.${key}: an object where a scalar is selected`);
  }
  return problems;
}

describe('the GitHub collector’s GraphQL documents', () => {
  let estate: Estate;
  let fake: FakeGithub;
  beforeAll(async () => {
    ({ estate, fake } = await startGithub());
  });
  afterAll(async () => fake?.close());

  it.each(DOCUMENTS)('$name validates against GitHub’s published schema', ({ query }) => {
    expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
  });

  it('a document outside the schema is caught (the validation is not vacuous)', () => {
    const broken = BRANCH_RULES_QUERY.replace('hasVulnerabilityAlertsEnabled', 'hasVulnerabilityAlertsSwitchedOn');
    expect(validate(schema, parse(broken)).map((e) => e.message).join('\n')).toContain('hasVulnerabilityAlertsSwitchedOn');
  });

  it.each(DOCUMENTS)('the fake answers $name with exactly its selection shape (owner and limited tokens)', async ({ query, variables }) => {
    for (const name of ['demo-owner', 'demo-limited']) {
      const res = await fetch(`${fake.url}/graphql`, { method: 'POST', headers: { authorization: `token ${token(estate, name)}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: unknown; errors?: { path?: unknown[] }[] };
      expect(body.data, name).toBeDefined();
      const doc = parse(query);
      const op = doc.definitions[0]!;
      if (op.kind !== Kind.OPERATION_DEFINITION) throw new Error('not an operation');
      const fragments = new Map(doc.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
      expect(shapeProblems(op.selectionSet, body.data, 'data', fragments), name).toEqual([]);
      // Not vacuous: the answer holds something to compare (for the change query, pull requests and commits).
      expect(JSON.stringify(body.data).length, name).toBeGreaterThan(200);
      // Field errors only where GitHub gives them (a field the viewer may not read), each with its path.
      // (collaborators without push access; a repository the token cannot see, at its alias, as NOT_FOUND).
      for (const e of body.errors ?? []) expect(e.path, name).toSatisfy((p: unknown[]) => p.at(-1) === 'collaborators' || (p.length === 1 && /^r\d+$/.test(String(p[0]))));
    }
  });

  it('an unknown document gets a GraphQL error, not a guessed shape', async () => {
    const res = await fetch(`${fake.url}/graphql`, { method: 'POST', headers: { authorization: `token ${token(estate, 'demo-owner')}`, 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query SomethingElse { viewer { login } }' }) });
    const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
  });
});

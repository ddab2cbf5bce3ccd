import type { EstateGithub, EstateGithubOrg, EstateGithubRepo } from '../../estate/github-schema.js';
import type { Access } from './access.js';
import * as P from './payloads.js';
import { defaultBranchCommits } from './rest.js';

/**
 * The GitHub GraphQL answer to the collector's batched change query (collectors/github/changes-graphql.ts,
 * operation `ControlwatchChanges`): one aliased `repository(owner: $owner, name: $n<i>)` per repository, each
 * with its merged pull requests into `$b<i>` (newest update first, from cursor `$p<i>`) and its default branch's
 * history between `$since` and `$until` (from cursor `$h<i>`), in exactly the document's selection shape. The
 * aliases are found with a pattern (the fake does not parse GraphQL: the `graphql` package is a development
 * dependency, and the demo ships); the schema test validates the document and this shape against it.
 */

export const CHANGES_OPERATION = 'ControlwatchChanges';

type Vars = Record<string, unknown>;

const cursorAt = (offset: number) => Buffer.from(`cursor:${offset}`).toString('base64');
const offsetOf = (cursor: unknown) => (typeof cursor === 'string' ? Number(Buffer.from(cursor, 'base64').toString('utf8').replace('cursor:', '')) || 0 : 0);

function page<T>(all: readonly T[], cursor: unknown, size: number): { items: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } {
  const offset = offsetOf(cursor);
  const items = all.slice(offset, offset + size);
  const end = offset + items.length;
  return { items, pageInfo: { hasNextPage: end < all.length, endCursor: items.length > 0 ? cursorAt(end) : typeof cursor === 'string' ? cursor : null } };
}

function repositoryChanges(org: EstateGithubOrg, repo: EstateGithubRepo, v: Vars, i: number, size: { pulls: number; commits: number; reviews: number; associated: number }, at: (spec: string) => string): Record<string, unknown> {
  const full = `${org.login}/${repo.name}`;
  const base = v[`b${i}`];
  // As REST: updated_at is the merge time of a merged pull request.
  const merged = repo.pull_requests
    .filter((pr) => pr.merged_at !== undefined && !pr.open && base === repo.default_branch)
    .map((pr) => ({ pr, updatedAt: at(pr.merged_at!) }))
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  const pulls = page(merged, v[`p${i}`], size.pulls);
  const since = Date.parse(String(v['since']));
  const until = Date.parse(String(v['until']));
  const commits = defaultBranchCommits(org, repo, at).filter((c) => Date.parse(c.date) >= since && Date.parse(c.date) <= until);
  const history = page(commits, v[`h${i}`], size.commits);
  const user = (login: string | null) => ({ user: login === null ? null : { login } });
  return {
    pullRequests: {
      pageInfo: pulls.pageInfo,
      nodes: pulls.items.map(({ pr, updatedAt }) => {
        const approvals = pr.reviews.filter((r) => r.state === 'APPROVED');
        return {
          number: pr.number,
          title: pr.title,
          url: `https://github.com/${full}/pull/${pr.number}`,
          updatedAt,
          mergedAt: at(pr.merged_at!),
          baseRefName: repo.default_branch,
          headRefOid: P.headSha(full, pr.number),
          author: { login: pr.author },
          mergedBy: { login: pr.merged_by ?? pr.author },
          mergeCommit: { oid: P.mergeSha(full, pr.number) },
          reviews: { totalCount: approvals.length, nodes: approvals.slice(0, size.reviews).map((r) => ({ author: { login: r.user }, submittedAt: at(r.submitted), commit: { oid: P.headSha(full, pr.number) } })) },
        };
      }),
    },
    defaultBranchRef: {
      target: {
        history: {
          pageInfo: history.pageInfo,
          nodes: history.items.map((c) => {
            const pr = c.pull === undefined ? undefined : repo.pull_requests.find((p) => p.number === c.pull);
            const associated = pr === undefined ? [] : [{ mergedAt: pr.merged_at === undefined ? null : at(pr.merged_at) }];
            return {
              oid: c.sha,
              committedDate: c.date,
              message: c.message,
              author: user(c.author),
              committer: user(c.author),
              associatedPullRequests: { totalCount: associated.length, nodes: associated.slice(0, size.associated) },
            };
          }),
        },
      },
    },
  };
}

export function handleChanges(estate: EstateGithub, access: Access, query: string, v: Vars, pageSize: number, at: (spec: string) => string): { status: number; body: unknown } {
  const owner = String(v['owner'] ?? '');
  const org = estate.organizations.find((o) => o.login.toLowerCase() === owner.toLowerCase());
  const data: Record<string, unknown> = {};
  const errors: unknown[] = [];
  // The page sizes the document asks for (`first`); the outer connections capped by the fake's page size (tests force small pages).
  const first = (connection: string) => Number(new RegExp(`${connection}\\(first:\\s*(\\d+)`).exec(query)?.[1] ?? 100);
  const size = { pulls: Math.min(first('pullRequests'), pageSize), commits: Math.min(first('history'), pageSize), reviews: first('reviews'), associated: first('associatedPullRequests') };
  for (const m of query.matchAll(/\b(r(\d+)):\s*repository\(owner:\s*\$owner,\s*name:\s*\$n\2\)/g)) {
    const [alias, i] = [m[1]!, Number(m[2])];
    const name = String(v[`n${i}`] ?? '');
    const repo = org?.repositories.find((r) => r.name === name);
    if (org === undefined || repo === undefined || !access.canSeeRepo(repo)) {
      data[alias] = null;
      errors.push({ type: 'NOT_FOUND', path: [alias], message: `Could not resolve to a Repository with the name '${owner}/${name}'.`, locations: [{ line: 1, column: 1 }] });
      continue;
    }
    data[alias] = repositoryChanges(org, repo, v, i, size, at);
  }
  return { status: 200, body: { data, ...(errors.length > 0 ? { errors } : {}) } };
}

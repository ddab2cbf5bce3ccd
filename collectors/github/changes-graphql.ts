import type { Logger } from 'pino';
import type { GithubClient } from '../../src/sdk/github.js';
import { DEFAULT_MAX_PAGES, PaginationNotEndingError } from '../../src/sdk/pagination-limit.js';
import { attempt, failure, listAll, type Json, type Outcome } from './call.js';
import type { ChangeWindows, ChangesRaw, PullRead } from './changes.js';
import { graphqlPartial } from './graphql-partial.js';
import { inWindow, listReviews } from './pull-requests.js';

/**
 * Merged pull requests and direct pushes of many repositories per GraphQL query (operation ControlwatchChanges):
 * one aliased `repository` per repository (r0, r1, …, up to BATCH), each with its merged pull requests into the
 * default branch (newest update first, with merger, merge commit and approving reviews) and the default branch's
 * commits in the push window with their associated pull requests — what REST needs a list, two calls per pull
 * request and a commit list (plus a call per unexplained commit) for. A connection with more pages is followed
 * up with the same document for just the repositories that need it, each with its cursors.
 *
 * Window semantics are REST's (changes.ts): pull requests are read newest update first until a page was all
 * updated before the window, kept when merged in it; commits are those the branch history returns for the push
 * window, kept when committed in it; a commit is a direct push when none of its associated pull requests is
 * merged (merge commits of listed pull requests are skipped first, as on REST). What GraphQL cannot answer in
 * full is asked by REST: reviews of a pull request with more approvals than one page, the pull requests of a
 * commit with more than one page of them. A repository the answer leaves out (an error at its alias) and every
 * repository of a failed query get `undefined` → the REST path, so the evidence never depends on this shortcut.
 *
 * Node limit: per repository 25 pull requests × (1 + 10 reviews) + 25 commits × (1 + 10 pull requests)
 * = 550 nodes, × 100 repositories = 55,000, under GitHub's 500,000 per query.
 * The fake (src/demo/fakes/github/graphql-changes.ts) recognises this operation by name: keep them in step.
 */

export const CHANGES_OPERATION = 'ControlwatchChanges';
const BATCH = 100;
/**
 * Page sizes. GitHub prices a query at the connections it may need ÷ 100: each pull request's reviews and each
 * commit's pull requests are a connection, so per repository 1 + PULLS + 1 + COMMITS, and a 100-repository query
 * (25 / 25) costs 52 of the 5,000 GraphQL points an hour (100 / 100 would cost 202: a 2,000-repository estate's
 * daily run would not fit an hour's budget beside the repository query). A repository with more merged pull
 * requests or commits in its window than a page gets follow-up pages.
 */
const PULLS = 25;
const COMMITS = 25;
const REVIEWS = 10;
const ASSOCIATED = 10;

const FRAGMENTS = `fragment ControlwatchPull on PullRequest {
  number title url updatedAt mergedAt baseRefName headRefOid
  author { login }
  mergedBy { login }
  mergeCommit { oid }
  reviews(first: ${REVIEWS}, states: APPROVED) { totalCount nodes { author { login } submittedAt commit { oid } } }
}
fragment ControlwatchCommit on Commit {
  oid committedDate message
  author { user { login } }
  committer { user { login } }
  associatedPullRequests(first: ${ASSOCIATED}) { totalCount nodes { mergedAt } }
}`;

/** The document for `count` repositories: variables $n<i> (name), $b<i> (default branch), $p<i> / $h<i> (cursors). */
export function changesQuery(count: number): string {
  const vars: string[] = ['$owner: String!', '$since: GitTimestamp!', '$until: GitTimestamp!'];
  const repos: string[] = [];
  for (let i = 0; i < count; i += 1) {
    vars.push(`$n${i}: String!`, `$b${i}: String!`, `$p${i}: String`, `$h${i}: String`);
    repos.push(`  r${i}: repository(owner: $owner, name: $n${i}) {
    pullRequests(first: ${PULLS}, after: $p${i}, states: MERGED, baseRefName: $b${i}, orderBy: {field: UPDATED_AT, direction: DESC}) {
      pageInfo { hasNextPage endCursor }
      nodes { ...ControlwatchPull }
    }
    defaultBranchRef {
      target { ... on Commit { history(first: ${COMMITS}, after: $h${i}, since: $since, until: $until) { pageInfo { hasNextPage endCursor } nodes { ...ControlwatchCommit } } } }
    }
  }`);
  }
  return `query ${CHANGES_OPERATION}(${vars.join(', ')}) {\n${repos.join('\n')}\n}\n${FRAGMENTS}`;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are checked field by field below */
type Node = any;

/** One repository's progress through its two connections. */
interface RepoProgress {
  readonly name: string;
  readonly branch: string;
  pulls: Node[];
  commits: Node[];
  pullCursor: string | null;
  historyCursor: string | null;
  pullsDone: boolean;
  historyDone: boolean;
  failed: boolean;
  pages: number;
}

const login = (actor: Node): string | null => (actor != null && typeof actor.login === 'string' ? actor.login : null);

/** A pull request node in the REST shapes normalize.ts reads (list item, detail, reviews). */
function pullRead(node: Node, reviews: Outcome<Json[]>, operations: readonly string[]): PullRead {
  const author = login(node.author);
  const pr: Json = {
    number: node.number,
    title: node.title,
    html_url: node.url,
    user: author === null ? null : { login: author },
    merged_at: node.mergedAt,
    updated_at: node.updatedAt,
    base: { ref: node.baseRefName },
    head: { sha: node.headRefOid },
    merge_commit_sha: node.mergeCommit?.oid ?? null,
  };
  const merger = login(node.mergedBy);
  return { pr, detail: { ok: true, value: { merged_by: merger === null ? null : { login: merger } } }, reviews, operations };
}

function reviewsOf(node: Node): Json[] {
  return (node.reviews.nodes as Node[]).map((r) => ({ state: 'APPROVED', user: login(r.author) === null ? null : { login: login(r.author) }, submitted_at: r.submittedAt, commit_id: r.commit?.oid ?? null }));
}

/** A commit node in the REST shape normalizeDirectPush reads. */
function restCommit(c: Node): Json {
  const user = (who: Node) => (login(who?.user) === null ? null : { login: login(who.user) });
  return { sha: c.oid, author: user(c.author), committer: user(c.committer), commit: { committer: { date: c.committedDate }, message: c.message } };
}

function takePage(p: RepoProgress, repo: Node, since: number): void {
  const pulls = repo?.pullRequests;
  const history = repo?.defaultBranchRef?.target?.history;
  if (!p.pullsDone) {
    if (pulls == null || !Array.isArray(pulls.nodes)) throw new Error(`malformed GraphQL answer for ${CHANGES_OPERATION} (pullRequests of ${p.name})`);
    p.pulls.push(...(pulls.nodes as Node[]));
    // As on REST: stop after a page whose pull requests were all last updated before the window.
    const stale = (pulls.nodes as Node[]).every((n) => Date.parse(String(n?.updatedAt)) < since);
    if (pulls.pageInfo?.hasNextPage !== true || pulls.nodes.length === 0 || stale) p.pullsDone = true;
    else p.pullCursor = String(pulls.pageInfo.endCursor);
  }
  if (!p.historyDone) {
    // A repository whose default branch points at no commit (history absent) has no commits to read.
    const nodes = history == null ? [] : history.nodes;
    if (!Array.isArray(nodes)) throw new Error(`malformed GraphQL answer for ${CHANGES_OPERATION} (history of ${p.name})`);
    p.commits.push(...(nodes as Node[]));
    if (history?.pageInfo?.hasNextPage !== true || nodes.length === 0) p.historyDone = true;
    else p.historyCursor = String(history.pageInfo.endCursor);
  }
}

/** One query over `batch`, each repository asked from its cursors; a repository done with a connection asks it past its end. */
async function askBatch(client: GithubClient, org: string, batch: RepoProgress[], w: ChangeWindows, maxPages: number): Promise<void> {
  const variables: Record<string, unknown> = { owner: org, since: w.pushes.since, until: w.pushes.until };
  batch.forEach((p, i) => {
    p.pages += 1;
    if (p.pages > maxPages) throw new PaginationNotEndingError(`GraphQL ${CHANGES_OPERATION}`, `more than ${maxPages} pages for ${p.name}`);
    Object.assign(variables, { [`n${i}`]: p.name, [`b${i}`]: p.branch, [`p${i}`]: p.pullCursor, [`h${i}`]: p.historyCursor });
  });
  // An error at a repository's alias (e.g. it vanished since the listing) sends that repository to REST.
  const { data, fieldErrors } = await graphqlPartial(client, changesQuery(batch.length), variables, (path) => typeof path[0] === 'string' && /^r\d+$/.test(path[0]));
  // Errors by parent path: '' holds errors on an alias itself (r3), 'r3…' errors inside one.
  const failedAliases = new Set<string>(Object.keys(fieldErrors.get('') ?? {}));
  for (const parent of fieldErrors.keys()) if (parent !== '') failedAliases.add(parent.split('.')[0]!);
  const since = Date.parse(w.pulls.since);
  batch.forEach((p, i) => {
    const alias = `r${i}`;
    const repo = data?.[alias];
    if (failedAliases.has(alias) || repo == null) {
      p.failed = true;
      return;
    }
    const [pullCursor, historyCursor] = [p.pullCursor, p.historyCursor];
    takePage(p, repo, since);
    // A next page behind the cursor just used is the same page again: a loop, not a listing.
    if ((!p.pullsDone && p.pullCursor === pullCursor) || (!p.historyDone && p.historyCursor === historyCursor)) {
      throw new PaginationNotEndingError(`GraphQL ${CHANGES_OPERATION}`, `the answer hands back the cursor it was asked with for ${p.name}`);
    }
  });
}

/** The direct pushes among a repository's window commits; a commit with more associated pull requests than one page asks REST. */
async function directPushes(client: GithubClient, org: string, p: RepoProgress, w: ChangeWindows, mergeShas: ReadonlySet<string>): Promise<Outcome<Json[]>> {
  return attempt(async () => {
    const direct: Json[] = [];
    for (const c of p.commits) {
      if (!inWindow(typeof c?.committedDate === 'string' ? c.committedDate : null, w.pushes)) continue;
      const sha = String(c.oid);
      if (mergeShas.has(sha)) continue;
      const assoc = c.associatedPullRequests;
      let merged = (assoc?.nodes as Node[] | undefined)?.some((n) => n?.mergedAt != null) === true;
      if (!merged && Number(assoc?.totalCount ?? 0) > (assoc?.nodes?.length ?? 0)) {
        const pulls = await listAll(client, 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { owner: org, repo: p.name, commit_sha: sha });
        merged = pulls.some((x) => x['merged_at'] !== null);
      }
      if (!merged) direct.push(restCommit(c));
    }
    return direct;
  });
}

/**
 * Change evidence of the given repositories by repository name; a repository missing from the map is read by
 * REST (the query failed, or left it out). `operations` of the caller's attribution name the GraphQL calls.
 */
export async function queryChanges(
  client: GithubClient,
  org: string,
  repos: readonly { name: string; branch: string }[],
  w: ChangeWindows,
  log: Logger,
  maxPages = DEFAULT_MAX_PAGES,
): Promise<Map<string, ChangesRaw>> {
  const progress: RepoProgress[] = repos.map((r) => ({ ...r, pulls: [], commits: [], pullCursor: null, historyCursor: null, pullsDone: false, historyDone: false, failed: false, pages: 0 }));
  const out = new Map<string, ChangesRaw>();
  try {
    for (let pending = progress; pending.length > 0; pending = pending.filter((p) => !p.failed && (!p.pullsDone || !p.historyDone))) {
      for (let i = 0; i < pending.length; i += BATCH) await askBatch(client, org, pending.slice(i, i + BATCH), w, maxPages);
    }
  } catch (error) {
    const reason = error instanceof PaginationNotEndingError ? error.message : failure(error).reason;
    log.warn({ org, reason: reason.slice(0, 300) }, 'GitHub GraphQL changes query failed; falling back to REST per repository');
    return out;
  }
  for (const p of progress.filter((x) => !x.failed)) {
    const reads: PullRead[] = [];
    for (const node of p.pulls.filter((n) => inWindow(typeof n?.mergedAt === 'string' ? n.mergedAt : null, w.pulls))) {
      const more = Number(node.reviews?.totalCount ?? 0) > (node.reviews?.nodes?.length ?? 0);
      // Approvals beyond the first page: REST lists them all, under that call's own route.
      const reviews: Outcome<Json[]> = more ? await listReviews(client, org, p.name, Number(node.number)) : { ok: true, value: reviewsOf(node) };
      reads.push(pullRead(node, reviews, []));
    }
    const mergeShas = new Set(reads.map((r) => r.pr['merge_commit_sha']).filter((s): s is string => typeof s === 'string'));
    out.set(p.name, { pulls: { ok: true, value: reads }, pushes: await directPushes(client, org, p, w, mergeShas), pushCalls: [] });
  }
  return out;
}

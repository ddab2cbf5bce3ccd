import type { DeclaredScopeConfig } from '../config/programme-schema.js';
import { matchesAny } from './patterns.js';

/**
 * Declared scope: is a discovered resource inside what the certificate's scope says? Out-of-scope
 * resources are listed, never judged (the runner does not evaluate them), so a narrow scope can
 * never turn the rest of the estate into silent passes.
 */

export interface ScopedResource {
  readonly type: string;
  readonly id: string;
  /** `aws:<account>[:<region>]` or `github:<org>`. */
  readonly scope: string;
  readonly attributes?: unknown;
}

export type ScopeDecision = { readonly inScope: true; readonly by?: string } | { readonly inScope: false; readonly why: string };

const IN: ScopeDecision = { inScope: true };

export function decideScope(declared: DeclaredScopeConfig | undefined, r: ScopedResource): ScopeDecision {
  if (declared === undefined) return IN;
  const [provider, unit, region] = r.scope.split(':');
  if (provider === 'aws') return declared.aws === undefined ? IN : decideAws(declared.aws, r, unit ?? '', region);
  if (provider === 'github') return declared.github === undefined ? IN : decideGithub(declared.github, r, unit ?? '');
  return IN;
}

function decideAws(aws: NonNullable<DeclaredScopeConfig['aws']>, r: ScopedResource, account: string, region: string | undefined): ScopeDecision {
  if (aws.accounts !== undefined && !aws.accounts.includes(account)) return { inScope: false, why: `account ${account} is not in the declared scope` };
  if (region !== undefined && aws.regions !== undefined && !aws.regions.includes(region)) return { inScope: false, why: `region ${region} is not in the declared scope` };
  const excluded = matchesAny(aws.exclude, r.id);
  if (excluded !== undefined) return { inScope: false, why: `excluded by pattern ${excluded}` };
  const tag = tagRule(aws.tags, r.attributes);
  if (tag !== undefined) return { inScope: true, by: tag };
  if (matchesAny(aws.include, r.id) !== undefined) return IN;
  return { inScope: false, why: Object.keys(aws.tags).length > 0 ? 'matches no include pattern and no tag rule' : 'matches no include pattern' };
}

/**
 * `tags: { data-class: [restricted] }` brings a resource in when its tag has one of the values. Tags are
 * the resource's own (`attributes.tags`: AWS resource tags, GitHub repository custom properties, where a
 * multi-select property is a list and any of its values counts).
 */
function tagRule(rules: Readonly<Record<string, readonly string[]>>, attributes: unknown): string | undefined {
  const tags = (attributes as { tags?: unknown } | undefined)?.tags;
  if (typeof tags !== 'object' || tags === null) return undefined;
  for (const [key, values] of Object.entries(rules)) {
    const value = (tags as Record<string, unknown>)[key];
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string' && values.includes(v)) return `tag ${key}=${v}`;
  }
  return undefined;
}

function decideGithub(gh: NonNullable<DeclaredScopeConfig['github']>, r: ScopedResource, org: string): ScopeDecision {
  if (gh.organizations !== undefined && !gh.organizations.includes(org)) return { inScope: false, why: `organisation ${org} is not in the declared scope` };
  // github:<org>/<repo>, github:<org>/<repo>#<pr>, github:<org>/<repo>@<sha>; github:<org> (and its
  // organisation-level records such as github:<org>#window/…) belong to the organisation itself.
  const m = /^github:([^/#@]+)\/([^#@]+)/.exec(r.id);
  if (!m) return IN;
  const repo = m[2]!;
  const full = `${m[1]}/${repo}`;
  const repos = gh.repositories;
  const excluded = matchesAny(repos.exclude, repo) ?? matchesAny(repos.exclude, full);
  if (excluded !== undefined) return { inScope: false, why: `repository ${full} excluded by pattern ${excluded}` };
  // Only the repository observation carries its custom properties; its pull requests and pushes follow it
  // through scopeDecider (they are the repository's change records, judged with it).
  const tag = r.type === 'github.repo' ? tagRule(repos.tags ?? {}, r.attributes) : undefined;
  if (tag === undefined && matchesAny(repos.include, repo) === undefined && matchesAny(repos.include, full) === undefined) {
    return { inScope: false, why: `repository ${full} matches no include pattern${Object.keys(repos.tags ?? {}).length > 0 ? ' and no tag rule' : ''}` };
  }
  if (!repos.archived && r.type === 'github.repo' && (r.attributes as { archived?: unknown } | undefined)?.archived === true) {
    return { inScope: false, why: `repository ${full} is archived (archived repositories are out of the declared scope)` };
  }
  if (tag !== undefined) return { inScope: true, by: tag };
  return IN;
}

/**
 * decideScope over a whole collection: a repository brought in by a tag rule brings its change records
 * (pull requests, direct pushes: `github:<org>/<repo>#…`, `…@…`) in with it, since only the repository
 * observation carries the custom properties the rule reads.
 */
export function scopeDecider(declared: DeclaredScopeConfig | undefined, observations: readonly ScopedResource[]): (r: ScopedResource) => ScopeDecision {
  const byRepo = new Map<string, ScopeDecision>();
  for (const o of observations) if (o.type === 'github.repo') byRepo.set(o.id, decideScope(declared, o));
  return (r) => {
    const d = decideScope(declared, r);
    if (d.inScope || r.type === 'github.repo') return d;
    const m = /^(github:[^/#@]+\/[^#@]+)[#@]/.exec(r.id);
    const repo = m ? byRepo.get(m[1]!) : undefined;
    return repo !== undefined && repo.inScope && repo.by !== undefined ? repo : d;
  };
}

/** One out-of-scope resource as a run stores it. */
export interface OutOfScope {
  readonly type: string;
  readonly id: string;
  readonly scope: string;
  readonly why: string;
}

/** Per type: how many discovered resources were inside the declared scope. */
export interface ScopeTally {
  readonly type: string;
  readonly discovered: number;
  readonly inScope: number;
}

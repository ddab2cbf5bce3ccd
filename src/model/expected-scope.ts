/**
 * Expected scopes: what a run MUST cover, stated before anything is collected (DESIGN.md "Expected
 * scopes come first"). A scope that was expected and not collected is `error` for every check of that
 * scope, never absent: a day that looks clean because nothing was looked at is the worst failure an
 * evidence system can have.
 *
 * Each run stores its expected scopes in its scope blob (`expected`), beside the collections it
 * recorded, so coverage of any past run is computed from what that run stored, never from today's config.
 */

/** Where an expected scope comes from. */
export type ScopeOrigin =
  /** Listed in the configuration (an AWS account × region, a GitHub organisation). */
  | 'configured'
  /** Found by discovery this run (AWS Organizations ListAccounts). */
  | 'discovered'
  /** Discovery failed this run: the last successfully discovered set (from the latest sealed run) stays expected. */
  | 'last-discovered';

export interface ExpectedScope {
  /** Collector id, e.g. `aws-iam`. */
  readonly collector: string;
  /** Scope id, e.g. `aws:222222222222` or `aws:222222222222:eu-west-1`. */
  readonly scope: string;
  readonly origin: ScopeOrigin;
  /**
   * Set when the scope is expected but cannot be collected this run, with why, e.g.
   * "account 222222222222: discovery failed (organizations:ListAccounts AccessDenied); last discovered in run 1".
   * The run records an `error` collection with this reason, so every check of the scope records `error`.
   */
  readonly unreachable?: string;
}

/** One collection as coverage sees it (a stored collections row or a fresh CollectedScope). */
export interface CollectionOutcome {
  readonly collector: string;
  readonly scope: string;
  readonly status: 'ok' | 'partial' | 'error';
  readonly error: string | null;
}

export type CoverageStatus =
  /** Every expected scope was collected (ok or partial). */
  | 'complete'
  /** Some expected scopes were not collected. */
  | 'partial'
  /** Nothing was collected: no expected scope at all, or every one failed. */
  | 'empty';

export interface Coverage {
  readonly status: CoverageStatus;
  /** Expected collector × scope pairs. */
  readonly expected: number;
  /** Expected pairs collected with status ok or partial. */
  readonly collected: number;
  /** Expected pairs with no successful collection, with the reason. */
  readonly missing: readonly { readonly collector: string; readonly scope: string; readonly origin: ScopeOrigin; readonly reason: string }[];
}

/** The identity of a collection: one collector in one scope (expected scopes, collections and coverage rows share it). */
export const collectionKey = (c: { readonly collector: string; readonly scope: string }) => `${c.collector}\u0000${c.scope}`;

/**
 * Expected vs collected. A run with no expected scope at all is `empty`: zero scopes is never full coverage.
 */
export function computeCoverage(expected: readonly ExpectedScope[], collections: readonly CollectionOutcome[]): Coverage {
  const byKey = new Map(collections.map((c) => [collectionKey(c), c]));
  const missing: Coverage['missing'][number][] = [];
  let collected = 0;
  for (const e of expected) {
    const c = byKey.get(collectionKey(e));
    if (c !== undefined && c.status !== 'error') collected += 1;
    else missing.push({ collector: e.collector, scope: e.scope, origin: e.origin, reason: e.unreachable ?? c?.error ?? 'no collection was recorded for this scope' });
  }
  const status: CoverageStatus = collected === 0 ? 'empty' : missing.length > 0 ? 'partial' : 'complete';
  return { status, expected: expected.length, collected, missing };
}

/**
 * The expected scopes a stored run scope blob states. Runs sealed before expected scopes existed stored
 * `collectors: [{ id, scopes }]` (the targets derived from the config): those are read as `configured`.
 */
export function expectedScopesOf(scopeBlob: unknown): ExpectedScope[] {
  const blob = (typeof scopeBlob === 'object' && scopeBlob !== null ? scopeBlob : {}) as {
    expected?: ExpectedScope[];
    collectors?: { id: string; scopes: string[] }[];
  };
  if (Array.isArray(blob.expected)) return blob.expected;
  return (blob.collectors ?? []).flatMap((c) => c.scopes.map((scope) => ({ collector: c.id, scope, origin: 'configured' as const })));
}

import { z } from 'zod';
import type { CheckContext, Verdict } from '../../src/model/check.js';
import type { Observation } from '../../src/model/observation.js';
import type { NotAvailable } from '../../src/model/not-available.js';
import type {
  AlertSummaryValue,
  EffectiveBranchRulesValue,
  GithubRepoAttributes,
  WebhookValue,
} from '../../collectors/github/observations.js';
import { day, days, isOlderThan, parseTime } from './days.js';
import { requireKnown, unknownsAsError } from './known.js';
import { isUnknown } from '../../src/model/unknown.js';

/**
 * Helpers shared by the GitHub checks (checks/github/). Pure: the run's time comes in as `now`.
 * Logins are compared case-insensitively, as GitHub treats them.
 */

/** GitHub logins are case-insensitive (`Alice` and `alice` are one account). */
export function sameLogin(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------
// Repositories: archived ones are not applicable; everything else needs to know whether it is archived.

/**
 * Wraps a repository check: an Unknown `archived` flag is an error, an archived repository is not applicable
 * (it is read-only: nothing can be pushed, merged or changed until it is unarchived), and CannotEvaluate
 * raised by the body becomes `error` with its reason.
 */
export function onActiveRepo<P>(
  evaluate: (repo: GithubRepoAttributes, ctx: CheckContext<P>, obs: Observation<GithubRepoAttributes>) => Verdict,
): (obs: Observation<GithubRepoAttributes>, ctx: CheckContext<P>) => Verdict {
  return unknownsAsError<GithubRepoAttributes, P>((obs, ctx) => {
    // An Unknown `archived` flag means the repository itself could not be read (every attribute carries the
    // same cause): the cause is the reason, not the first attribute this wrapper happened to look at.
    if (isUnknown(obs.attributes.archived)) return { status: 'error', reason: obs.attributes.archived.$unknown };
    const archived = obs.attributes.archived;
    if (archived) return { status: 'not_applicable', reason: 'repository is archived (read-only)' };
    return evaluate(obs.attributes, ctx, obs);
  });
}

/** The effective rules on the default branch (classic protection ∪ active rulesets), or CannotEvaluate. */
export function branchRules(repo: GithubRepoAttributes): EffectiveBranchRulesValue {
  return requireKnown(repo.defaultBranchRules, 'default-branch protection and rulesets');
}

/** Rulesets that are enforced (`active`), as opposed to `evaluate` (report-only) or `disabled`. */
export function activeRulesets(rules: EffectiveBranchRulesValue): EffectiveBranchRulesValue['rulesets'] {
  return rules.rulesets.filter((r) => r.enforcement === 'active');
}

function describeRuleset(r: EffectiveBranchRulesValue['rulesets'][number]): string {
  return `${JSON.stringify(r.name)} (id ${r.id}, ${r.sourceType.toLowerCase()})`;
}

/** "classic branch protection and active ruleset "main" (id 7, repository)" — what protects the branch. */
export function describeProtection(rules: EffectiveBranchRulesValue): string {
  const parts: string[] = [];
  if (rules.classicProtection) parts.push('classic branch protection');
  const active = activeRulesets(rules);
  if (active.length > 0) parts.push(`active ruleset${active.length === 1 ? '' : 's'} ${active.map(describeRuleset).join(', ')}`);
  return parts.length > 0 ? parts.join(' and ') : 'nothing';
}

/** "ruleset "x" (id 3, organization) is in evaluate mode only (not enforced)", for unprotected branches. */
export function describeUnenforced(rules: EffectiveBranchRulesValue): string | null {
  const idle = rules.rulesets.filter((r) => r.enforcement !== 'active');
  if (idle.length === 0) return null;
  return `ruleset${idle.length === 1 ? '' : 's'} ${idle.map((r) => `${describeRuleset(r)} in ${r.enforcement} mode`).join(', ')} ${idle.length === 1 ? 'is' : 'are'} not enforced`;
}

/** `default branch main` */
export function branchName(rules: EffectiveBranchRulesValue): string {
  return `default branch ${rules.branch}`;
}

/**
 * The branch-rule checks (force push, deletion, reviews…) all fail the same way on an unprotected branch:
 * nothing enforces anything. Returns that failure, or null when the branch has some protection.
 */
export function unprotectedFailure(rules: EffectiveBranchRulesValue, consequence: string): Verdict | null {
  if (rules.protected) return null;
  const idle = describeUnenforced(rules);
  return { status: 'fail', reason: `${branchName(rules)} has no branch protection and no active ruleset, so ${consequence}${idle ? ` (${idle})` : ''}` };
}

// ---------------------------------------------------------------------------------------------------------
// Features that the plan may not offer.

/** The not_applicable verdict for a feature the plan does not offer (test with isNotAvailable first). */
export function notApplicable(value: NotAvailable, what: string): Verdict {
  return { status: 'not_applicable', reason: `${what} is not available: ${value.$notAvailable}` };
}

// ---------------------------------------------------------------------------------------------------------
// Approved lists with optional expiry (outside collaborators, write deploy keys).

/** `YYYY-MM-DD`: an approval holds through the end of that UTC day. */
export const ExpiryDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => {
    const ms = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === s;
  }, 'expected a real calendar date');

/** True when an approval valid through `expires` (inclusive, UTC) has lapsed at `now`. */
export function isExpired(expires: string | null | undefined, now: Date): boolean {
  return expires !== null && expires !== undefined && day(now) > expires;
}

// ---------------------------------------------------------------------------------------------------------
// Alert remediation SLAs (Dependabot, code scanning).

/** Days an open alert of each severity may stay open; medium / low are only checked when set. */
export const SlaDays = z
  .object({
    critical: z.number().int().min(0).max(3650),
    high: z.number().int().min(0).max(3650),
    medium: z.number().int().min(0).max(3650).nullable().optional(),
    low: z.number().int().min(0).max(3650).nullable().optional(),
  })
  .strict();
export type SlaDaysValue = z.infer<typeof SlaDays>;

const SLA_ORDER = ['critical', 'high', 'medium', 'low'] as const;

/** "critical 15 days, high 30 days" */
export function describeSla(sla: SlaDaysValue): string {
  return SLA_ORDER.filter((s) => typeof sla[s] === 'number')
    .map((s) => `${s} ${days(sla[s] as number)}`)
    .join(', ');
}

/** At most this many alerts are named in a reason; the rest are counted. */
const MAX_NAMED = 10;

export function nameSome(items: readonly string[]): string {
  if (items.length <= MAX_NAMED) return items.join('; ');
  return `${items.slice(0, MAX_NAMED).join('; ')}; and ${items.length - MAX_NAMED} more`;
}

/**
 * Judge an open-alert list against the SLA: fail naming every overdue alert (with its opening date, never
 * an age), else pass. `kind` names the alert source in reasons ("Dependabot alert").
 */
export function judgeAlertSla(summary: AlertSummaryValue, sla: SlaDaysValue, now: Date, kind: string): Verdict {
  const overdue: string[] = [];
  let tracked = 0;
  for (const alert of summary.open) {
    const severity = alert.severity.toLowerCase();
    const limit = (SLA_ORDER as readonly string[]).includes(severity) ? sla[severity as (typeof SLA_ORDER)[number]] : undefined;
    if (typeof limit !== 'number') continue;
    tracked++;
    const opened = parseTime(alert.createdAt, `${kind} #${alert.number} creation date`);
    if (isOlderThan(opened, limit, now)) {
      const subject = alert.subject === null ? '' : `, ${alert.subject}`;
      overdue.push(`${kind} #${alert.number} (${severity}${subject}) opened ${day(opened)}, more than ${days(limit)} before this run`);
    }
  }
  if (overdue.length > 0) return { status: 'fail', reason: nameSome(overdue) };
  const open = summary.open.length;
  return {
    status: 'pass',
    reason:
      tracked === 0
        ? `no open ${kind} of a severity with an SLA (${describeSla(sla)})${open > 0 ? `; ${open} open of other severities` : ''}`
        : `${tracked} open ${kind}${tracked === 1 ? '' : 's'} with an SLA, none past it (${describeSla(sla)})`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Webhooks (organisation and repository).

/** What is wrong with one webhook: plain http, TLS verification off, no secret. */
function webhookProblems(hook: WebhookValue): string[] {
  const out: string[] = [];
  if (!hook.https) out.push('does not use https');
  if (hook.insecureSsl) out.push('has TLS certificate verification turned off');
  if (!hook.hasSecret) out.push('has no secret');
  return out;
}

/** Every active webhook uses https, verifies TLS and signs payloads with a secret. */
export function judgeWebhooks(hooks: readonly WebhookValue[], owner: string): Verdict {
  const active = hooks.filter((h) => h.active);
  if (active.length === 0) {
    return { status: 'not_applicable', reason: `${owner} has no active webhook${hooks.length > 0 ? ` (${hooks.length} inactive)` : ''}` };
  }
  const bad = active
    .map((h) => ({ h, problems: webhookProblems(h) }))
    .filter((x) => x.problems.length > 0)
    .map(({ h, problems }) => `webhook ${h.id}${h.url === null ? '' : ` (${h.url})`} ${problems.join(', ')}`);
  if (bad.length > 0) return { status: 'fail', reason: nameSome(bad) };
  return {
    status: 'pass',
    reason: `${active.length === 1 ? 'the active webhook uses' : `all ${active.length} active webhooks use`} https with TLS verification and a secret`,
  };
}

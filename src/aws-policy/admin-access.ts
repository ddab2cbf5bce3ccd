import { CannotEvaluate } from '../model/cannot-evaluate.js';
import { actionCovers, describeStatement, statements, type PolicyDocument, type Statement } from './statements.js';

/**
 * Who holds administrative access: a pure reading of IAM identity policies and permissions boundaries.
 *
 * THE RULE. A principal is *administrative* when its identity policies (attached managed, inline, and — for a
 * user — those of its groups) allow **every IAM action on every IAM resource of the account**: an Allow
 * statement whose Action is `*`, `*:*`, `iam:*` or any wildcard covering all of `iam:` (or a NotAction that
 * excludes no IAM action) and whose Resource is `*` or any wildcard covering every `arn:<partition>:iam::<account>:…`
 * (or a NotResource that excludes no IAM resource). Whoever holds that can grant itself anything else, so
 * `*` on `*` (AdministratorAccess) and `iam:*` on `*` (IAMFullAccess) are both administrative, and a
 * NotAction statement that excludes all of IAM (PowerUserAccess) is not.
 *
 * HOW EACH LIMIT IS TREATED.
 * - Conditions on an Allow do not excuse it: a conditional grant (e.g. only with MFA) is administrative for
 *   whoever meets the condition, and the reason says "under a condition".
 * - Explicit Deny in the principal's own identity policies: an unconditional Deny of every IAM action on every
 *   IAM resource removes administrative access. An unconditional Deny on every IAM resource that blocks one of
 *   the self-escalation actions below makes the answer Unknown (it may or may not leave the holder able to
 *   change its own permissions). A Deny on some resources only, or with a Condition, leaves the answer
 *   administrative; it is named in the notes.
 * - Permissions boundaries (users and roles): effective access is identity ∩ boundary. A boundary that itself
 *   allows every IAM action on every IAM resource leaves administrative access; one that allows none of the
 *   self-escalation actions (cannot attach, put, rewrite a policy or lift its own boundary) removes it; any
 *   other boundary makes the answer Unknown.
 * - Service control policies and resource control policies live in AWS Organizations and are not visible to
 *   an account's IAM: an SCP may remove access we call administrative. The answer is "administrative as far
 *   as this account's IAM says". Session policies and resource-based policies are not considered either.
 * - Not recognised as administrative: IAM access split over several statements that only together cover all
 *   of IAM, and Resource patterns naming another account. Partial IAM grants are privilege-escalation paths,
 *   judged for customer policies by iam.no_privilege_escalation_policies, not here.
 *
 * UNKNOWN, NEVER "NOT ADMIN". A document that cannot be read or parsed, has a field this analysis does not
 * know, or uses a NotAction/NotResource that excludes only part of IAM is undecided. A principal with an
 * undecided or unreadable document, or an unreadable boundary, is Unknown unless a readable Deny already
 * removes its access: an unreadable document could always be the one that grants (or removes) it.
 */

/** Where a document's resource patterns are judged: IAM resources are `arn:<partition>:iam::<account>:…`. */
export interface AccountContext {
  readonly partition: string;
  readonly accountId: string;
}

/**
 * IAM actions with which a principal changes its own permissions or boundary. Used only to decide whether a
 * Deny or a boundary that covers part of IAM still leaves administrative access (see the rule above).
 */
export const SELF_ESCALATION_ACTIONS: readonly string[] = [
  'iam:AttachUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:AttachRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutGroupPolicy',
  'iam:PutRolePolicy',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:AddUserToGroup',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutUserPermissionsBoundary',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
];

type Coverage = 'all' | 'some' | 'none';

/** A grant of administrative access by one statement. */
export interface AdminGrant {
  readonly statement: string;
  /** `"*"` when the statement allows every action, `"iam:*"` when it allows every IAM action. */
  readonly allows: '"*"' | '"iam:*"';
  readonly conditional: boolean;
}

/** What one identity policy or boundary document says about administrative access (statements named). */
export interface AdminFacts {
  readonly grants: readonly AdminGrant[];
  /** Unconditional Deny of every IAM action on every IAM resource. */
  readonly fullDenies: readonly string[];
  /** Unconditional Deny on every IAM resource that blocks some self-escalation action. */
  readonly escalationDenies: readonly string[];
  /** Other Deny statements that touch IAM (some resources only, or conditional): noted, not removing. */
  readonly otherDenies: readonly string[];
  /** Allow statements whose reach into IAM cannot be decided (partial NotAction / NotResource). */
  readonly undecided: readonly string[];
  /** Some Allow statement may allow a self-escalation action (used for boundaries). */
  readonly allowsSelfEscalation: boolean;
}

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

/** Glob (`*`, `?`) match, case-insensitive when asked (action names are; ARNs are not). */
function glob(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, caseInsensitive ? 'i' : '').test(value);
}

/** Does `pattern` match every string that starts with `prefix`? True iff it ends in `*` and its head matches a prefix of `prefix`. */
function coversEveryWithPrefix(pattern: string, prefix: string, caseInsensitive: boolean): boolean {
  if (!pattern.endsWith('*')) return false;
  const head = pattern.slice(0, -1);
  for (let k = 0; k <= prefix.length; k += 1) if (glob(head, prefix.slice(0, k), caseInsensitive)) return true;
  return false;
}

/** Could `pattern` match some string that starts with `prefix`? Judged on its literal text before the first wildcard. */
function mayMatchWithPrefix(pattern: string, prefix: string, caseInsensitive: boolean): boolean {
  const cut = pattern.search(/[*?]/);
  const literal = cut < 0 ? pattern : pattern.slice(0, cut);
  const [l, p] = caseInsensitive ? [literal.toLowerCase(), prefix.toLowerCase()] : [literal, prefix];
  return p.startsWith(l) || l.startsWith(p);
}

function iamResourcePrefix(ctx: AccountContext): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:`;
}

function coverage(patterns: string[] | null, excluded: string[] | null, covers: (p: string) => boolean, mayMatch: (p: string) => boolean): Coverage {
  if (patterns !== null) return patterns.some(covers) ? 'all' : patterns.some(mayMatch) ? 'some' : 'none';
  // Not… lists everything except the excluded patterns.
  const ex = excluded ?? [];
  return ex.some(covers) ? 'none' : ex.some(mayMatch) ? 'some' : 'all';
}

function iamActions(s: Statement): Coverage {
  return coverage(
    s.action,
    s.notAction,
    (p) => coversEveryWithPrefix(p, 'iam:', true),
    (p) => mayMatchWithPrefix(p, 'iam:', true),
  );
}

function iamResources(s: Statement, ctx: AccountContext): Coverage {
  const prefix = iamResourcePrefix(ctx);
  return coverage(
    s.resource,
    s.notResource,
    (p) => p === '*' || coversEveryWithPrefix(p, prefix, false),
    (p) => mayMatchWithPrefix(p, prefix, false),
  );
}

/** May the statement's actions include `action`? (Action patterns cover it, or no NotAction pattern does.) */
function mayInclude(s: Statement, action: string): boolean {
  if (s.action !== null) return s.action.some((p) => actionCovers(p, action));
  return !(s.notAction ?? []).some((p) => actionCovers(p, action));
}

function checkShape(document: PolicyDocument, what: string): Statement[] {
  for (const key of Object.keys(document)) {
    if (!DOCUMENT_KEYS.has(key)) throw new CannotEvaluate(`${what} has an unrecognised field ${JSON.stringify(key)}`);
  }
  if (document.Version !== undefined && !(typeof document.Version === 'string' && VERSIONS.has(document.Version))) {
    throw new CannotEvaluate(`${what} has an unrecognised Version ${JSON.stringify(document.Version)}`);
  }
  const list = statements(document, what);
  const raw = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  raw.forEach((st, i) => {
    for (const key of Object.keys(st as Record<string, unknown>)) {
      if (!STATEMENT_KEYS.has(key)) throw new CannotEvaluate(`${what} statement ${i + 1} has a field an identity policy does not take: ${JSON.stringify(key)}`);
    }
  });
  for (const s of list) {
    const where = `${what} ${describeStatement(s)}`;
    if (s.effect !== 'Allow' && s.effect !== 'Deny') throw new CannotEvaluate(`${where} has Effect ${JSON.stringify(s.effect)}, neither Allow nor Deny`);
    if ((s.action === null) === (s.notAction === null)) throw new CannotEvaluate(`${where} must have exactly one of Action and NotAction`);
    if ((s.resource === null) === (s.notResource === null)) throw new CannotEvaluate(`${where} must have exactly one of Resource and NotResource`);
  }
  return list;
}

/**
 * The administrative-access facts of one identity policy or boundary document. Throws CannotEvaluate for a
 * document IAM would not accept or that has a field this analysis does not know (→ Unknown, never "not admin").
 */
export function adminFacts(document: PolicyDocument, ctx: AccountContext, what = 'policy document'): AdminFacts {
  const grants: AdminGrant[] = [];
  const fullDenies: string[] = [];
  const escalationDenies: string[] = [];
  const otherDenies: string[] = [];
  const undecided: string[] = [];
  let allowsSelfEscalation = false;
  for (const s of checkShape(document, what)) {
    const actions = iamActions(s);
    const resources = iamResources(s, ctx);
    const name = describeStatement(s);
    const conditional = Object.keys(s.condition).length > 0;
    if (actions === 'none' || resources === 'none') continue;
    if (s.effect === 'Allow') {
      if (SELF_ESCALATION_ACTIONS.some((a) => mayInclude(s, a))) allowsSelfEscalation = true;
      if (actions === 'all' && resources === 'all') {
        const everything = (s.action ?? []).some((a) => a === '*' || a === '*:*') || (s.notAction !== null && s.notAction.length === 0);
        grants.push({ statement: name, allows: everything ? '"*"' : '"iam:*"', conditional });
      } else if (s.notAction !== null && actions === 'some') {
        // A NotAction that excludes part of IAM leaves an unknown part of IAM allowed.
        undecided.push(`${name} (NotAction excludes only part of IAM)`);
      } else if (s.notResource !== null && resources === 'some' && actions === 'all') {
        undecided.push(`${name} (NotResource excludes only some IAM resources)`);
      }
      continue;
    }
    // Deny.
    if (conditional || resources !== 'all') otherDenies.push(`${name}${conditional ? ' (conditional)' : ' (some resources)'}`);
    else if (actions === 'all') fullDenies.push(name);
    else if (SELF_ESCALATION_ACTIONS.some((a) => mayInclude(s, a))) escalationDenies.push(name);
    else otherDenies.push(`${name} (some IAM actions)`);
  }
  return { grants, fullDenies, escalationDenies, otherDenies, undecided, allowsSelfEscalation };
}

/** One document a principal holds, already analysed, or why it could not be. */
export interface HeldPolicy {
  /** How the principal holds it, e.g. `via group Admins (AWS managed AdministratorAccess)`. */
  readonly label: string;
  readonly facts: AdminFacts | { readonly unknown: string };
}

export type AdminVerdict =
  | { readonly status: 'administrative'; readonly via: readonly string[]; readonly notes: readonly string[] }
  | { readonly status: 'not_administrative'; readonly notes: readonly string[] }
  | { readonly status: 'unknown'; readonly reason: string };

const isKnown = (f: HeldPolicy['facts']): f is AdminFacts => !('unknown' in f);

function grantText(label: string, g: AdminGrant): string {
  return `${label}, whose ${g.statement} allows ${g.allows} on every resource${g.conditional ? ' under a condition' : ''}`;
}

/**
 * Is the principal administrative? `boundary` is null when it has none (groups never do). Pure: the same
 * documents always give the same verdict and the same words.
 */
export function adminVerdict(policies: readonly HeldPolicy[], boundary: HeldPolicy | null): AdminVerdict {
  const known = policies.filter((p): p is HeldPolicy & { facts: AdminFacts } => isKnown(p.facts));
  const unreadable = policies.filter((p) => !isKnown(p.facts)).map((p) => `${p.label}: ${(p.facts as { unknown: string }).unknown}`);
  const notes = known.flatMap((p) => p.facts.otherDenies.map((d) => `${p.label}: Deny ${d} does not remove it`));

  const full = known.flatMap((p) => p.facts.fullDenies.map((d) => `${p.label}: ${d} denies every IAM action on every resource`));
  if (full.length > 0) return { status: 'not_administrative', notes: full };

  const via = known.flatMap((p) => p.facts.grants.map((g) => grantText(p.label, g)));
  const undecided = known.flatMap((p) => p.facts.undecided.map((u) => `${p.label}: ${u}`));
  if (unreadable.length > 0) return { status: 'unknown', reason: `could not read ${unreadable.join('; ')}` };
  if (undecided.length > 0) return { status: 'unknown', reason: `cannot decide ${undecided.join('; ')}` };
  if (via.length === 0) return { status: 'not_administrative', notes: [] };

  const blocking = known.flatMap((p) => p.facts.escalationDenies.map((d) => `${p.label}: ${d}`));
  if (blocking.length > 0) {
    return { status: 'unknown', reason: `${via.join('; ')}, but a Deny blocks some IAM actions on every resource (${blocking.join('; ')}); whether access stays administrative is not decided` };
  }
  if (boundary === null) return { status: 'administrative', via, notes };
  if (!isKnown(boundary.facts)) return { status: 'unknown', reason: `${via.join('; ')}, but ${boundary.label} could not be read: ${boundary.facts.unknown}` };
  const b = boundary.facts;
  if (b.fullDenies.length > 0 || (b.grants.length === 0 && !b.allowsSelfEscalation)) {
    return { status: 'not_administrative', notes: [`${boundary.label} does not allow every IAM action, nor any way to change the holder's own permissions: it removes administrative access`] };
  }
  if (b.grants.length > 0 && b.escalationDenies.length === 0 && b.undecided.length === 0) {
    return { status: 'administrative', via, notes: [...notes, `${boundary.label} allows every IAM action too`] };
  }
  return { status: 'unknown', reason: `${via.join('; ')}, but ${boundary.label} allows only part of IAM; whether it removes administrative access is not decided` };
}

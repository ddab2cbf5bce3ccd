import { CannotEvaluate } from '../model/cannot-evaluate.js';

/**
 * IAM policy documents arrive in several equivalent shapes: `Statement` as one object or an array, and
 * `Action`, `Resource`, principal values and condition values as a string or an array of strings.
 * Checks and collectors (the S3 bucket-policy analyser) read them through these helpers, so the shapes are handled once.
 * A shape IAM would not accept is malformed evidence (CannotEvaluate → `error`), never silently skipped.
 */

export type PolicyDocument = Record<string, unknown>;

/** Condition block: operator → condition key → values. */
export type Conditions = Record<string, Record<string, string[]>>;

export interface Statement {
  /** Position in the document, for stable reasons (`statement 2`). */
  readonly index: number;
  readonly sid: string | null;
  readonly effect: string;
  readonly action: string[] | null;
  readonly notAction: string[] | null;
  readonly resource: string[] | null;
  readonly notResource: string[] | null;
  readonly principal: Principal | null;
  readonly notPrincipal: Principal | null;
  readonly condition: Conditions;
}

export interface Principal {
  /** `"Principal": "*"` or `{"AWS": "*"}` (or `"*"` inside an AWS array). */
  readonly wildcard: boolean;
  readonly aws: string[];
  readonly service: string[];
  readonly federated: string[];
  readonly canonicalUser: string[];
}

/** A string or an array of strings, as a list. */
export function asList(value: unknown, where: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [...value];
  throw new CannotEvaluate(`${where} is neither a string nor a list of strings`);
}

function optionalList(value: unknown, where: string): string[] | null {
  return value === undefined ? null : asList(value, where);
}

function principal(value: unknown, where: string): Principal | null {
  if (value === undefined) return null;
  if (value === '*') return { wildcard: true, aws: [], service: [], federated: [], canonicalUser: [] };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CannotEvaluate(`${where} is neither "*" nor an object`);
  }
  const p = value as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(key)) {
      throw new CannotEvaluate(`${where} has an unrecognised principal type ${JSON.stringify(key)}`);
    }
  }
  const aws = optionalList(p.AWS, `${where}.AWS`) ?? [];
  return {
    wildcard: aws.includes('*'),
    aws: aws.filter((a) => a !== '*'),
    service: optionalList(p.Service, `${where}.Service`) ?? [],
    federated: optionalList(p.Federated, `${where}.Federated`) ?? [],
    canonicalUser: optionalList(p.CanonicalUser, `${where}.CanonicalUser`) ?? [],
  };
}

function conditions(value: unknown, where: string): Conditions {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CannotEvaluate(`${where} is not an object`);
  const out: Conditions = {};
  for (const [operator, block] of Object.entries(value as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null || Array.isArray(block)) {
      throw new CannotEvaluate(`${where}.${operator} is not an object`);
    }
    const keys: Record<string, string[]> = {};
    for (const [key, v] of Object.entries(block as Record<string, unknown>)) {
      // Condition values may be booleans or numbers in JSON (e.g. aws:MultiFactorAuthPresent: true).
      const list = Array.isArray(v) ? v : [v];
      keys[key] = list.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
    }
    out[operator] = keys;
  }
  return out;
}

/** Every statement of a policy document, whether `Statement` is one object or an array. */
export function statements(document: PolicyDocument, what = 'policy document'): Statement[] {
  const raw = document.Statement;
  if (raw === undefined) throw new CannotEvaluate(`${what} has no Statement`);
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((s, i) => {
    const where = `${what} statement ${i + 1}`;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new CannotEvaluate(`${where} is not an object`);
    const st = s as Record<string, unknown>;
    if (typeof st.Effect !== 'string') throw new CannotEvaluate(`${where} has no Effect`);
    return {
      index: i + 1,
      sid: typeof st.Sid === 'string' && st.Sid !== '' ? st.Sid : null,
      effect: st.Effect,
      action: optionalList(st.Action, `${where} Action`),
      notAction: optionalList(st.NotAction, `${where} NotAction`),
      resource: optionalList(st.Resource, `${where} Resource`),
      notResource: optionalList(st.NotResource, `${where} NotResource`),
      principal: principal(st.Principal, `${where} Principal`),
      notPrincipal: principal(st.NotPrincipal, `${where} NotPrincipal`),
      condition: conditions(st.Condition, `${where} Condition`),
    };
  });
}

/** Only statements that grant (Effect Allow); Deny statements never widen access. */
export function allowStatements(document: PolicyDocument, what?: string): Statement[] {
  return statements(document, what).filter((s) => s.effect === 'Allow');
}

/** `statement 2 (Sid "Admin")` — stable across days as long as the document is unchanged. */
export function describeStatement(s: Statement): string {
  return s.sid === null ? `statement ${s.index}` : `statement ${s.index} (Sid ${JSON.stringify(s.sid)})`;
}

/**
 * Values of a condition key under any operator, matched case-insensitively (IAM condition keys are).
 * `operators` limits which operators count, e.g. only positive matches (StringEquals, StringLike).
 */
export function conditionValues(s: Statement, key: string, operators?: readonly string[]): string[] {
  const wanted = key.toLowerCase();
  const out: string[] = [];
  for (const [operator, block] of Object.entries(s.condition)) {
    if (operators && !operators.includes(operator)) continue;
    for (const [k, values] of Object.entries(block)) {
      if (k.toLowerCase() === wanted) out.push(...values);
    }
  }
  return out;
}

/** `*` or `*:*`: every action of every service. */
function isAllActions(action: string): boolean {
  return action === '*' || action === '*:*';
}

/**
 * An Allow statement whose Action includes `*` (or `*:*`) on Resource `*`: full administrator.
 * Conditions are not treated as mitigating: a conditional admin grant is still admin for whoever meets them.
 * NotAction / NotResource statements are out of scope (they can be as broad, but judging them needs the
 * whole action catalogue); they never match here.
 */
export function grantsFullAdmin(s: Statement): boolean {
  return s.effect === 'Allow' && (s.action ?? []).some(isAllActions) && (s.resource ?? []).includes('*');
}

/**
 * Condition operators that only match when the key is present and equal/like a listed value. `...IfExists`,
 * `ForAllValues:` and the negated operators also match when the key is absent or different, so they
 * restrict nothing and are left out on purpose.
 */
export const POSITIVE_MATCH_OPERATORS: readonly string[] = ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike'].flatMap(
  (op) => [op, `ForAnyValue:${op}`],
);

/** Values a positive operator requires for `key`, ignoring a bare `*` (which matches anything). */
export function requiredConditionValues(s: Statement, key: string): string[] {
  return conditionValues(s, key, POSITIVE_MATCH_OPERATORS).filter((v) => v !== '*' && v !== '');
}

/**
 * Does an IAM action pattern from a policy (`iam:*`, `iam:Put*Policy`, `*`) cover the action `name`?
 * IAM action names are case-insensitive; `*` and `?` are the only wildcards.
 */
export function actionCovers(pattern: string, name: string): boolean {
  if (pattern === '*' || pattern === '*:*') return true;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

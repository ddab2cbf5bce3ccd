import { accountOf } from '../../src/aws-policy/arn.js';
import { conditionValues, describeStatement, requiredConditionValues, statements, type PolicyDocument, type Statement } from '../../src/aws-policy/statements.js';
import type { PolicyAnalysisValue } from './observations.js';
import { IDENTITY_CONDITION_KEYS } from '../../src/aws-policy/condition-keys.js';

/**
 * A pure bucket-policy analyser. Statement shapes (object or array, string or list values, principal forms)
 * are normalised by src/aws-policy/statements.ts, shared with the IAM checks; this file decides what a bucket
 * policy means: who it opens the bucket to, and whether it refuses plain HTTP. A document IAM would reject
 * throws CannotEvaluate, which the collector turns into an Unknown analysis (never "not public").
 */

/**
 * Condition keys that pin a wildcard principal to an organisation, account, network or source. A positive
 * match on one of them (StringEquals, StringLike, ArnLike, … and their ForAnyValue: forms) restricts the
 * statement; negated operators and …IfExists match when the key is absent, so they restrict nothing.
 */
export const RESTRICTING_KEYS: readonly string[] = [...IDENTITY_CONDITION_KEYS, 'aws:SourceVpce', 'aws:SourceVpc'];

/** Keys whose values are account ids: a wildcard pinned to another account by them is a cross-account grant. */
const ACCOUNT_KEYS = ['aws:PrincipalAccount', 'aws:SourceAccount'];

/** Only these condition keys may sit on a TLS-enforcing Deny: any other condition narrows whom it denies. */
const TRANSPORT_KEYS = new Set(['aws:securetransport', 's3:tlsversion']);

/** `*` and `?` wildcards, case-sensitive (resource ARNs are). */
function globMatches(pattern: string, value: string, caseInsensitive = false): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, caseInsensitive ? 'i' : '').test(value);
}

/** The restricting keys this statement matches positively (aws:SourceIp counts with IpAddress and a real range). */
function restrictions(s: Statement): string[] {
  const keys = RESTRICTING_KEYS.filter((k) => requiredConditionValues(s, k).length > 0);
  const ranges = conditionValues(s, 'aws:SourceIp', ['IpAddress', 'ForAnyValue:IpAddress']).filter((v) => v !== '0.0.0.0/0' && v !== '::/0');
  if (ranges.length > 0) keys.push('aws:SourceIp');
  return keys;
}

function everyone(s: Statement): 'Principal "*"' | 'NotPrincipal' | null {
  if (s.notPrincipal !== null) return 'NotPrincipal';
  return s.principal?.wildcard === true ? 'Principal "*"' : null;
}

function coversAllS3Actions(s: Statement): boolean {
  return s.notAction === null && (s.action ?? []).some((a) => a === '*' || globMatches(a, 's3:*', true));
}

function coversBucketAndObjects(s: Statement, bucketArn: string): boolean {
  const resources = s.resource ?? [];
  const covers = (arn: string) => resources.some((r) => globMatches(r, arn));
  return s.notResource === null && covers(bucketArn) && covers(`${bucketArn}/*`);
}

function conditionKeys(s: Statement): string[] {
  return [...new Set(Object.values(s.condition).flatMap((block) => Object.keys(block)))].sort();
}

/** A Deny for everyone, on every S3 action, on the bucket and its objects, conditioned on transport only. */
function transportDeny(s: Statement, bucketArn: string): { deniesHttp: boolean; minimumTls: string | null } | null {
  if (s.effect !== 'Deny' || s.principal?.wildcard !== true || !coversAllS3Actions(s) || !coversBucketAndObjects(s, bucketArn)) return null;
  const keys = conditionKeys(s).map((k) => k.toLowerCase());
  if (keys.length === 0 || keys.some((k) => !TRANSPORT_KEYS.has(k))) return null;
  // Bool "false" (or false, or ["false"]); BoolIfExists also denies requests that lack the key.
  const insecure = conditionValues(s, 'aws:SecureTransport', ['Bool', 'BoolIfExists']).some((v) => v.toLowerCase() === 'false');
  const tlsIfExists = conditionValues(s, 's3:TlsVersion', ['NumericLessThanIfExists']);
  // Plain HTTP requests carry no s3:TlsVersion, so NumericLessThan (without IfExists) does not deny them.
  const tls = [...conditionValues(s, 's3:TlsVersion', ['NumericLessThan']), ...tlsIfExists];
  const minimumTls = tls.length === 0 ? null : tls.reduce((a, b) => (Number(b) > Number(a) ? b : a));
  return { deniesHttp: insecure || tlsIfExists.length > 0, minimumTls };
}

/**
 * Analyse a bucket policy. `ownAccountId` is the bucket owner's account: its own principals are not
 * cross-account. Throws CannotEvaluate when the document is malformed.
 */
export function analyseBucketPolicy(document: PolicyDocument, bucketName: string, ownAccountId: string): PolicyAnalysisValue {
  const bucketArn = `arn:aws:s3:::${bucketName}`;
  const all = statements(document, 'bucket policy');
  const analysis: PolicyAnalysisValue = { denyInsecureTransport: false, minimumTlsVersion: null, publicStatements: [], pinnedStatements: [], crossAccountPrincipals: [], statements: [] };

  for (const s of all) {
    const where = describeStatement(s);
    analysis.statements.push({ statement: where, effect: s.effect, conditionKeys: conditionKeys(s) });

    const deny = transportDeny(s, bucketArn);
    if (deny !== null) {
      analysis.denyInsecureTransport ||= deny.deniesHttp;
      if (deny.minimumTls !== null && (analysis.minimumTlsVersion === null || Number(deny.minimumTls) > Number(analysis.minimumTlsVersion))) {
        analysis.minimumTlsVersion = deny.minimumTls;
      }
    }
    // Deny statements never widen access.
    if (s.effect !== 'Allow') continue;

    const via = everyone(s);
    if (via !== null) {
      const keys = restrictions(s);
      if (keys.length === 0) {
        analysis.publicStatements.push({ statement: where, via, actions: s.action, notActions: s.notAction });
      } else {
        analysis.pinnedStatements.push({ statement: where, via, keys: [...keys].sort() });
        for (const key of ACCOUNT_KEYS) {
          for (const account of requiredConditionValues(s, key)) {
            if (account !== ownAccountId) analysis.crossAccountPrincipals.push({ statement: where, principal: `* with ${key} ${account}`, accountId: accountOf(account) });
          }
        }
      }
    }
    for (const principal of s.principal?.aws ?? []) {
      const account = accountOf(principal);
      if (account !== ownAccountId) analysis.crossAccountPrincipals.push({ statement: where, principal, accountId: account });
    }
  }
  return analysis;
}

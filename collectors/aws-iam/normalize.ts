import type { AttachedPolicy, PasswordPolicy, PolicyDetail, ServerCertificateMetadata, VirtualMFADevice } from '@aws-sdk/client-iam';
import type { CollectionOutput } from '../../src/model/collector.js';
import type { Observation, PopulationGap } from '../../src/model/observation.js';
import { isUnknown, unknown, type Maybe } from '../../src/model/unknown.js';
import type { AccountSummary } from './account-summary.js';
import { OPERATION as SUMMARY } from './account-summary.js';
import type { AuthorizationDetails } from './authorization-details.js';
import { OPERATION as DETAILS } from './authorization-details.js';
import type { Outcome, Traced } from '../../src/sdk/aws-call.js';
import { GET, type CredentialReportRow } from './credential-report.js';
import { decodePolicyDocument } from './policy-document.js';
import { withholdExternalIds } from './withhold-external-ids.js';
import type { AwsManagedDocument } from './aws-managed-policies.js';
import { CLOUDSHELL_FULL_ACCESS, EffectiveAccess, holdersOf, SUPPORT_POLICY } from './effective-access.js';
import type {
  ApprovedAdministratorsValue,
  CredentialStateValue,
  IamPrivilegedPrincipalsAttributes,
  IamServerCertificateAttributes,
  IamAccountAttributes,
  IamPolicyAttributes,
  IamRoleAttributes,
  IamUserAttributes,
  PasswordPolicyValue,
} from './observations.js';

/**
 * Pure normalizers: raw IAM answers (or the reasons they are missing) → observations. No I/O, no clock:
 * the same answers always give the same observations, in the same order, so unchanged state hashes alike.
 */

/** Each concern's outcome carries the operations counted while it ran: an observation's `source` is their union. */
export interface IamRawState {
  readonly accountId: string;
  readonly scope: string;
  /** The scope-level calls every observation rests on (the account proof). */
  readonly proof: readonly string[];
  readonly report: Traced<CredentialReportRow[]>;
  readonly summary: Traced<AccountSummary>;
  readonly passwordPolicy: Traced<PasswordPolicy | null>;
  readonly details: Traced<AuthorizationDetails>;
  readonly virtualMfa: Traced<VirtualMFADevice[]>;
  /** The AWS-managed policies the account's principals hold, by ARN (read once per run). */
  readonly awsManaged: ReadonlyMap<string, Traced<AwsManagedDocument>>;
  readonly serverCertificates: Traced<ServerCertificateMetadata[]>;
  /** The administrators allow-list in force (config aws.administrators). */
  readonly approved: ApprovedAdministratorsValue;
}

/** The calls the AWS-managed documents rest on: this scope's reads and, for documents another account read first, that read's. */
function managedOperations(raw: IamRawState, arns: readonly string[] = [...raw.awsManaged.keys()]): string[] {
  return arns.flatMap((arn) => {
    const o = raw.awsManaged.get(arn);
    return o === undefined ? [] : [...o.operations, ...(o.ok ? o.value.operations : [])];
  });
}

function effectiveAccess(raw: IamRawState): Outcome<EffectiveAccess> {
  return raw.details.ok ? { ok: true, value: new EffectiveAccess({ accountId: raw.accountId, details: raw.details.value, awsManaged: raw.awsManaged }) } : raw.details;
}

export { decodePolicyDocument };

function documentOrUnknown(encoded: string | undefined, operation: string, what: string): Maybe<Record<string, unknown>> {
  return decodePolicyDocument(encoded) ?? unknown(`${operation} returned ${what} that is not URL-encoded JSON`);
}

/** A role's trust policy as evidence: its external ids withheld (withhold-external-ids.ts says why). */
function trustPolicyOf(encoded: string | undefined): Maybe<Record<string, unknown>> {
  const doc = documentOrUnknown(encoded, DETAILS, 'a trust policy');
  return isUnknown(doc) ? doc : withholdExternalIds(doc);
}

const iso = (date: Date | undefined): string | null => (date === undefined ? null : date.toISOString());
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (values: Iterable<string>) => [...values].sort(byString);
const sources = (...lists: (readonly string[])[]) => sorted(new Set(lists.flat()));

/** `/division/` from `arn:aws:iam::123456789012:user/division/name`. */
function pathFromArn(arn: string, kind: string): string {
  const resource = arn.split(':').slice(5).join(':');
  const rest = resource.startsWith(`${kind}/`) ? resource.slice(kind.length + 1) : resource;
  const slash = rest.lastIndexOf('/');
  return slash < 0 ? '/' : `/${rest.slice(0, slash + 1)}`;
}

function attached(list: AttachedPolicy[] | undefined) {
  return (list ?? [])
    .map((p) => ({ name: p.PolicyName ?? '', arn: p.PolicyArn ?? '' }))
    .sort((a, b) => byString(a.arn, b.arn));
}

function inline(list: PolicyDetail[] | undefined, operation: string): Maybe<{ name: string; document: Record<string, unknown> }[]> {
  const out: { name: string; document: Record<string, unknown> }[] = [];
  for (const p of list ?? []) {
    const document = decodePolicyDocument(p.PolicyDocument);
    // One undecodable document makes the whole list unknown: a partial list would read as "no such policy".
    if (document === undefined) return unknown(`${operation} returned inline policy ${p.PolicyName ?? '?'} that is not URL-encoded JSON`);
    out.push({ name: p.PolicyName ?? '', document });
  }
  return out.sort((a, b) => byString(a.name, b.name));
}

function summaryFlag(summary: Outcome<AccountSummary>, key: string): Maybe<boolean> {
  if (!summary.ok) return unknown(summary.reason);
  const value = summary.value[key];
  return typeof value === 'number' ? value > 0 : unknown(`${SUMMARY} returned no ${key}`);
}

function passwordPolicy(outcome: Outcome<PasswordPolicy | null>): Maybe<PasswordPolicyValue | null> {
  if (!outcome.ok) return unknown(outcome.reason);
  const p = outcome.value;
  if (p === null) return null;
  return {
    minimumPasswordLength: p.MinimumPasswordLength ?? null,
    requireSymbols: p.RequireSymbols ?? false,
    requireNumbers: p.RequireNumbers ?? false,
    requireUppercaseCharacters: p.RequireUppercaseCharacters ?? false,
    requireLowercaseCharacters: p.RequireLowercaseCharacters ?? false,
    allowUsersToChangePassword: p.AllowUsersToChangePassword ?? false,
    expirePasswords: p.ExpirePasswords ?? false,
    maxPasswordAge: p.MaxPasswordAge ?? null,
    passwordReusePrevention: p.PasswordReusePrevention ?? null,
    hardExpiry: p.HardExpiry ?? false,
  };
}

function accountObservation(raw: IamRawState): Observation<IamAccountAttributes> {
  const arn = `arn:aws:iam::${raw.accountId}:root`;
  const rootRow = raw.report.ok ? raw.report.value.find((r) => r.user === '<root_account>') : undefined;
  const rootCredentials: Maybe<CredentialStateValue> = !raw.report.ok
    ? unknown(raw.report.reason)
    : (rootRow?.state ?? unknown(`${GET} returned no <root_account> row`));
  const rootMfaIsVirtual: Maybe<boolean> = raw.virtualMfa.ok
    ? raw.virtualMfa.value.some((d) => d.User?.Arn === arn || (d.SerialNumber ?? '').endsWith(':mfa/root-account-mfa-device'))
    : unknown(raw.virtualMfa.reason);
  return {
    type: 'aws.iam.account',
    id: arn,
    scope: raw.scope,
    attributes: {
      accountId: raw.accountId,
      rootMfaEnabled: summaryFlag(raw.summary, 'AccountMFAEnabled'),
      rootAccessKeysPresent: summaryFlag(raw.summary, 'AccountAccessKeysPresent'),
      rootMfaIsVirtual,
      rootCredentials,
      passwordPolicy: passwordPolicy(raw.passwordPolicy),
      supportRoles: raw.details.ok ? holdersOf(raw.details.value, SUPPORT_POLICY, ['role']) : unknown(raw.details.reason),
      cloudShellFullAccessHolders: raw.details.ok ? holdersOf(raw.details.value, CLOUDSHELL_FULL_ACCESS, ['user', 'group', 'role']) : unknown(raw.details.reason),
    },
    source: sources(raw.proof, raw.summary.operations, raw.virtualMfa.operations, raw.report.operations, raw.passwordPolicy.operations, raw.details.operations),
  };
}

function userObservations(raw: IamRawState, access: Outcome<EffectiveAccess>): Observation<IamUserAttributes>[] {
  const rows = new Map(raw.report.ok ? raw.report.value.filter((r) => r.user !== '<root_account>').map((r) => [r.arn, r]) : []);
  const details = new Map(raw.details.ok ? raw.details.value.users.map((u) => [u.Arn ?? '', u]) : []);
  const arns = sorted(new Set([...rows.keys(), ...details.keys()]));
  return arns.map((arn) => {
    const row = rows.get(arn);
    const detail = details.get(arn);
    const fromDetails = <T>(pick: (d: NonNullable<typeof detail>) => Maybe<T>): Maybe<T> =>
      !raw.details.ok ? unknown(raw.details.reason) : detail === undefined ? unknown(`${DETAILS} did not list this user`) : pick(detail);
    return {
      type: 'aws.iam.user',
      id: arn,
      scope: raw.scope,
      attributes: {
        name: detail?.UserName ?? row?.user ?? arn.slice(arn.lastIndexOf('/') + 1),
        arn,
        path: detail?.Path ?? pathFromArn(arn, 'user'),
        // IAM always reports a creation date; an empty one fails schema validation loudly rather than inventing one.
        createdAt: iso(detail?.CreateDate) ?? row?.createdAt ?? '',
        credentials: !raw.report.ok ? unknown(raw.report.reason) : (row?.state ?? unknown(`${GET} has no row for this user`)),
        groups: fromDetails((d) => sorted(d.GroupList ?? [])),
        attachedManagedPolicies: fromDetails((d) => attached(d.AttachedManagedPolicies)),
        inlinePolicies: fromDetails((d) => inline(d.UserPolicyList, DETAILS)),
        permissionsBoundary: fromDetails((d) => d.PermissionsBoundary?.PermissionsBoundaryArn ?? null),
        tags: fromDetails((d) => tagsOf(d.Tags)),
        administrativeAccess: !access.ok ? unknown(access.reason) : fromDetails(() => access.value.user(arn)),
      },
      // Both listings were asked about every user, answered or not: their calls are what the attributes rest on.
      source: sources(raw.proof, raw.report.operations, raw.details.operations, access.ok ? managedOperations(raw, access.value.awsManagedHeldBy(arn)) : []),
    };
  });
}

/** IAM's tag list as a key → value record (keys sorted, so the observation hashes the same whatever the order). */
function tagsOf(tags: readonly { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? ''] as const).sort(([a], [b]) => byString(a, b)));
}

function roleObservations(
  details: AuthorizationDetails,
  scope: string,
  source: readonly string[],
  access: EffectiveAccess,
  managedOps: (arn: string) => string[],
): Observation<IamRoleAttributes>[] {
  return details.roles
    .map((r): Observation<IamRoleAttributes> => {
      const arn = r.Arn ?? '';
      return {
        type: 'aws.iam.role',
        id: arn,
        scope,
        attributes: {
          name: r.RoleName ?? '',
          arn,
          path: r.Path ?? pathFromArn(arn, 'role'),
          createdAt: iso(r.CreateDate) ?? '',
          trustPolicy: trustPolicyOf(r.AssumeRolePolicyDocument),
          attachedManagedPolicies: attached(r.AttachedManagedPolicies),
          inlinePolicies: inline(r.RolePolicyList, DETAILS),
          lastUsed: iso(r.RoleLastUsed?.LastUsedDate),
          permissionsBoundary: r.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
          tags: tagsOf(r.Tags),
          administrativeAccess: access.role(arn),
        },
        source: sources(source, managedOps(arn)),
      };
    })
    .sort((a, b) => byString(a.id, b.id));
}

function policyObservations(details: AuthorizationDetails, scope: string, source: readonly string[]): Observation<IamPolicyAttributes>[] {
  const principals = [
    ...details.users.map((u) => ({ arn: u.Arn ?? '', attached: u.AttachedManagedPolicies, inline: u.UserPolicyList })),
    ...details.groups.map((g) => ({ arn: g.Arn ?? '', attached: g.AttachedManagedPolicies, inline: g.GroupPolicyList })),
    ...details.roles.map((r) => ({ arn: r.Arn ?? '', attached: r.AttachedManagedPolicies, inline: r.RolePolicyList })),
  ];
  const out: Observation<IamPolicyAttributes>[] = [];
  for (const p of details.policies) {
    const arn = p.Arn ?? '';
    const defaultVersion = (p.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion === true || v.VersionId === p.DefaultVersionId);
    out.push({
      type: 'aws.iam.policy',
      id: arn,
      scope,
      attributes: {
        name: p.PolicyName ?? '',
        kind: 'customer-managed',
        embeddedIn: null,
        attachedTo: sorted(principals.filter((pr) => (pr.attached ?? []).some((a) => a.PolicyArn === arn)).map((pr) => pr.arn)),
        document:
          defaultVersion === undefined
            ? unknown(`${DETAILS} returned no default version of this policy`)
            : documentOrUnknown(defaultVersion.Document, DETAILS, 'a policy document'),
      },
      source,
    });
  }
  for (const principal of principals) {
    for (const p of principal.inline ?? []) {
      out.push({
        type: 'aws.iam.policy',
        id: `${principal.arn}/inline-policy/${p.PolicyName ?? ''}`,
        scope,
        attributes: {
          name: p.PolicyName ?? '',
          kind: 'inline',
          embeddedIn: principal.arn,
          // An inline policy applies to exactly the principal that embeds it.
          attachedTo: [principal.arn],
          document: documentOrUnknown(p.PolicyDocument, DETAILS, 'an inline policy document'),
        },
        source,
      });
    }
  }
  return out.sort((a, b) => byString(a.id, b.id));
}

function privilegedObservation(raw: IamRawState, access: Outcome<EffectiveAccess>): Observation<IamPrivilegedPrincipalsAttributes> {
  return {
    type: 'aws.iam.privileged_principals',
    id: privilegedPrincipalsId(raw.accountId),
    scope: raw.scope,
    attributes: {
      accountId: raw.accountId,
      approved: raw.approved,
      principals: access.ok ? access.value.population() : unknown(access.reason),
    },
    source: sources(raw.proof, raw.details.operations, managedOperations(raw)),
  };
}

/** The id of an account's privileged-principal population. */
export function privilegedPrincipalsId(accountId: string): string {
  return `arn:aws:iam::${accountId}:privileged-principals`;
}

function certificateObservations(raw: IamRawState, list: ServerCertificateMetadata[]): Observation<IamServerCertificateAttributes>[] {
  const source = sources(raw.proof, raw.serverCertificates.operations);
  return list
    .map((c): Observation<IamServerCertificateAttributes> => {
      const arn = c.Arn ?? '';
      return {
        type: 'aws.iam.server_certificate',
        id: arn,
        scope: raw.scope,
        attributes: {
          name: c.ServerCertificateName ?? '',
          arn,
          path: c.Path ?? '/',
          // IAM always reports the expiry; an empty one fails schema validation loudly rather than passing.
          expiration: iso(c.Expiration) ?? '',
          uploadedAt: iso(c.UploadDate),
        },
        source,
      };
    })
    .sort((a, b) => byString(a.id, b.id));
}

/** All observations and population gaps for one account. */
export function normalizeIam(raw: IamRawState): CollectionOutput {
  const observations: Observation[] = [accountObservation(raw)];
  const access = effectiveAccess(raw);
  const gaps: PopulationGap[] = [];
  if (!raw.report.ok && !raw.details.ok) {
    // Users are listed by the credential report and by the authorization details; with both gone,
    // the user population is unknown, and "no users" would be a lie.
    gaps.push({ type: 'aws.iam.user', reason: `${raw.report.reason}; ${raw.details.reason}` });
  } else {
    observations.push(...userObservations(raw, access));
  }
  if (raw.details.ok && access.ok) {
    const source = sources(raw.proof, raw.details.operations);
    observations.push(
      ...roleObservations(raw.details.value, raw.scope, source, access.value, (arn) => managedOperations(raw, access.value.awsManagedHeldBy(arn))),
      ...policyObservations(raw.details.value, raw.scope, source),
    );
  } else {
    const reason = raw.details.ok ? '' : raw.details.reason;
    gaps.push({ type: 'aws.iam.role', reason }, { type: 'aws.iam.policy', reason });
  }
  // The population is one observation per account: when the details failed it carries the reason as Unknown.
  observations.push(privilegedObservation(raw, access));
  if (raw.serverCertificates.ok) observations.push(...certificateObservations(raw, raw.serverCertificates.value));
  else gaps.push({ type: 'aws.iam.server_certificate', reason: raw.serverCertificates.reason });
  const typeOrder = ['aws.iam.account', 'aws.iam.user', 'aws.iam.role', 'aws.iam.policy', 'aws.iam.privileged_principals', 'aws.iam.server_certificate'];
  observations.sort((a, b) => typeOrder.indexOf(a.type) - typeOrder.indexOf(b.type) || byString(a.id, b.id));
  return { observations, gaps };
}

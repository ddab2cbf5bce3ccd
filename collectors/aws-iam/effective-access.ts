import type { AttachedPolicy, PolicyDetail } from '@aws-sdk/client-iam';
import { adminFacts, adminVerdict, type AccountContext, type HeldPolicy } from '../../src/aws-policy/admin-access.js';
import { CannotEvaluate } from '../../src/model/cannot-evaluate.js';
import { unknown, type Maybe } from '../../src/model/unknown.js';
import type { Outcome } from '../../src/sdk/aws-call.js';
import type { AuthorizationDetails } from './authorization-details.js';
import { isAwsManagedPolicyArn, type AwsManagedDocument } from './aws-managed-policies.js';
import { decodePolicyDocument } from './policy-document.js';
import type { AdministrativeAccessValue, ApprovedAdministratorsValue, PrivilegedPrincipalValue } from './observations.js';

/**
 * Pure: every principal's held policies (direct, inline, through its groups) and boundary, joined from the
 * authorization details and the AWS-managed documents, judged by src/aws-policy/admin-access.ts (which states
 * the rule). The collector records the verdicts; the checks compare them with the allow-list.
 */

export const SUPPORT_POLICY = 'AWSSupportAccess';
export const CLOUDSHELL_FULL_ACCESS = 'AWSCloudShellFullAccess';

export interface AccessInputs {
  readonly accountId: string;
  readonly details: AuthorizationDetails;
  /** AWS-managed policy ARN → its document, or why it could not be read. */
  readonly awsManaged: ReadonlyMap<string, Outcome<AwsManagedDocument>>;
}

/** Every AWS-managed policy ARN the account's principals hold or are bounded by. */
export function awsManagedArns(details: AuthorizationDetails): string[] {
  const arns = new Set<string>();
  const add = (list: AttachedPolicy[] | undefined) => (list ?? []).forEach((p) => p.PolicyArn !== undefined && isAwsManagedPolicyArn(p.PolicyArn) && arns.add(p.PolicyArn));
  for (const p of [...details.users, ...details.groups, ...details.roles]) add(p.AttachedManagedPolicies);
  for (const p of [...details.users, ...details.roles]) {
    const b = p.PermissionsBoundary?.PermissionsBoundaryArn;
    if (b !== undefined && isAwsManagedPolicyArn(b)) arns.add(b);
  }
  return [...arns].sort();
}

const partitionOf = (arn: string | undefined): string => arn?.split(':')[1] || 'aws';

export class EffectiveAccess {
  private readonly ctx: AccountContext;
  private readonly factsByArn = new Map<string, HeldPolicy['facts']>();

  constructor(private readonly inputs: AccessInputs) {
    const anyArn = [...inputs.details.users, ...inputs.details.roles, ...inputs.details.groups][0]?.Arn;
    this.ctx = { partition: partitionOf(anyArn), accountId: inputs.accountId };
  }

  private analyse(document: Record<string, unknown> | undefined, what: string, undecodable: string): HeldPolicy['facts'] {
    if (document === undefined) return { unknown: undecodable };
    try {
      return adminFacts(document, this.ctx, what);
    } catch (error) {
      if (error instanceof CannotEvaluate) return { unknown: error.reason };
      throw error;
    }
  }

  /** A managed policy's facts by ARN: AWS-managed from the run's documents, customer-managed from the details. */
  private managed(arn: string): HeldPolicy['facts'] {
    const cached = this.factsByArn.get(arn);
    if (cached !== undefined) return cached;
    let facts: HeldPolicy['facts'];
    if (isAwsManagedPolicyArn(arn)) {
      const outcome = this.inputs.awsManaged.get(arn);
      facts = outcome === undefined ? { unknown: `${arn} was not read` } : !outcome.ok ? { unknown: outcome.reason } : this.analyse(outcome.value.document, 'its document', '');
    } else {
      const policy = this.inputs.details.policies.find((p) => p.Arn === arn);
      const version = (policy?.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion === true || v.VersionId === policy?.DefaultVersionId);
      facts =
        policy === undefined
          ? { unknown: 'GetAccountAuthorizationDetails did not list this policy' }
          : version === undefined
            ? { unknown: 'GetAccountAuthorizationDetails returned no default version of this policy' }
            : this.analyse(decodePolicyDocument(version.Document), 'its document', 'its document is not URL-encoded JSON');
    }
    this.factsByArn.set(arn, facts);
    return facts;
  }

  private held(prefix: string, attached: AttachedPolicy[] | undefined, inline: PolicyDetail[] | undefined): HeldPolicy[] {
    const out: HeldPolicy[] = [];
    for (const p of attached ?? []) {
      const arn = p.PolicyArn ?? '';
      out.push({ label: `${prefix}${describeManaged(arn, p.PolicyName)}`, facts: this.managed(arn) });
    }
    for (const p of inline ?? []) {
      out.push({ label: `${prefix}inline policy ${p.PolicyName ?? '?'}`, facts: this.analyse(decodePolicyDocument(p.PolicyDocument), 'its document', 'its document is not URL-encoded JSON') });
    }
    return out;
  }

  private boundary(arn: string | undefined): HeldPolicy | null {
    return arn === undefined ? null : { label: `permissions boundary ${describeManaged(arn)}`, facts: this.managed(arn) };
  }

  private static value(policies: HeldPolicy[], boundary: HeldPolicy | null): Maybe<AdministrativeAccessValue> {
    const v = adminVerdict(policies, boundary);
    if (v.status === 'unknown') return unknown(v.reason);
    return { administrative: v.status === 'administrative', via: v.status === 'administrative' ? [...v.via] : [], notes: [...v.notes] };
  }

  user(arn: string): Maybe<AdministrativeAccessValue> {
    const u = this.inputs.details.users.find((x) => x.Arn === arn);
    if (u === undefined) return unknown('GetAccountAuthorizationDetails did not list this user');
    const policies = [...this.held('attached ', u.AttachedManagedPolicies, undefined), ...this.held('', undefined, u.UserPolicyList)];
    for (const name of u.GroupList ?? []) {
      const g = this.inputs.details.groups.find((x) => x.GroupName === name);
      if (g === undefined) policies.push({ label: `via group ${name}`, facts: { unknown: 'GetAccountAuthorizationDetails did not list this group' } });
      else policies.push(...this.heldVia(g.GroupName ?? name, g.AttachedManagedPolicies, g.GroupPolicyList));
    }
    return EffectiveAccess.value(policies, this.boundary(u.PermissionsBoundary?.PermissionsBoundaryArn));
  }

  role(arn: string): Maybe<AdministrativeAccessValue> {
    const r = this.inputs.details.roles.find((x) => x.Arn === arn);
    if (r === undefined) return unknown('GetAccountAuthorizationDetails did not list this role');
    const policies = [...this.held('attached ', r.AttachedManagedPolicies, undefined), ...this.held('', undefined, r.RolePolicyList)];
    return EffectiveAccess.value(policies, this.boundary(r.PermissionsBoundary?.PermissionsBoundaryArn));
  }

  group(arn: string): Maybe<AdministrativeAccessValue> {
    const g = this.inputs.details.groups.find((x) => x.Arn === arn);
    if (g === undefined) return unknown('GetAccountAuthorizationDetails did not list this group');
    return EffectiveAccess.value(this.held('attached ', g.AttachedManagedPolicies, g.GroupPolicyList), null);
  }

  /** A group's policies as a member holds them, labelled `via group G (…)`. */
  private heldVia(group: string, attached: AttachedPolicy[] | undefined, inline: PolicyDetail[] | undefined): HeldPolicy[] {
    return this.held('', attached, inline).map((p) => ({ ...p, label: `via group ${group} (${p.label})` }));
  }

  /** The AWS-managed policy ARNs a user or role holds, directly, through its groups or as its boundary. */
  awsManagedHeldBy(arn: string): string[] {
    const d = this.inputs.details;
    const u = d.users.find((x) => x.Arn === arn);
    const r = d.roles.find((x) => x.Arn === arn);
    const groups = (u?.GroupList ?? []).map((name) => d.groups.find((g) => g.GroupName === name));
    const refs = [
      ...(u?.AttachedManagedPolicies ?? []),
      ...(r?.AttachedManagedPolicies ?? []),
      ...groups.flatMap((g) => g?.AttachedManagedPolicies ?? []),
    ].map((p) => p.PolicyArn ?? '');
    refs.push(u?.PermissionsBoundary?.PermissionsBoundaryArn ?? '', r?.PermissionsBoundary?.PermissionsBoundaryArn ?? '');
    return [...new Set(refs.filter(isAwsManagedPolicyArn))].sort();
  }

  /** Every administrative or undecided principal of the account, users then groups then roles, by ARN. */
  population(): PrivilegedPrincipalValue[] {
    const d = this.inputs.details;
    const entries: PrivilegedPrincipalValue[] = [];
    const keep = (e: PrivilegedPrincipalValue) => {
      if ('$unknown' in e.access || e.access.administrative) entries.push(e);
    };
    for (const u of d.users) keep({ kind: 'user', arn: u.Arn ?? '', name: u.UserName ?? '', members: null, access: this.user(u.Arn ?? '') });
    for (const g of d.groups) {
      const members = d.users.filter((u) => (u.GroupList ?? []).includes(g.GroupName ?? '')).map((u) => u.Arn ?? '');
      keep({ kind: 'group', arn: g.Arn ?? '', name: g.GroupName ?? '', members: members.sort(), access: this.group(g.Arn ?? '') });
    }
    for (const r of d.roles) keep({ kind: 'role', arn: r.Arn ?? '', name: r.RoleName ?? '', members: null, access: this.role(r.Arn ?? '') });
    const order = { user: 0, group: 1, role: 2 } as const;
    return entries.sort((a, b) => order[a.kind] - order[b.kind] || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  }
}

/** `AWS managed AdministratorAccess`, `customer managed ops-admin`. */
export function describeManaged(arn: string, name?: string): string {
  const n = name ?? arn.slice(arn.lastIndexOf('/') + 1);
  return `${isAwsManagedPolicyArn(arn) ? 'AWS managed' : 'customer managed'} ${n}`;
}

/** ARNs of the principals with the AWS-managed policy `name` attached (any partition). */
export function holdersOf(details: AuthorizationDetails, name: string, kinds: readonly ('user' | 'group' | 'role')[]): string[] {
  const holds = (list: AttachedPolicy[] | undefined) => (list ?? []).some((p) => p.PolicyArn !== undefined && isAwsManagedPolicyArn(p.PolicyArn) && p.PolicyArn.endsWith(`:policy/${name}`));
  const out: string[] = [];
  if (kinds.includes('user')) out.push(...details.users.filter((u) => holds(u.AttachedManagedPolicies)).map((u) => u.Arn ?? ''));
  if (kinds.includes('group')) out.push(...details.groups.filter((g) => holds(g.AttachedManagedPolicies)).map((g) => g.Arn ?? ''));
  if (kinds.includes('role')) out.push(...details.roles.filter((r) => holds(r.AttachedManagedPolicies)).map((r) => r.Arn ?? ''));
  return out.sort();
}

/** The allow-list with empty lists when none is configured. */
export const NO_APPROVED_ADMINISTRATORS: ApprovedAdministratorsValue = { users: [], groups: [], roles: [] };

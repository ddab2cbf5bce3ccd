import { resolveDate } from '../estate/dates.js';
import type { EstateAwsAccount, EstateInlinePolicy } from '../estate/schema.js';
import { awsTimestamp, xmlList, type XmlObject } from './aws-query.js';
import { encodePolicyDocument, groupArn, policyArn, resolvePolicyRef, roleArn, uniqueId, userArn } from './iam-model.js';
import { paginate } from './pagination.js';

/**
 * GetAccountAuthorizationDetails: users, groups, roles and customer-managed policies with their policies
 * inline, documents URL-encoded as IAM sends them, paged with MaxItems / Marker across all entity types.
 * AWS-managed policies (Filter AWSManagedPolicy) are not simulated: the estate has no documents for them.
 */

type EntityType = 'User' | 'Group' | 'Role' | 'LocalManagedPolicy' | 'AWSManagedPolicy';
const ALL_TYPES: readonly EntityType[] = ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'];

interface Entity {
  readonly type: 'User' | 'Group' | 'Role' | 'LocalManagedPolicy';
  readonly xml: XmlObject;
}

const inlineList = (policies: readonly EstateInlinePolicy[]) =>
  xmlList(policies.map((p) => ({ PolicyName: p.name, PolicyDocument: encodePolicyDocument(p.document) })));

function attachedList(account: EstateAwsAccount, refs: readonly string[]) {
  return xmlList(refs.map((ref) => resolvePolicyRef(account, ref)).map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })));
}

/** IAM's Tags element: `<member><Key/><Value/></member>` per tag. */
function tagList(tags: Readonly<Record<string, string>>) {
  return xmlList(Object.entries(tags).map(([Key, Value]) => ({ Key, Value })));
}

/** IAM's PermissionsBoundary element, present only when a boundary is set. */
function boundary(account: EstateAwsAccount, ref: string | undefined): XmlObject {
  return ref === undefined ? {} : { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: resolvePolicyRef(account, ref).arn } };
}

function entities(account: EstateAwsAccount, now: Date): Entity[] {
  const at = (spec: string) => awsTimestamp(resolveDate(spec, now));
  const out: Entity[] = [];
  for (const u of account.users) {
    const arn = userArn(account.id, u.path, u.name);
    out.push({
      type: 'User',
      xml: {
        Path: u.path,
        UserName: u.name,
        UserId: uniqueId('AIDA', arn),
        Arn: arn,
        CreateDate: at(u.created),
        UserPolicyList: inlineList(u.inline_policies),
        GroupList: xmlList(u.groups),
        AttachedManagedPolicies: attachedList(account, u.managed_policies),
        ...boundary(account, u.permissions_boundary),
        Tags: tagList(u.tags),
      },
    });
  }
  for (const g of account.groups) {
    const arn = groupArn(account.id, g.path, g.name);
    out.push({
      type: 'Group',
      xml: {
        Path: g.path,
        GroupName: g.name,
        GroupId: uniqueId('AGPA', arn),
        Arn: arn,
        CreateDate: at(g.created),
        GroupPolicyList: inlineList(g.inline_policies),
        AttachedManagedPolicies: attachedList(account, g.managed_policies),
      },
    });
  }
  for (const r of account.roles) {
    const arn = roleArn(account.id, r.path, r.name);
    out.push({
      type: 'Role',
      xml: {
        Path: r.path,
        RoleName: r.name,
        RoleId: uniqueId('AROA', arn),
        Arn: arn,
        CreateDate: at(r.created),
        AssumeRolePolicyDocument: encodePolicyDocument(r.trust_policy),
        InstanceProfileList: '',
        RolePolicyList: inlineList(r.inline_policies),
        AttachedManagedPolicies: attachedList(account, r.managed_policies),
        ...boundary(account, r.permissions_boundary),
        Tags: tagList(r.tags),
        // An empty RoleLastUsed element is how IAM reports a role that was never used.
        RoleLastUsed: r.last_used !== undefined ? { LastUsedDate: at(r.last_used.date), Region: r.last_used.region } : '',
      },
    });
  }
  for (const p of account.policies) {
    const arn = policyArn(account.id, p.path, p.name);
    const attachmentCount = attachmentsOf(account, arn);
    out.push({
      type: 'LocalManagedPolicy',
      xml: {
        PolicyName: p.name,
        PolicyId: uniqueId('ANPA', arn),
        Arn: arn,
        Path: p.path,
        DefaultVersionId: 'v1',
        AttachmentCount: attachmentCount,
        PermissionsBoundaryUsageCount: boundaryUsesOf(account, arn),
        IsAttachable: true,
        ...(p.description !== undefined ? { Description: p.description } : {}),
        CreateDate: at(p.created),
        UpdateDate: at(p.updated ?? p.created),
        PolicyVersionList: xmlList([{ Document: encodePolicyDocument(p.document), VersionId: 'v1', IsDefaultVersion: true, CreateDate: at(p.updated ?? p.created) }]),
      },
    });
  }
  return out;
}

/** How many users, groups and roles have the policy `arn` attached. */
export function attachmentsOf(account: EstateAwsAccount, arn: string): number {
  return [...account.users, ...account.groups, ...account.roles].filter((principal) => principal.managed_policies.some((ref) => resolvePolicyRef(account, ref).arn === arn)).length;
}

/** How many users and roles use the policy `arn` as their permissions boundary. */
export function boundaryUsesOf(account: EstateAwsAccount, arn: string): number {
  return [...account.users, ...account.roles].filter((p) => p.permissions_boundary !== undefined && resolvePolicyRef(account, p.permissions_boundary).arn === arn).length;
}

/** The result element of one page; `params` carries Filter.member.N, MaxItems and Marker. */
export function authorizationDetailsPage(account: EstateAwsAccount, params: URLSearchParams, filter: readonly string[], now: Date, pageSize?: number): XmlObject {
  const wanted = new Set<string>(filter.length > 0 ? filter : ALL_TYPES);
  const page = paginate(
    entities(account, now).filter((e) => wanted.has(e.type)),
    params,
    pageSize,
  );
  const of = (type: Entity['type']) => xmlList(page.items.filter((e) => e.type === type).map((e) => e.xml));
  return {
    UserDetailList: of('User'),
    GroupDetailList: of('Group'),
    RoleDetailList: of('Role'),
    Policies: of('LocalManagedPolicy'),
    IsTruncated: page.marker !== undefined,
    ...(page.marker !== undefined ? { Marker: page.marker } : {}),
  };
}

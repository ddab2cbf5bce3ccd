import type { EvidenceReader } from '../period/index.js';
import { isUnknown } from '../model/unknown.js';

/**
 * The access population to review for an access-rights review (ISO 27001 A.5.18): every IAM user and
 * role with its policies, every GitHub organisation member with role and every outside collaborator with
 * their repository permission, as the given sealed run observed them. Values that run could not read are
 * written as "unknown: <why>" — an access review must see what it cannot see.
 */
export interface PopulationRow {
  readonly source: 'aws.iam.user' | 'aws.iam.role' | 'github.member' | 'github.outside_collaborator';
  readonly principal: string;
  readonly scope: string;
  /** Policies (AWS) or role / permission (GitHub). */
  readonly access: string;
}

const show = (v: unknown, f: (x: never) => string): string => (isUnknown(v) ? `unknown: ${v.$unknown}` : v === undefined || v === null ? '' : f(v as never));

export function accessPopulation(evidence: EvidenceReader, runId: number): PopulationRow[] {
  const rows: PopulationRow[] = [];
  const policies = (a: { attachedManagedPolicies?: unknown; inlinePolicies?: unknown }) =>
    [show(a.attachedManagedPolicies, (p: { name: string }[]) => p.map((x) => x.name).join(' ')), show(a.inlinePolicies, (p: { name: string }[]) => p.map((x) => `inline:${x.name}`).join(' '))].filter(Boolean).join(' ');
  for (const type of ['aws.iam.user', 'aws.iam.role'] as const) {
    for (const o of evidence.observations(runId, type)) rows.push({ source: type, principal: o.id, scope: o.scope, access: policies(o.attributes as never) });
  }
  for (const o of evidence.observations(runId, 'github.org')) {
    const a = o.attributes as { members?: unknown; outsideCollaboratorAccess?: unknown };
    if (isUnknown(a.members)) rows.push({ source: 'github.member', principal: '(members)', scope: o.scope, access: `unknown: ${a.members.$unknown}` });
    else for (const m of (a.members as { login: string; role: string }[] | undefined) ?? []) rows.push({ source: 'github.member', principal: m.login, scope: o.scope, access: m.role === 'admin' ? 'owner' : 'member' });
    const outside = a.outsideCollaboratorAccess as { grants?: { login: string; repository: string; permission: string }[] } | undefined;
    if (isUnknown(outside)) rows.push({ source: 'github.outside_collaborator', principal: '(outside collaborators)', scope: o.scope, access: `unknown: ${outside.$unknown}` });
    else for (const g of outside?.grants ?? []) rows.push({ source: 'github.outside_collaborator', principal: g.login, scope: o.scope, access: `${g.repository}: ${g.permission}` });
  }
  return rows;
}

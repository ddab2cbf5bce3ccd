import type { ApprovedAdministratorsValue } from '../../collectors/aws-iam/observations.js';

/**
 * The administrators allow-list (config `aws.administrators`, recorded with each day's population): an entry
 * is a name, which matches that principal in any account, or an ARN, which matches only itself.
 */
export function isApproved(approved: ApprovedAdministratorsValue, kind: 'user' | 'group' | 'role', principal: { arn: string; name: string }): boolean {
  const list = kind === 'user' ? approved.users : kind === 'group' ? approved.groups : approved.roles;
  return list.includes(principal.arn) || list.includes(principal.name);
}

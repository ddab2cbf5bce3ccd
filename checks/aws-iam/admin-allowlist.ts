import type { ApprovedAdministratorsValue } from '../../collectors/aws-iam/observations.js';
import type { Verdict } from '../../src/model/check.js';
import { CannotEvaluate } from '../lib/known.js';

/**
 * The administrators allow-list (config `aws.administrators`, recorded with each day's population): an entry
 * is a name, which matches that principal in any account, or an ARN, which matches only itself.
 */
export function isApproved(approved: ApprovedAdministratorsValue, kind: 'user' | 'group' | 'role', principal: { arn: string; name: string }): boolean {
  const list = kind === 'user' ? approved.users : kind === 'group' ? approved.groups : approved.roles;
  return list.includes(principal.arn) || list.includes(principal.name);
}

/**
 * The verdict order both allow-list checks follow: administrative access outside the list fails (naming any
 * undecided principals too); otherwise an undecided one makes the answer `error`; otherwise it passes.
 */
export function allowListVerdict(outside: readonly string[], undecided: readonly string[], failReason: (outside: string) => string, passReason: string): Verdict {
  if (outside.length > 0) {
    const also = undecided.length > 0 ? `; also undecided: ${undecided.join('; ')}` : '';
    return { status: 'fail', reason: `${failReason(outside.join('; '))}${also}` };
  }
  if (undecided.length > 0) throw new CannotEvaluate(`administrative access could not be decided for ${undecided.join('; ')}`);
  return { status: 'pass', reason: passReason };
}

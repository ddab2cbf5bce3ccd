import { isUnknown } from '../../src/model/unknown.js';
import type { IamAccountAttributes } from '../../collectors/aws-iam/observations.js';
import { CannotEvaluate } from '../lib/known.js';

/**
 * Whether root has MFA, shared by the two root-MFA checks. The account summary is live and authoritative;
 * the credential report (up to 4 hours old) is used only when the summary could not be read.
 */
export function rootMfaState(a: IamAccountAttributes): { enabled: boolean; source: string } {
  if (!isUnknown(a.rootMfaEnabled)) return { enabled: a.rootMfaEnabled, source: 'account summary' };
  if (!isUnknown(a.rootCredentials)) return { enabled: a.rootCredentials.mfaActive, source: 'credential report' };
  throw new CannotEvaluate(
    `root MFA status could not be collected: account summary: ${a.rootMfaEnabled.$unknown}; credential report: ${a.rootCredentials.$unknown}`,
  );
}

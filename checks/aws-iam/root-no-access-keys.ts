import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { isUnknown } from '../../src/model/unknown.js';
import type { CredentialStateValue } from '../../collectors/aws-iam/observations.js';
import { CannotEvaluate, unknownsAsError } from '../lib/known.js';

/**
 * Key slots that hold a key in a credential-report row. The report marks an empty slot `active: false` with no
 * rotation date, so a slot with a rotation date holds a key even when it is inactive.
 */
function keySlots(row: CredentialStateValue): string[] {
  return row.accessKeys.filter((k) => k.active || k.lastRotated !== null).map((k) => `access key ${k.slot} ${k.active ? 'active' : 'inactive'}`);
}

/** The root user has no access keys (active or inactive). */
export const rootNoAccessKeys = defineCheck({
  id: 'iam.root_no_access_keys',
  observes: 'aws.iam.account',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const { rootAccessKeysPresent: present, rootCredentials: report } = obs.attributes;
    const reported = isUnknown(report) ? null : keySlots(report);
    if (!isUnknown(present)) {
      // The account summary is live and authoritative.
      if (present) return { status: 'fail', reason: 'root user has access keys (account summary)' };
      if (reported && reported.length > 0) {
        // The report can be up to 4 hours old: a key deleted since would still show. Do not guess.
        throw new CannotEvaluate(
          `account summary shows no root access keys but the credential report shows ${reported.join(', ')}; the report may predate a deletion — re-run to confirm`,
        );
      }
      return {
        status: 'pass',
        // Said, not hidden: a malformed report (e.g. without its <root_account> row) could not corroborate.
        reason: reported
          ? 'root user has no access keys (account summary, corroborated by the credential report)'
          : `root user has no access keys (account summary; the credential report could not corroborate it: ${isUnknown(report) ? report.$unknown : ''})`,
      };
    }
    if (isUnknown(report)) {
      throw new CannotEvaluate(
        `root access keys could not be collected: account summary: ${present.$unknown}; credential report: ${report.$unknown}`,
      );
    }
    const keys = keySlots(report);
    return keys.length > 0
      ? { status: 'fail', reason: `root user has ${keys.join(', ')} (credential report)` }
      : { status: 'pass', reason: 'root user has no access keys (credential report; account summary unavailable)' };
  }),
});

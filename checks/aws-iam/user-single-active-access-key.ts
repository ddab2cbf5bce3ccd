import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

/**
 * An IAM user has at most one active access key. Two active keys are how a rotation is left half done: the
 * old key stays live beside the new one. Read from the credential report's two key slots.
 */
export const userSingleActiveAccessKey = defineCheck({
  id: 'iam.user_single_active_access_key',
  observes: 'aws.iam.user',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const creds = requireKnown(obs.attributes.credentials, 'credential-report row');
    const active = creds.accessKeys.filter((k) => k.active);
    if (active.length === 0) return { status: 'not_applicable', reason: 'user has no active access key' };
    return active.length === 1
      ? { status: 'pass', reason: `user has one active access key (slot ${active[0]!.slot})` }
      : { status: 'fail', reason: `user has ${active.length} active access keys (slots ${active.map((k) => k.slot).join(' and ')})` };
  }),
});

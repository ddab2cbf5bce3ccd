import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

const Params = z
  .object({
    min_length: z.number().int().min(6).max(128),
    /** How many previous passwords may not be reused (IAM allows 1–24). */
    min_reuse: z.number().int().min(0).max(24),
    /** Also require upper case, lower case, numbers and symbols. */
    require_complexity: z.boolean(),
    /** null: expiry is not checked (NIST SP 800-63B advises against forced rotation). */
    max_password_age_days: z.number().int().min(1).max(1095).nullable(),
  })
  .strict();

/** The account password policy meets the configured minimums. No policy at all is a real failure. */
export const passwordPolicyStrong = defineCheck({
  id: 'iam.password_policy_strong',
  observes: 'aws.iam.account',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const policy = requireKnown(obs.attributes.passwordPolicy, 'account password policy');
    // null is GetAccountPasswordPolicy's NoSuchEntity: IAM then applies only its weak default.
    if (policy === null) return { status: 'fail', reason: 'no account password policy is set' };
    const p = ctx.params;
    const met: string[] = [];
    const short: string[] = [];
    const judge = (ok: boolean, text: string) => (ok ? met : short).push(text);

    const len = policy.minimumPasswordLength;
    judge(len !== null && len >= p.min_length, `minimum length ${len ?? 'not set'} (required at least ${p.min_length})`);
    const reuse = policy.passwordReusePrevention;
    if (p.min_reuse > 0) {
      judge(reuse !== null && reuse >= p.min_reuse, `reuse prevention ${reuse ?? 'not set'} (required at least ${p.min_reuse})`);
    }
    if (p.require_complexity) {
      const missing = [
        ['upper case', policy.requireUppercaseCharacters],
        ['lower case', policy.requireLowercaseCharacters],
        ['numbers', policy.requireNumbers],
        ['symbols', policy.requireSymbols],
      ]
        .filter(([, on]) => !on)
        .map(([name]) => name);
      judge(missing.length === 0, missing.length === 0 ? 'complexity required' : `complexity: does not require ${missing.join(', ')}`);
    }
    if (p.max_password_age_days !== null) {
      const age = policy.expirePasswords ? policy.maxPasswordAge : null;
      judge(age !== null && age <= p.max_password_age_days, `password expiry ${age === null ? 'not set' : `${age} days`} (required at most ${p.max_password_age_days} days)`);
    }
    return short.length > 0
      ? { status: 'fail', reason: `password policy falls short: ${short.join('; ')}` }
      : { status: 'pass', reason: `password policy meets the minimums: ${met.join('; ')}` };
  }),
});

import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { rootMfaState } from './root-mfa-state.js';

/** The root user's MFA is a hardware device, not a virtual (phone app) one. */
export const rootHardwareMfaEnabled = defineCheck({
  id: 'iam.root_hardware_mfa_enabled',
  observes: 'aws.iam.account',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const mfa = rootMfaState(obs.attributes);
    if (!mfa.enabled) return { status: 'fail', reason: `root user has no MFA device (${mfa.source})` };
    const virtual = requireKnown(obs.attributes.rootMfaIsVirtual, 'root virtual MFA assignment (ListVirtualMFADevices)');
    return virtual
      ? { status: 'fail', reason: 'root user MFA is a virtual device' }
      : { status: 'pass', reason: 'root user MFA is a hardware device (no virtual MFA device is assigned to root)' };
  }),
});

import type { CheckDefinition } from '../../src/model/check.js';
import { accessKeysRotated } from './access-keys-rotated.js';
import { crossAccountTrustRestricted } from './cross-account-trust-restricted.js';
import { noFullAdminPolicies } from './no-full-admin-policies.js';
import { noPrivilegeEscalationPolicies } from './no-privilege-escalation-policies.js';
import { passwordPolicyStrong } from './password-policy-strong.js';
import { rootHardwareMfaEnabled } from './root-hardware-mfa-enabled.js';
import { rootMfaEnabled } from './root-mfa-enabled.js';
import { rootNoAccessKeys } from './root-no-access-keys.js';
import { rootNotUsedRecently } from './root-not-used-recently.js';
import { unusedCredentialsDisabled } from './unused-credentials-disabled.js';
import { userConsoleMfaEnabled } from './user-console-mfa-enabled.js';
import { usersNoDirectPolicies } from './users-no-direct-policies.js';

/** Every AWS IAM check. Metadata for each id lives in config/checks/aws-iam.yaml. */
export const awsIamChecks: readonly CheckDefinition[] = [
  rootMfaEnabled,
  rootHardwareMfaEnabled,
  rootNoAccessKeys,
  rootNotUsedRecently,
  passwordPolicyStrong,
  userConsoleMfaEnabled,
  accessKeysRotated,
  unusedCredentialsDisabled,
  usersNoDirectPolicies,
  noFullAdminPolicies,
  noPrivilegeEscalationPolicies,
  crossAccountTrustRestricted,
];

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
import { noUserAdminAccess } from './no-user-admin-access.js';
import { adminPrincipalsAllowlisted } from './admin-principals-allowlisted.js';
import { noGroupAdminOutsideAllowlist } from './no-group-admin-outside-allowlist.js';
import { supportRoleExists } from './support-role-exists.js';
import { noExpiredServerCertificates } from './no-expired-server-certificates.js';
import { cloudShellFullAccessRestricted } from './cloudshell-full-access-restricted.js';
import { userSingleActiveAccessKey } from './user-single-active-access-key.js';

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
  noUserAdminAccess,
  adminPrincipalsAllowlisted,
  noGroupAdminOutsideAllowlist,
  supportRoleExists,
  noExpiredServerCertificates,
  cloudShellFullAccessRestricted,
  userSingleActiveAccessKey,
];

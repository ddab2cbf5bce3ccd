import type { CheckDefinition } from '../../src/model/check.js';
import { noDirectPushesToDefaultBranch } from './no-direct-pushes-to-default-branch.js';
import { org2faEnforced } from './org-2fa-enforced.js';
import { orgActionsAllowedRestricted } from './org-actions-allowed-restricted.js';
import { orgActionsCannotApprovePrs } from './org-actions-cannot-approve-prs.js';
import { orgBasePermissionRestricted } from './org-base-permission-restricted.js';
import { orgOutsideCollaboratorsApproved } from './org-outside-collaborators-approved.js';
import { orgOwnerCountLimited } from './org-owner-count-limited.js';
import { orgRepoCreationRestricted } from './org-repo-creation-restricted.js';
import { orgWebhooksSecure } from './org-webhooks-secure.js';
import { orgWorkflowTokenReadOnly } from './org-workflow-token-read-only.js';
import { prApprovedByOtherThanAuthor } from './pr-approved-by-other-than-author.js';
import { repoBranchDeletionBlocked } from './repo-branch-deletion-blocked.js';
import { repoCodeScanningAlertsRemediated } from './repo-code-scanning-alerts-remediated.js';
import { repoCodeownersReviewRequired } from './repo-codeowners-review-required.js';
import { repoDefaultBranchProtected } from './repo-default-branch-protected.js';
import { repoDependabotAlertsEnabled } from './repo-dependabot-alerts-enabled.js';
import { repoDependabotAlertsRemediated } from './repo-dependabot-alerts-remediated.js';
import { repoDeployKeysReadOnly } from './repo-deploy-keys-read-only.js';
import { repoForcePushBlocked } from './repo-force-push-blocked.js';
import { repoPrReviewRequired } from './repo-pr-review-required.js';
import { repoProtectionAppliesToAdmins } from './repo-protection-applies-to-admins.js';
import { repoPublicVisibilityApproved } from './repo-public-visibility-approved.js';
import { repoSecretAlertsResolved } from './repo-secret-alerts-resolved.js';
import { repoSecretScanningEnabled } from './repo-secret-scanning-enabled.js';
import { repoStaleReviewsDismissed } from './repo-stale-reviews-dismissed.js';
import { repoStatusChecksRequired } from './repo-status-checks-required.js';
import { repoWebhooksSecure } from './repo-webhooks-secure.js';

/** Every GitHub check. Metadata for each id lives in config/checks/github.yaml. */
export const githubChecks: readonly CheckDefinition[] = [
  // organisation (github.org)
  org2faEnforced,
  orgBasePermissionRestricted,
  orgOwnerCountLimited,
  orgOutsideCollaboratorsApproved,
  orgRepoCreationRestricted,
  orgWorkflowTokenReadOnly,
  orgActionsCannotApprovePrs,
  orgActionsAllowedRestricted,
  orgWebhooksSecure,
  // repository (github.repo)
  repoDefaultBranchProtected,
  repoPrReviewRequired,
  repoStaleReviewsDismissed,
  repoCodeownersReviewRequired,
  repoStatusChecksRequired,
  repoProtectionAppliesToAdmins,
  repoForcePushBlocked,
  repoBranchDeletionBlocked,
  repoSecretScanningEnabled,
  repoSecretAlertsResolved,
  repoDependabotAlertsEnabled,
  repoDependabotAlertsRemediated,
  repoCodeScanningAlertsRemediated,
  repoDeployKeysReadOnly,
  repoPublicVisibilityApproved,
  repoWebhooksSecure,
  // change history (github.pull_request, github.direct_push)
  prApprovedByOtherThanAuthor,
  noDirectPushesToDefaultBranch,
];

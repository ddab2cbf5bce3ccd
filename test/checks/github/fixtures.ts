import { NO_OTHER_OBSERVATIONS } from '../../../src/model/observation-types.js';
import type {
  EffectiveBranchRulesValue,
  GithubDirectPushAttributes,
  GithubOrgAttributes,
  GithubPullRequestAttributes,
  GithubRepoAttributes,
  WebhookValue,
} from '../../../collectors/github/observations.js';
import type { CheckContext, CheckDefinition, Verdict } from '../../../src/model/check.js';
import { notAvailable } from '../../../src/model/not-available.js';
import type { Observation } from '../../../src/model/observation.js';
import { unknown } from '../../../src/model/unknown.js';

/** The fixed run time every check test uses. */
export const NOW = new Date('2026-04-01T12:00:00.000Z');
export const ORG = 'acme';
export const OWNER_ONLY = unknown('requires organisation owner');
export const ADMIN_ONLY = unknown('requires repository admin');
export const NO_GHAS = notAvailable('requires GitHub Advanced Security');

/** Run a check the way the engine does: parameters parsed by the check's own schema. */
export function run<A, P>(check: CheckDefinition<A, P>, attributes: A, params: unknown = {}): Verdict {
  const obs: Observation<A> = { type: check.observationType, id: `github:${ORG}/test`, scope: `github:${ORG}`, attributes, source: [] };
  const ctx: CheckContext<P> = { now: NOW, params: check.parameters.parse(params), observations: NO_OTHER_OBSERVATIONS };
  return check.evaluate(obs, ctx);
}

export function hook(over: Partial<WebhookValue> = {}): WebhookValue {
  return { id: 1, active: true, url: 'https://hooks.example.com/github', https: true, insecureSsl: false, hasSecret: true, events: ['push'], ...over };
}

export function org(over: Partial<GithubOrgAttributes> = {}): GithubOrgAttributes {
  return {
    login: ORG,
    id: 1001,
    twoFactorRequirementEnabled: true,
    defaultRepositoryPermission: 'read',
    membersCanCreateRepositories: false,
    membersCanCreatePublicRepositories: false,
    membersCanCreatePrivateRepositories: false,
    membersCanCreateInternalRepositories: null,
    webCommitSignoffRequired: false,
    members: [
      { login: 'alice', role: 'admin' },
      { login: 'bob', role: 'admin' },
      { login: 'carol', role: 'member' },
    ],
    ownersCount: 2,
    membersWithout2fa: [],
    membersWithInsecure2fa: [],
    outsideCollaborators: [],
    outsideCollaboratorAccess: { grants: [], unreadableRepositories: [] },
    outsideCollaboratorsWithout2fa: [],
    webhooks: [hook()],
    actionsPermissions: { enabledRepositories: 'all', allowedActions: 'local_only', shaPinningRequired: null, selectedActions: null },
    workflowPermissions: { defaultWorkflowPermissions: 'read', canApprovePullRequestReviews: false },
    securityManagers: [],
    ...over,
  };
}

/** Fully protected default branch `main` by classic protection. */
export function rules(over: Partial<EffectiveBranchRulesValue> = {}): EffectiveBranchRulesValue {
  return {
    branch: 'main',
    protected: true,
    classicProtection: true,
    rulesets: [],
    pullRequestRequired: true,
    requiredApprovingReviewCount: 1,
    dismissStaleReviews: true,
    requireCodeOwnerReview: true,
    requireLastPushApproval: false,
    requiredStatusChecks: ['ci/test'],
    strictStatusChecks: true,
    enforceAdmins: true,
    bypassActors: [],
    forcePushesBlocked: true,
    deletionsBlocked: true,
    signedCommitsRequired: false,
    linearHistoryRequired: false,
    ...over,
  };
}

/** No protection at all. */
export const UNPROTECTED = rules({
  protected: false,
  classicProtection: false,
  pullRequestRequired: false,
  requiredApprovingReviewCount: 0,
  dismissStaleReviews: false,
  requireCodeOwnerReview: false,
  requiredStatusChecks: [],
  strictStatusChecks: false,
  enforceAdmins: null,
  forcePushesBlocked: false,
  deletionsBlocked: false,
});

export function repo(over: Partial<GithubRepoAttributes> = {}): GithubRepoAttributes {
  return {
    org: ORG,
    name: 'app',
    fullName: `${ORG}/app`,
    visibility: 'private',
    archived: false,
    tags: {},
    topics: [],
    defaultBranch: 'main',
    viewerPermission: 'admin',
    defaultBranchRules: rules(),
    secretScanning: 'enabled',
    secretScanningPushProtection: 'enabled',
    dependabotSecurityUpdates: 'enabled',
    dependabotAlertsEnabled: true,
    dependabotAlerts: { open: [], openBySeverity: {} },
    codeScanningAlerts: { open: [], openBySeverity: {} },
    secretScanningAlerts: { open: [], openBySeverity: {} },
    deployKeys: [],
    webhooks: [],
    codeownersPresent: true,
    codeownersErrors: [],
    directCollaborators: [],
    ...over,
  };
}

export const ARCHIVED = { archived: true } as const;

export function pr(over: Partial<GithubPullRequestAttributes> = {}): GithubPullRequestAttributes {
  return {
    org: ORG,
    repo: 'app',
    number: 42,
    title: 'Add feature',
    url: `https://github.com/${ORG}/app/pull/42`,
    author: 'alice',
    mergedBy: 'alice',
    mergedAt: '2026-03-31T15:00:00Z',
    baseBranch: 'main',
    headSha: 'a'.repeat(40),
    mergeCommitSha: 'b'.repeat(40),
    approvals: [{ reviewer: 'bob', submittedAt: '2026-03-31T14:00:00Z', commitId: 'a'.repeat(40) }],
    approvedByOtherThanAuthorBeforeMerge: true,
    ...over,
  };
}

export function push(over: Partial<GithubDirectPushAttributes> = {}): GithubDirectPushAttributes {
  return {
    org: ORG,
    repo: 'app',
    branch: 'main',
    sha: 'c'.repeat(40),
    author: 'alice',
    committer: 'alice',
    committedAt: '2026-03-31T09:00:00Z',
    message: 'hotfix',
    ...over,
  };
}

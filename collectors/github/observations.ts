import { z } from 'zod';
import { maybe } from '../../src/model/unknown.js';
import { NotAvailableSchema } from '../../src/model/not-available.js';

/**
 * What the GitHub collector emits.
 *
 * Conventions (read before writing a check):
 * - `Maybe<…>` (`{ $unknown: reason }`): the token could not see the value (e.g. "requires organisation
 *   owner", "requires repository admin"), the call failed, or was throttled after retries. Checks answer
 *   `error` with the reason. Never read an Unknown as empty or false.
 * - `NotAvailable` (`{ $notAvailable: reason }`): the plan / server does not offer the feature (e.g.
 *   code scanning without GitHub Advanced Security). Checks answer `not_applicable`.
 * - Timestamps are ISO-8601 strings as GitHub reports them. Ages are never stored (they change daily):
 *   checks compute ages from `ctx.now`.
 * - Nothing volatile is stored (no rate-limit counters, no `last_used`, no `updated_at` of the repo,
 *   no star counts): an unchanged organisation or repository hashes the same every day.
 * - Lists are sorted by a stable key (login, id, number) so the same state always gives the same JSON.
 *
 * Ids: org `github:<org>`, repository `github:<org>/<repo>`, pull request `github:<org>/<repo>#<number>`,
 * direct push `github:<org>/<repo>@<sha>`, change window `github:<org>#window/<population>`. Scope of everything: `github:<org>`.
 */

const Timestamp = z.string().min(1);
const Login = z.string().min(1);

/** Repository permission levels as GitHub names them (REST `role_name` / base permission). */
export const RepoRole = z.string().min(1);

/** Organisation member with role (GET /orgs/{org}/members?role=admin|member). */
export const OrgMember = z
  .object({
    login: Login,
    /** `admin` = organisation owner. */
    role: z.enum(['admin', 'member']),
  })
  .strict();

/** An organisation or repository webhook (GET /orgs/{org}/hooks, GET /repos/{o}/{r}/hooks). */
export const Webhook = z
  .object({
    id: z.number().int(),
    active: z.boolean(),
    /** Only scheme + host + path: query strings can carry credentials and are dropped. */
    url: z.string().nullable(),
    /** `config.url` uses https. */
    https: z.boolean(),
    /** `config.insecure_ssl === "1"`: TLS certificate verification is OFF. */
    insecureSsl: z.boolean(),
    /** A secret is configured (GitHub masks it as "********"; the mask itself is never stored). */
    hasSecret: z.boolean(),
    events: z.array(z.string()),
  })
  .strict();

/** GET /orgs/{org}/actions/permissions (+ /selected-actions when allowed_actions is `selected`). */
export const ActionsPermissions = z
  .object({
    /** `all` | `none` | `selected` */
    enabledRepositories: z.string(),
    /** `all` | `local_only` | `selected`; null when Actions are disabled for every repository. */
    allowedActions: z.string().nullable(),
    /** null = the server does not report it (older GHES). */
    shaPinningRequired: z.boolean().nullable(),
    /** Only when allowedActions is `selected`; Unknown if that second call failed. */
    selectedActions: maybe(
      z
        .object({
          githubOwnedAllowed: z.boolean(),
          verifiedAllowed: z.boolean(),
          patternsAllowed: z.array(z.string()),
        })
        .strict(),
    ).nullable(),
  })
  .strict();

/** GET /orgs/{org}/actions/permissions/workflow (and the repository equivalent). */
export const WorkflowPermissions = z
  .object({
    /** `read` | `write`: the default GITHUB_TOKEN permission. */
    defaultWorkflowPermissions: z.enum(['read', 'write']),
    /** Workflows may approve pull requests (defeats independent review). */
    canApprovePullRequestReviews: z.boolean(),
  })
  .strict();

/** One repository permission held by an outside collaborator (a direct collaborator of that repository). */
export const OutsideCollaboratorGrant = z
  .object({
    login: Login,
    /** Repository name (without the organisation). */
    repository: z.string().min(1),
    /** The collaborator's `role_name` there: `admin` | `maintain` | `write` | `triage` | `read` or a custom role. */
    permission: z.string().min(1),
  })
  .strict();

/**
 * Outside collaborators joined with the in-scope repositories' direct collaborators (no extra API call).
 * `unreadableRepositories` names in-scope repositories whose collaborator list could not be read, with why:
 * grants there are unknown, so "no elevated grant" cannot be concluded while it is non-empty — but a grant
 * that IS listed is certain, so a check can still fail on it.
 */
export const OutsideCollaboratorAccess = z
  .object({
    /** Sorted by login, then repository. */
    grants: z.array(OutsideCollaboratorGrant),
    /** `<repo>: <reason>`, sorted. */
    unreadableRepositories: z.array(z.string()),
  })
  .strict();

/** `github.org`, id `github:<org>`. */
export const GithubOrg = z
  .object({
    login: Login,
    /** Numeric organisation id (stable across renames). */
    id: z.number().int(),
    /**
     * GET /orgs/{org} `two_factor_requirement_enabled`. GitHub returns it only to owners: absent/null
     * becomes Unknown("requires organisation owner"), never false.
     */
    twoFactorRequirementEnabled: maybe(z.boolean()),
    /** `default_repository_permission`: `read` | `write` | `admin` | `none` (owners only). */
    defaultRepositoryPermission: maybe(z.string()),
    /** `members_can_create_repositories` (owners only). */
    membersCanCreateRepositories: maybe(z.boolean()),
    /** `members_can_create_public_repositories` (owners only). */
    membersCanCreatePublicRepositories: maybe(z.boolean()),
    /** `members_can_create_private_repositories` (owners only). */
    membersCanCreatePrivateRepositories: maybe(z.boolean()),
    /** `members_can_create_internal_repositories`; null on plans without internal repositories. */
    membersCanCreateInternalRepositories: maybe(z.boolean().nullable()),
    /** `web_commit_signoff_required` (owners only). */
    webCommitSignoffRequired: maybe(z.boolean()),
    /** Every member with role, sorted by login (GET /orgs/{org}/members?role=admin and ?role=member). */
    members: maybe(z.array(OrgMember)),
    /** Number of members with role `admin` (owners). */
    ownersCount: maybe(z.number().int()),
    /** Logins of members without 2FA (GET /orgs/{org}/members?filter=2fa_disabled; owners only). */
    membersWithout2fa: maybe(z.array(Login)),
    /** Members using insecure 2FA methods such as SMS (…/members?filter=2fa_insecure; owners only). */
    membersWithInsecure2fa: maybe(z.array(Login)),
    /** Outside collaborators' logins (GET /orgs/{org}/outside_collaborators). */
    outsideCollaborators: maybe(z.array(Login)),
    /**
     * Which repositories each outside collaborator can reach, and with what permission. Unknown when the
     * outside-collaborator list or the repository list could not be read (the reason says which).
     */
    outsideCollaboratorAccess: maybe(OutsideCollaboratorAccess),
    /** Outside collaborators without 2FA (…/outside_collaborators?filter=2fa_disabled; owners only). */
    outsideCollaboratorsWithout2fa: maybe(z.array(Login)),
    /** Organisation webhooks, sorted by id (owners / admin:org_hook only). */
    webhooks: maybe(z.array(Webhook)),
    /** Actions policy for the organisation. */
    actionsPermissions: maybe(ActionsPermissions),
    /** Default GITHUB_TOKEN permissions for the organisation. */
    workflowPermissions: maybe(WorkflowPermissions),
    /** Team slugs with the security-manager role (GET /orgs/{org}/security-managers), sorted. */
    securityManagers: maybe(z.union([NotAvailableSchema, z.array(z.string())])),
  })
  .strict();

/** A bypass actor of a ruleset that applies to the default branch. */
export const BypassActor = z
  .object({
    rulesetId: z.number().int(),
    /** `Integration` | `OrganizationAdmin` | `RepositoryRole` | `Team` | `DeployKey` | `EnterpriseOwner` */
    actorType: z.string(),
    /** null for OrganizationAdmin / DeployKey. */
    actorId: z.number().int().nullable(),
    /** `always` | `pull_request` | `exempt` */
    bypassMode: z.string(),
  })
  .strict();

/** A ruleset with at least one rule applying to the default branch. */
export const RulesetRef = z
  .object({
    id: z.number().int(),
    name: z.string(),
    /** `Repository` | `Organization` | `Enterprise` */
    sourceType: z.string(),
    /** Only `active` rulesets are counted in the merged view; `evaluate` ones are listed here. */
    enforcement: z.string(),
  })
  .strict();

/**
 * The effective rules on the default branch: classic branch protection and active rulesets merged,
 * the stricter answer winning (a control holds if EITHER mechanism enforces it).
 */
export const EffectiveBranchRules = z
  .object({
    branch: z.string(),
    /** Classic protection exists, or at least one active ruleset rule applies. */
    protected: z.boolean(),
    /** Classic branch protection exists on the branch. */
    classicProtection: z.boolean(),
    /** Rulesets with rules on the branch (active and evaluate), sorted by id. */
    rulesets: z.array(RulesetRef),
    /** A pull request is required before merging (classic required_pull_request_reviews or a `pull_request` rule). */
    pullRequestRequired: z.boolean(),
    /** Highest required approving review count across mechanisms (0 when no PR is required). */
    requiredApprovingReviewCount: z.number().int(),
    /** classic dismiss_stale_reviews or ruleset dismiss_stale_reviews_on_push. */
    dismissStaleReviews: z.boolean(),
    /** classic require_code_owner_reviews or ruleset require_code_owner_review. */
    requireCodeOwnerReview: z.boolean(),
    /** classic require_last_push_approval or ruleset require_last_push_approval. */
    requireLastPushApproval: z.boolean(),
    /** Required status check contexts, union of both mechanisms, sorted. */
    requiredStatusChecks: z.array(z.string()),
    /** Branch must be up to date before merging (classic strict / ruleset strict_required_status_checks_policy). */
    strictStatusChecks: z.boolean(),
    /** classic enforce_admins.enabled; null when there is no classic protection (rulesets: see bypassActors). */
    enforceAdmins: z.boolean().nullable(),
    /** Bypass actors of the active rulesets applying to the branch; Unknown when the token cannot read them. */
    bypassActors: maybe(z.array(BypassActor)),
    /** Force pushes blocked: classic allow_force_pushes false on a protected branch, or a `non_fast_forward` rule. */
    forcePushesBlocked: z.boolean(),
    /** Deletion blocked: classic allow_deletions false on a protected branch, or a `deletion` rule. */
    deletionsBlocked: z.boolean(),
    /** classic required_signatures or a `required_signatures` rule. */
    signedCommitsRequired: z.boolean(),
    /** classic required_linear_history or a `required_linear_history` rule. */
    linearHistoryRequired: z.boolean(),
  })
  .strict();

/** GitHub's security_and_analysis feature status; NotAvailable when the plan does not list the feature. */
const FeatureStatus = maybe(z.union([NotAvailableSchema, z.enum(['enabled', 'disabled'])]));

/** One open security alert (Dependabot, code scanning or secret scanning). */
export const OpenAlert = z
  .object({
    number: z.number().int(),
    /** `critical` | `high` | `medium` | `low` | `unknown` (secret scanning: `unknown`… see secretType). */
    severity: z.string(),
    createdAt: Timestamp,
    /** Dependabot: package name; code scanning: rule id; secret scanning: secret type. */
    subject: z.string().nullable(),
  })
  .strict();

export const AlertSummary = z
  .object({
    /** Open alerts sorted by number. Checks compute ages from createdAt and ctx.now. */
    open: z.array(OpenAlert),
    /** Count of open alerts per severity (same data as `open`, convenient for reports). */
    openBySeverity: z.record(z.string(), z.number().int()),
  })
  .strict();

/** Deploy key (GET /repos/{o}/{r}/keys). `last_used` is left out: it changes without a real change. */
export const DeployKey = z
  .object({
    id: z.number().int(),
    title: z.string(),
    readOnly: z.boolean(),
    createdAt: Timestamp,
    verified: z.boolean(),
    addedBy: z.string().nullable(),
  })
  .strict();

/** A direct collaborator (GET /repos/{o}/{r}/collaborators?affiliation=direct). */
export const Collaborator = z
  .object({
    login: Login,
    /** `admin` | `maintain` | `write` | `triage` | `read` or a custom role name. */
    roleName: z.string(),
    admin: z.boolean(),
  })
  .strict();

/** `github.repo`, id `github:<org>/<repo>`. */
export const GithubRepo = z
  .object({
    org: Login,
    name: z.string().min(1),
    /** `<org>/<repo>` */
    fullName: z.string().min(1),
    /** `public` | `private` | `internal`. Unknown only when the repository itself cannot be read. */
    visibility: maybe(z.string()),
    /** Archived repositories are observed; checks answer not_applicable for them. */
    archived: maybe(z.boolean()),
    /**
     * The repository's custom properties (GitHub's key → value tags, a multi-select value as a list), from
     * the listing itself (no extra call): what the declared scope's tag rules read. `{}` when none are set.
     */
    tags: maybe(z.record(z.string(), z.union([z.string(), z.array(z.string())]))),
    /** The repository's topics, from the listing. */
    topics: maybe(z.array(z.string())),
    defaultBranch: maybe(z.string()),
    /** The token's own permission on the repository (`admin` … `read`): explains Unknowns below. */
    viewerPermission: maybe(z.string()),
    /** Effective rules on the default branch (classic protection ∪ rulesets). Unknown e.g. "requires repository admin". */
    defaultBranchRules: maybe(EffectiveBranchRules),
    /** security_and_analysis.secret_scanning.status */
    secretScanning: FeatureStatus,
    /** security_and_analysis.secret_scanning_push_protection.status */
    secretScanningPushProtection: FeatureStatus,
    /** security_and_analysis.dependabot_security_updates.status */
    dependabotSecurityUpdates: FeatureStatus,
    /** GET /repos/{o}/{r}/vulnerability-alerts: 204 → true, 404 (with admin) → false. */
    dependabotAlertsEnabled: maybe(z.boolean()),
    /** Open Dependabot alerts; NotAvailable when alerts are disabled / not offered. */
    dependabotAlerts: maybe(z.union([NotAvailableSchema, AlertSummary])),
    /** Open code-scanning alerts; NotAvailable without code scanning (no GHAS / no analysis). */
    codeScanningAlerts: maybe(z.union([NotAvailableSchema, AlertSummary])),
    /** Open secret-scanning alerts; NotAvailable when secret scanning is off / not offered. */
    secretScanningAlerts: maybe(z.union([NotAvailableSchema, AlertSummary])),
    /** Deploy keys sorted by id. */
    deployKeys: maybe(z.array(DeployKey)),
    /** Repository webhooks sorted by id. */
    webhooks: maybe(z.array(Webhook)),
    /** A CODEOWNERS file exists (GET /repos/{o}/{r}/codeowners/errors: 200 → true, 404 → false). */
    codeownersPresent: maybe(z.boolean()),
    /** Syntax errors GitHub reports in CODEOWNERS (`kind: line N`), sorted; [] when absent or clean. */
    codeownersErrors: maybe(z.array(z.string())),
    /** Direct collaborators with their role, sorted by login (checks filter `admin`). */
    directCollaborators: maybe(z.array(Collaborator)),
  })
  .strict();

/** An approving review (review state APPROVED). */
export const Approval = z
  .object({
    reviewer: Login.nullable(),
    submittedAt: Timestamp,
    /** The commit the approval was given on. */
    commitId: z.string().nullable(),
  })
  .strict();

/**
 * `github.pull_request`, id `github:<org>/<repo>#<number>`: one pull request merged into the default
 * branch within the collection window. The window is [previous collection start, this collection start),
 * or the configured look-back on the first run, so two runs never report the same pull request.
 * A merged pull request does not change, so it hashes the same forever.
 */
export const GithubPullRequest = z
  .object({
    org: Login,
    repo: z.string().min(1),
    number: z.number().int(),
    title: z.string(),
    url: z.string(),
    /** null for a deleted account ("ghost"). */
    author: Login.nullable(),
    /** From GET /pulls/{n} (the list omits it). null for a deleted account. If that call fails the population has a gap. */
    mergedBy: Login.nullable(),
    mergedAt: Timestamp,
    baseBranch: z.string(),
    headSha: z.string(),
    mergeCommitSha: z.string().nullable(),
    /** APPROVED reviews, sorted by submittedAt; Unknown when the reviews call failed. */
    approvals: maybe(z.array(Approval)),
    /** Some approval by someone other than the author was submitted at or before mergedAt. */
    approvedByOtherThanAuthorBeforeMerge: maybe(z.boolean()),
  })
  .strict();

/**
 * `github.direct_push`, id `github:<org>/<repo>@<sha>`: a commit on the default branch in the window
 * that no pull request is associated with (GET /commits?sha&since, then /commits/{sha}/pulls).
 */
export const GithubDirectPush = z
  .object({
    org: Login,
    repo: z.string().min(1),
    branch: z.string(),
    sha: z.string(),
    /** GitHub login of the author / committer when linked to an account, else null. */
    author: Login.nullable(),
    committer: Login.nullable(),
    committedAt: Timestamp,
    /** First line of the commit message. */
    message: z.string(),
  })
  .strict();

/**
 * `github.change_window`, id `github:<org>#window/<population>`: the window [from, until) in which this
 * collection read one event population (`github.pull_request`, `github.direct_push`), and whether it read
 * it completely. The next window starts at the `until` of the last complete one (src/runner/change-window.ts),
 * so the complete windows of sealed runs tile time: an auditor can check the population has no hole.
 */
export const GithubChangeWindow = z
  .object({
    population: z.enum(['github.pull_request', 'github.direct_push']),
    from: Timestamp,
    until: Timestamp,
    complete: z.boolean(),
    /** Why the population is incomplete (its gaps' reasons), null when complete. */
    incompleteBecause: z.string().nullable(),
  })
  .strict();

export const GITHUB_OBSERVATION_TYPES = {
  'github.org': GithubOrg,
  'github.repo': GithubRepo,
  'github.pull_request': GithubPullRequest,
  'github.direct_push': GithubDirectPush,
  'github.change_window': GithubChangeWindow,
} as const;

export type GithubOrgAttributes = z.infer<typeof GithubOrg>;
export type GithubRepoAttributes = z.infer<typeof GithubRepo>;
export type GithubPullRequestAttributes = z.infer<typeof GithubPullRequest>;
export type GithubDirectPushAttributes = z.infer<typeof GithubDirectPush>;
export type GithubChangeWindowAttributes = z.infer<typeof GithubChangeWindow>;
export type EffectiveBranchRulesValue = z.infer<typeof EffectiveBranchRules>;
export type WebhookValue = z.infer<typeof Webhook>;
export type AlertSummaryValue = z.infer<typeof AlertSummary>;
export type DeployKeyValue = z.infer<typeof DeployKey>;
export type CollaboratorValue = z.infer<typeof Collaborator>;
export type OutsideCollaboratorAccessValue = z.infer<typeof OutsideCollaboratorAccess>;
export type OutsideCollaboratorGrantValue = z.infer<typeof OutsideCollaboratorGrant>;
export type ApprovalValue = z.infer<typeof Approval>;
export type ActionsPermissionsValue = z.infer<typeof ActionsPermissions>;
export type WorkflowPermissionsValue = z.infer<typeof WorkflowPermissions>;
export type OrgMemberValue = z.infer<typeof OrgMember>;

// Registers these types with the model, so `defineCheck({ observes: … })` infers attributes from the schemas above.
type Produced = import('../../src/model/observation-types.js').ProducedTypes<typeof GITHUB_OBSERVATION_TYPES>;
declare module '../../src/model/observation-types.js' {
  interface ObservationTypeMap extends Produced {}
}

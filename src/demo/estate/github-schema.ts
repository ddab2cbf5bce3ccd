import { z } from 'zod';
import { DateSpec } from './dates.js';

/**
 * The `github:` section of the estate file: a simulated GitHub organisation that the GitHub fake serves
 * (REST + the GraphQL queries the collector sends). Keys follow GitHub's own field names where one exists,
 * so the fake maps them onto response payloads without translation.
 */

const Login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(\[bot\])?$/, 'a GitHub login');
const RepoName = z.string().regex(/^[\w.-]{1,100}$/, 'a repository name');

/**
 * A token the fake accepts (`Authorization: token …` or `Bearer …`):
 * - `owner`: organisation owner, admin on every repository;
 * - `member`: plain member (owner-only fields hidden, repository permission `read`);
 * - `repo_limited`: like a fine-grained token with selected repositories: only `repositories` exist for it.
 * `deny_repositories` hides repositories entirely (listing, REST and GraphQL), as for a fine-grained
 * token that was not granted them.
 */
const Token = z
  .object({
    name: z.string().min(1),
    token: z.string().min(8),
    role: z.enum(['owner', 'member', 'repo_limited']),
    repositories: z.array(RepoName).default([]),
    deny_repositories: z.array(RepoName).default([]),
  })
  .strict();

/**
 * A GitHub App installed on an organisation. The fake verifies the App's JWT (RS256) against
 * `public_key` and exchanges it at POST /app/installations/{id}/access_tokens for an installation token,
 * which is then treated like an estate token with the installation's role (and repository limits).
 */
const AppInstallation = z
  .object({
    id: z.number().int().positive(),
    org: Login,
    role: z.enum(['owner', 'member', 'repo_limited']),
    repositories: z.array(RepoName).default([]),
    deny_repositories: z.array(RepoName).default([]),
  })
  .strict();

const App = z
  .object({
    id: z.number().int().positive(),
    /** SPKI PEM public key: only the public half lives in the estate; the private key stays with the client. */
    public_key: z.string().regex(/^-----BEGIN PUBLIC KEY-----/, 'a PEM public key (BEGIN PUBLIC KEY)'),
    installations: z.array(AppInstallation).min(1),
  })
  .strict();

const Member = z
  .object({
    login: Login,
    id: z.number().int().positive(),
    role: z.enum(['admin', 'member']).default('member'),
    two_factor: z.boolean().default(true),
    /** 2FA by SMS (shows under filter=2fa_insecure). */
    insecure_2fa: z.boolean().default(false),
  })
  .strict();

const OutsideCollaborator = z
  .object({ login: Login, id: z.number().int().positive(), two_factor: z.boolean().default(true) })
  .strict();

const Hook = z
  .object({
    id: z.number().int().positive(),
    url: z.url(),
    active: z.boolean().default(true),
    insecure_ssl: z.boolean().default(false),
    secret: z.boolean().default(true),
    events: z.array(z.string()).default(['push']),
    created: DateSpec.default('2024-01-01T00:00:00Z'),
  })
  .strict();

const Actions = z
  .object({
    enabled_repositories: z.enum(['all', 'none', 'selected']).default('all'),
    allowed_actions: z.enum(['all', 'local_only', 'selected']).default('all'),
    sha_pinning_required: z.boolean().default(false),
    github_owned_allowed: z.boolean().default(true),
    verified_allowed: z.boolean().default(false),
    patterns_allowed: z.array(z.string()).default([]),
    default_workflow_permissions: z.enum(['read', 'write']).default('read'),
    can_approve_pull_request_reviews: z.boolean().default(false),
  })
  .strict();

/** Classic branch protection on the default branch. */
const Protection = z
  .object({
    required_approving_review_count: z.number().int().min(0).max(6).nullable().default(null),
    dismiss_stale_reviews: z.boolean().default(false),
    require_code_owner_reviews: z.boolean().default(false),
    require_last_push_approval: z.boolean().default(false),
    required_status_checks: z.array(z.string()).nullable().default(null),
    strict: z.boolean().default(false),
    enforce_admins: z.boolean().default(false),
    allow_force_pushes: z.boolean().default(false),
    allow_deletions: z.boolean().default(false),
    required_signatures: z.boolean().default(false),
    required_linear_history: z.boolean().default(false),
  })
  .strict();

const BypassActor = z
  .object({
    actor_type: z.enum(['Integration', 'OrganizationAdmin', 'RepositoryRole', 'Team', 'DeployKey']),
    actor_id: z.number().int().nullable().default(null),
    bypass_mode: z.enum(['always', 'pull_request', 'exempt']).default('always'),
  })
  .strict();

const Rule = z
  .object({
    type: z.enum(['deletion', 'non_fast_forward', 'pull_request', 'required_status_checks', 'required_signatures', 'required_linear_history', 'creation', 'update']),
    parameters: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** A ruleset targeting the default branch (`~DEFAULT_BRANCH`). */
const Ruleset = z
  .object({
    id: z.number().int().positive(),
    name: z.string().min(1),
    enforcement: z.enum(['active', 'evaluate', 'disabled']).default('active'),
    source_type: z.enum(['Repository', 'Organization']).default('Repository'),
    bypass_actors: z.array(BypassActor).default([]),
    rules: z.array(Rule).min(1),
  })
  .strict();

const Alert = z
  .object({
    number: z.number().int().positive(),
    severity: z.enum(['critical', 'high', 'medium', 'low']),
    created: DateSpec,
    state: z.enum(['open', 'fixed', 'dismissed']).default('open'),
    /** Dependabot: package; code scanning: rule id; secret scanning: secret type. */
    subject: z.string().min(1).default('lodash'),
  })
  .strict();

const Review = z
  .object({
    user: Login,
    state: z.enum(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED']),
    submitted: DateSpec,
  })
  .strict();

const PullRequest = z
  .object({
    number: z.number().int().positive(),
    title: z.string().min(1),
    author: Login,
    /** Absent → closed without merge (or open when `open: true`). */
    merged_at: DateSpec.optional(),
    merged_by: Login.optional(),
    open: z.boolean().default(false),
    created: DateSpec,
    reviews: z.array(Review).default([]),
  })
  .strict();

/** A commit on the default branch; `pull` links it to the pull request that brought it in. */
const Commit = z
  .object({
    sha: z.string().regex(/^[0-9a-f]{40}$/, 'a 40-hex commit sha'),
    author: Login.nullable().default(null),
    message: z.string().min(1),
    date: DateSpec,
    pull: z.number().int().positive().optional(),
  })
  .strict();

const Repository = z
  .object({
    name: RepoName,
    id: z.number().int().positive(),
    visibility: z.enum(['public', 'private', 'internal']).default('private'),
    archived: z.boolean().default(false),
    /** Repository custom properties (GitHub's tags): a string, or a list for a multi-select property. */
    custom_properties: z.record(z.string().min(1), z.union([z.string(), z.array(z.string())])).default({}),
    topics: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, 'a GitHub topic')).default([]),
    default_branch: z.string().min(1).default('main'),
    created: DateSpec.default('2023-01-01T00:00:00Z'),
    protection: Protection.optional(),
    rulesets: z.array(Ruleset).default([]),
    secret_scanning: z.enum(['enabled', 'disabled', 'unavailable']).default('disabled'),
    push_protection: z.enum(['enabled', 'disabled', 'unavailable']).default('disabled'),
    dependabot_alerts: z.boolean().default(false),
    dependabot_security_updates: z.enum(['enabled', 'disabled']).default('disabled'),
    /** Code scanning offered (GitHub Advanced Security / public repository). */
    code_scanning: z.boolean().default(false),
    /** False: code scanning is on but no analysis was ever uploaded (GitHub's repository list answers 404 "no analysis found"). */
    code_scanning_analysed: z.boolean().default(true),
    dependabot_alert_list: z.array(Alert).default([]),
    code_scanning_alert_list: z.array(Alert).default([]),
    secret_scanning_alert_list: z.array(Alert).default([]),
    deploy_keys: z
      .array(z.object({ id: z.number().int().positive(), title: z.string().min(1), read_only: z.boolean().default(true), created: DateSpec }).strict())
      .default([]),
    hooks: z.array(Hook).default([]),
    /** CODEOWNERS: absent → no file; errors → syntax errors GitHub reports. */
    codeowners: z.object({ errors: z.array(z.string()).default([]) }).strict().optional(),
    collaborators: z.array(z.object({ login: Login, id: z.number().int().positive(), role: z.enum(['admin', 'maintain', 'write', 'triage', 'read']) }).strict()).default([]),
    pull_requests: z.array(PullRequest).default([]),
    commits: z.array(Commit).default([]),
  })
  .strict();

const Organization = z
  .object({
    login: Login,
    id: z.number().int().positive(),
    two_factor_requirement_enabled: z.boolean(),
    default_repository_permission: z.enum(['read', 'write', 'admin', 'none']),
    members_can_create_repositories: z.boolean().default(true),
    members_can_create_public_repositories: z.boolean().default(false),
    members_can_create_private_repositories: z.boolean().default(true),
    web_commit_signoff_required: z.boolean().default(false),
    members: z.array(Member).min(1),
    outside_collaborators: z.array(OutsideCollaborator).default([]),
    hooks: z.array(Hook).default([]),
    actions: Actions.default(Actions.parse({})),
    security_managers: z.array(z.string()).default([]),
    repositories: z.array(Repository).default([]),
  })
  .strict()
  .superRefine((org, ctx) => {
    const names = new Set<string>();
    org.repositories.forEach((r, i) => {
      if (names.has(r.name)) ctx.addIssue({ code: 'custom', path: ['repositories', i, 'name'], message: `repository ${r.name} is declared twice` });
      names.add(r.name);
    });
  });

export const GithubEstate = z
  .object({
    tokens: z.array(Token).min(1),
    apps: z.array(App).default([]),
    /** The token the demo configuration uses (by name). */
    demo_token: z.string().min(1),
    organizations: z.array(Organization).min(1),
  })
  .strict()
  .superRefine((gh, ctx) => {
    if (!gh.tokens.some((t) => t.name === gh.demo_token)) ctx.addIssue({ code: 'custom', path: ['demo_token'], message: `no token named ${gh.demo_token}` });
  });

export type EstateGithub = z.infer<typeof GithubEstate>;
export type EstateGithubToken = z.infer<typeof Token>;
export type EstateGithubApp = z.infer<typeof App>;
export type EstateGithubOrg = z.infer<typeof Organization>;
export type EstateGithubRepo = z.infer<typeof Repository>;
export type EstateGithubHook = z.infer<typeof Hook>;
export type EstateGithubAlert = z.infer<typeof Alert>;
export type EstateGithubPullRequest = z.infer<typeof PullRequest>;
export type EstateGithubRuleset = z.infer<typeof Ruleset>;

import { z } from 'zod';
import { isValidTimeZone } from '../util/calendar.js';
import { GithubSection } from './github-schema.js';
import { IntegritySection } from './integrity-schema.js';
import { AlertsSection, ScheduleSection } from './daemon-schema.js';
import { ProgrammeSections } from './programme-schema.js';
import { ServerSection } from './server-schema.js';
import { DeadlinesSection } from './deadlines-schema.js';

/**
 * The configuration file's shape. Every object is strict: an unknown key is an error naming its path,
 * because a misspelt key silently ignored would quietly change what is tested.
 * Documented key by key in config/controlwatch.example.yaml.
 */

const AwsServiceEndpoints = z
  .object({
    iam: z.url().optional(),
    s3: z.url().optional(),
    s3control: z.url().optional(),
    sts: z.url().optional(),
    config: z.url().optional(),
    organizations: z.url().optional(),
    cloudtrail: z.url().optional(),
    accessanalyzer: z.url().optional(),
  })
  .strict();

/** Keys are the sample frequencies (src/sample/sizes.ts FREQUENCIES; test/sample/sizes-config.test.ts keeps them equal). */
const SampleSize = z.number().int().min(1, 'a sample size is at least 1');
export const SampleSizes = z
  .object({ 'per-change': SampleSize, daily: SampleSize, weekly: SampleSize, monthly: SampleSize, quarterly: SampleSize, annual: SampleSize })
  .partial()
  .strict();

const AccountId = z
  .string({ error: 'expected a quoted 12-digit AWS account id, e.g. "123456789012" (unquoted, YAML reads a number)' })
  .regex(/^\d{12}$/, 'expected a 12-digit AWS account id');

const Region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as eu-west-1');
/** A region list: each region once — a duplicate would be collected twice and refused only at seal time. */
const Regions = z
  .array(Region)
  .min(1)
  .superRefine((regions, ctx) => regions.forEach((r, i) => regions.indexOf(r) !== i && ctx.addIssue({ code: 'custom', path: [i], message: `region ${r} is listed twice` })));

const StaticCredentials = z
  .object({
    accessKeyId: z.string().min(1),
    secretAccessKey: z.string().min(1),
    sessionToken: z.string().min(1).optional(),
  })
  .strict();

const RoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'expected an IAM role ARN such as arn:aws:iam::123456789012:role/controlwatch-readonly');

const AssumeRole = z
  .object({
    roleArn: RoleArn,
    /** The sts:ExternalId the role's trust policy requires (confused-deputy protection). */
    externalId: z.string().min(2).max(1224).optional(),
    /** Shows in the target account's CloudTrail as the session name. */
    sessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/, 'expected 2-64 characters of [A-Za-z0-9_+=,.@-]').default('controlwatch'),
    durationSeconds: z.number().int().min(900).max(43_200).default(3600),
  })
  .strict();

const AwsAccount = z
  .object({
    /** The 12-digit account id the credentials must belong to. */
    id: AccountId,
    name: z.string().min(1).optional(),
    regions: Regions.default(['us-east-1']),
    /** Static credentials (use ${ENV_VAR}); omitted → aws.credentials, then the SDK's default credential chain. */
    credentials: StaticCredentials.optional(),
    /** Role to assume in this account with STS AssumeRole (from the account's or the base credentials). */
    assumeRole: AssumeRole.optional(),
  })
  .strict();

/**
 * Discovery of the organisation's accounts (AWS Organizations ListAccounts, from the management or a
 * delegated-administrator account, with the base credentials). Each ACTIVE account not excluded is
 * collected by assuming `roleName` in it; accounts also listed under `accounts` keep their own settings.
 */
const Organizations = z
  .object({
    discover: z.literal(true),
    roleName: z.string().regex(/^[\w+=,.@/-]{1,64}$/, 'expected an IAM role name').default('controlwatch-readonly'),
    externalId: z.string().min(2).max(1224).optional(),
    regions: Regions.default(['us-east-1']),
    /** Account ids never to collect (e.g. suspended sandboxes kept for billing). */
    exclude: z.array(AccountId).default([]),
  })
  .strict();

/** An IAM user, group or role named by its name (any account) or by its ARN (that account only). */
function principalRef(kind: 'user' | 'group' | 'role') {
  return z
    .string()
    .regex(
      new RegExp(`^(arn:aws[a-z-]*:iam::\\d{12}:${kind}/(.+/)?[\\w+=,.@-]{1,128}|[\\w+=,.@-]{1,128})$`),
      `expected an IAM ${kind} name such as ${kind === 'user' ? 'break-glass' : kind === 'group' ? 'Admins' : 'OrganizationAccountAccessRole'}, or its ARN (arn:aws:iam::123456789012:${kind}/…)`,
    );
}

/**
 * Principals approved to hold administrative access (checks iam.admin_principals_allowlisted and
 * iam.no_group_admin_outside_allowlist). The list in force is recorded with each day's privileged population.
 */
const Administrators = z
  .object({
    users: z.array(principalRef('user')).default([]),
    groups: z.array(principalRef('group')).default([]),
    roles: z.array(principalRef('role')).default([]),
  })
  .strict();

const AwsSection = z
  .object({
    /** Base credentials: used for AssumeRole and Organizations; omitted → the SDK's default chain. */
    credentials: StaticCredentials.optional(),
    accounts: z.array(AwsAccount).default([]),
    organizations: Organizations.optional(),
    /** Per-service endpoint overrides (S3-compatible stores, tests). AWS_ENDPOINT_URL[_<SERVICE>] also work. */
    endpoints: AwsServiceEndpoints.default({}),
    /** Path-style S3 addressing, needed for most S3-compatible endpoints and for local fakes. */
    s3ForcePathStyle: z.boolean().default(false),
    retry: z
      .object({
        mode: z.enum(['standard', 'adaptive']).default('standard'),
        maxAttempts: z.number().int().min(1).max(10).default(5),
      })
      .strict()
      .default({ mode: 'standard', maxAttempts: 5 }),
    /** Per-request timeout in milliseconds. */
    requestTimeoutMs: z.number().int().positive().default(30_000),
    /**
     * Where S3 bucket settings come from: `auto` reads them in bulk from AWS Config's advanced query
     * wherever Config records the bucket (falling back to the S3 APIs per bucket elsewhere); `s3-api`
     * always reads each bucket directly and never calls AWS Config.
     */
    s3BucketSource: z.enum(['auto', 's3-api']).default('auto'),
    /**
     * Buckets read at once per account on the S3 API path. A bucket's settings are read one call after another,
     * so this is also how many S3 requests an account has in flight: the collection of an account of n buckets
     * takes about n × calls per bucket × latency ÷ this.
     */
    s3BucketConcurrency: z.number().int().min(1).max(64).default(10),
    /** The administrators allow-list: who may hold administrative access (names or ARNs). */
    administrators: Administrators.default({ users: [], groups: [], roles: [] }),
  })
  .strict()
  .superRefine((aws, ctx) => {
    if (aws.accounts.length === 0 && aws.organizations === undefined) {
      ctx.addIssue({ code: 'custom', path: ['accounts'], message: 'list at least one account, or enable organizations discovery' });
    }
    const seen = new Set<string>();
    aws.accounts.forEach((a, i) => {
      if (seen.has(a.id)) ctx.addIssue({ code: 'custom', path: ['accounts', i, 'id'], message: `account ${a.id} is listed twice` });
      seen.add(a.id);
    });
  });

export const ConfigSchema = z
  .object({
    version: z.literal(1),
    store: z.object({ path: z.string().min(1).default('./controlwatch.db') }).strict().default({ path: './controlwatch.db' }),
    /** IANA time zone in which "days" are counted for reports. */
    audit: z
      .object({
        timezone: z.string().min(1).refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Paris').default('UTC'),
        /** Default sample sizes per control frequency for `sample` (src/sample/sizes.ts); `--sizes` and `--size` override. */
        sampleSizes: SampleSizes.optional(),
      })
      .strict()
      .default({ timezone: 'UTC' }),
    log: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
      .strict()
      .default({ level: 'info' }),
    /** How many scopes (account × collector, org, …) are collected at once. */
    concurrency: z.number().int().min(1).max(32).default(4),
    /**
     * Threads that collect AWS scopes, the run's own included: 1 collects on the run's thread alone; 2 or more
     * start worker threads for the run (src/runner/collection-threads.ts). A large run is CPU-bound on one
     * thread; set it to the CPU cores the agent may use.
     */
    collectionThreads: z.number().int().min(1).max(16).default(1),
    /** How long one scope, and a run's whole collection, may take (src/config/deadlines-schema.ts). */
    deadlines: DeadlinesSection.prefault({}),
    aws: AwsSection.optional(),
    github: GithubSection.optional(),
    /** Signing of seals and external checkpoints (src/integrity); absent → seals unsigned, no checkpoints. */
    integrity: IntegritySection.optional(),
    checks: z
      .object({
        /** Check ids not to run. */
        disabled: z.array(z.string().min(1)).default([]),
        /** Per-check parameter overrides, merged over the defaults in config/checks. */
        parameters: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
      })
      .strict()
      .default({ disabled: [], parameters: {} }),
    /** The control programme: declared scope, teams, owners, exceptions register, manual controls. */
    ...ProgrammeSections,
    /** The HTTP server (src/config/server-schema.ts). */
    server: ServerSection.prefault({}),
    /** When the daemon runs (daily at 06:00 UTC by default), catch-up and shutdown grace. */
    schedule: ScheduleSection.prefault({}),
    /** Webhooks sent on changes (a control starts failing or recovers, a slot is missed, …). */
    alerts: AlertsSection.prefault({}),
  })
  .strict();

export type AppConfig = z.infer<typeof ConfigSchema>;
export type AwsConfig = NonNullable<AppConfig['aws']>;
export type AwsAccountConfig = AwsConfig['accounts'][number];
export type AssumeRoleConfig = NonNullable<AwsAccountConfig['assumeRole']>;
export type ExceptionConfig = AppConfig['exceptions'][number];

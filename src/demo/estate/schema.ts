import { z } from 'zod';
import { OrganizationEstate } from './organization-schema.js';
import { DateSpec } from './dates.js';
import { S3AccountEstate } from './s3-schema.js';
import { ConfigAccountEstate } from './config-schema.js';
import { CloudTrailAccountEstate } from './cloudtrail-schema.js';
import { AccessAnalyzerAccountEstate } from './accessanalyzer-schema.js';
import { GithubEstate } from './github-schema.js';

/**
 * The estate file: a declarative description of simulated cloud state that the protocol fakes serve
 * (`controlwatch demo` and the tests use the same file format). The top level is one key per provider
 * (`aws:` today; `github:` and others slot in beside it), plus `expected_failures:`, the list of every
 * deliberate misconfiguration, so an end-to-end test can assert that exactly those fail.
 * Every object is strict: a misspelt key is an error naming its path, never silently ignored.
 */

/** Absolute ISO-8601 (`2024-03-01`, `2024-03-01T10:00:00Z`) or relative to the fake's clock (`-120d`, `-6h`). */

const PolicyDocument = z
  .object({ Version: z.string().optional(), Statement: z.union([z.array(z.record(z.string(), z.unknown())), z.record(z.string(), z.unknown())]) })
  .catchall(z.unknown());

const Name = z.string().regex(/^[\w+=,.@-]{1,128}$/, 'an IAM name (letters, digits and +=,.@_-)');
const IamPath = z.string().regex(/^\/([\w+=,.@-]+\/)*$/, 'an IAM path such as / or /division/').default('/');

const InlinePolicy = z.object({ name: Name, document: PolicyDocument }).strict();

/**
 * A managed policy attached to a principal: a customer-managed policy's name (declared under `policies`)
 * or a full policy ARN (AWS-managed, e.g. arn:aws:iam::aws:policy/ReadOnlyAccess).
 */
const ManagedPolicyRef = z.string().min(1);

const AccessKey = z
  .object({
    created: DateSpec,
    active: z.boolean().default(true),
    /** Absent → never used. */
    last_used: DateSpec.optional(),
    last_used_service: z.string().min(1).optional(),
    last_used_region: z.string().min(1).optional(),
  })
  .strict();

const Root = z
  .object({
    /** When the account (and its root user) was created. */
    created: DateSpec,
    mfa: z.enum(['none', 'virtual', 'hardware']),
    /** Absent → never used. */
    password_last_used: DateSpec.optional(),
    access_keys: z.array(AccessKey).max(2).default([]),
  })
  .strict();

const PasswordPolicy = z
  .object({
    minimum_length: z.number().int().min(6).max(128).default(8),
    require_symbols: z.boolean().default(false),
    require_numbers: z.boolean().default(false),
    require_uppercase: z.boolean().default(false),
    require_lowercase: z.boolean().default(false),
    allow_users_to_change: z.boolean().default(false),
    /** Days; absent → passwords never expire. */
    max_age_days: z.number().int().min(1).max(1095).optional(),
    /** 0 (AWS's default) → reuse not prevented; the field is then absent from the API answer. */
    reuse_prevention: z.number().int().min(0).max(24).default(0),
    hard_expiry: z.boolean().default(false),
  })
  .strict();

const Console = z
  .object({
    /** Absent → never signed in. */
    last_used: DateSpec.optional(),
    /** Absent → the user's creation date. */
    last_changed: DateSpec.optional(),
  })
  .strict();

const MfaDevice = z.object({ type: z.enum(['virtual', 'hardware']), enabled: DateSpec }).strict();

/** IAM resource tags (key → value), served in GetAccountAuthorizationDetails. */
const IamTags = z.record(z.string().min(1).max(128), z.string().max(256)).default({});

const User = z
  .object({
    name: Name,
    path: IamPath,
    created: DateSpec,
    tags: IamTags,
    /** Present → the user has a console password. */
    console: Console.optional(),
    mfa_devices: z.array(MfaDevice).default([]),
    access_keys: z.array(AccessKey).max(2).default([]),
    groups: z.array(Name).default([]),
    managed_policies: z.array(ManagedPolicyRef).default([]),
    inline_policies: z.array(InlinePolicy).default([]),
    /** A managed policy (customer-managed name or full ARN) used as the user's permissions boundary. */
    permissions_boundary: ManagedPolicyRef.optional(),
  })
  .strict();

const Group = z
  .object({
    name: Name,
    path: IamPath,
    created: DateSpec,
    managed_policies: z.array(ManagedPolicyRef).default([]),
    inline_policies: z.array(InlinePolicy).default([]),
  })
  .strict();

const Role = z
  .object({
    name: Name,
    path: IamPath,
    created: DateSpec,
    tags: IamTags,
    description: z.string().optional(),
    trust_policy: PolicyDocument,
    managed_policies: z.array(ManagedPolicyRef).default([]),
    inline_policies: z.array(InlinePolicy).default([]),
    /** Absent → never used. */
    last_used: z.object({ date: DateSpec, region: z.string().min(1) }).strict().optional(),
    /** A managed policy (customer-managed name or full ARN) used as the role's permissions boundary. */
    permissions_boundary: ManagedPolicyRef.optional(),
  })
  .strict();

/** An SSL/TLS certificate uploaded to IAM (ListServerCertificates). */
const ServerCertificate = z
  .object({
    name: Name,
    path: IamPath,
    uploaded: DateSpec,
    expires: DateSpec,
  })
  .strict();

/** A customer-managed policy; its attachments are declared on the users, groups and roles. */
const CustomerPolicy = z
  .object({
    name: Name,
    path: IamPath,
    created: DateSpec,
    /** Absent → same as created. */
    updated: DateSpec.optional(),
    description: z.string().optional(),
    document: PolicyDocument,
  })
  .strict();

const AccessKeyId = z.string().regex(/^(AKIA|ASIA)[A-Z0-9]{12,124}$/, 'an access key id such as AKIA…');

const Account = z
  .object({
    id: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
    name: z.string().min(1),
    /** The credentials the fake accepts for this account; it identifies the account by the key id. */
    credentials: z.object({ access_key_id: AccessKeyId, secret_access_key: z.string().min(16) }).strict(),
    root: Root,
    /** Absent → no password policy (GetAccountPasswordPolicy answers NoSuchEntity). */
    password_policy: PasswordPolicy.optional(),
    users: z.array(User).default([]),
    groups: z.array(Group).default([]),
    roles: z.array(Role).default([]),
    policies: z.array(CustomerPolicy).default([]),
    server_certificates: z.array(ServerCertificate).default([]),
    /** Absent → the account has no S3 state at all (no buckets, no account-level Block Public Access). */
    s3: S3AccountEstate.optional(),
    /** AWS Config per region; absent → Config is off in every region. */
    config: ConfigAccountEstate.optional(),
    /** AWS CloudTrail trails by home region; absent → no trail anywhere. */
    cloudtrail: CloudTrailAccountEstate.optional(),
    /** IAM Access Analyzer analyzers by region; absent → none anywhere. */
    access_analyzer: AccessAnalyzerAccountEstate.optional(),
  })
  .strict()
  .superRefine((account, ctx) => {
    const unique = (key: 'users' | 'groups' | 'roles' | 'policies') => {
      const seen = new Set<string>();
      account[key].forEach((item, i) => {
        if (seen.has(item.name)) ctx.addIssue({ code: 'custom', path: [key, i, 'name'], message: `${item.name} is declared twice` });
        seen.add(item.name);
      });
      return seen;
    };
    unique('users');
    const groups = unique('groups');
    unique('roles');
    const policies = unique('policies');
    const checkRefs = (key: 'users' | 'groups' | 'roles') =>
      account[key].forEach((item, i) =>
        item.managed_policies.forEach((ref, j) => {
          if (!ref.startsWith('arn:') && !policies.has(ref)) {
            ctx.addIssue({ code: 'custom', path: [key, i, 'managed_policies', j], message: `no customer-managed policy named ${ref} (or give a full ARN)` });
          }
        }),
      );
    checkRefs('users');
    checkRefs('groups');
    checkRefs('roles');
    (['users', 'roles'] as const).forEach((key) =>
      account[key].forEach((item, i) => {
        const ref = item.permissions_boundary;
        if (ref !== undefined && !ref.startsWith('arn:') && !policies.has(ref)) {
          ctx.addIssue({ code: 'custom', path: [key, i, 'permissions_boundary'], message: `no customer-managed policy named ${ref} (or give a full ARN)` });
        }
      }),
    );
    account.users.forEach((user, i) =>
      user.groups.forEach((group, j) => {
        if (!groups.has(group)) ctx.addIssue({ code: 'custom', path: ['users', i, 'groups', j], message: `no group named ${group}` });
      }),
    );
  });

const AwsEstate = z
  .object({
    accounts: z.array(Account).min(1),
    /** The AWS Organization the accounts belong to (absent: none). */
    organization: OrganizationEstate.optional(),
  })
  .strict()
  .superRefine((aws, ctx) => {
    const ids = new Set<string>();
    const keys = new Set<string>();
    aws.accounts.forEach((a, i) => {
      if (ids.has(a.id)) ctx.addIssue({ code: 'custom', path: ['accounts', i, 'id'], message: `account ${a.id} is declared twice` });
      if (keys.has(a.credentials.access_key_id)) {
        ctx.addIssue({ code: 'custom', path: ['accounts', i, 'credentials', 'access_key_id'], message: 'access key id already used by another account' });
      }
      ids.add(a.id);
      keys.add(a.credentials.access_key_id);
    });
  });

const ExpectedFailure = z
  .object({
    /** A check id, e.g. `iam.root_mfa_enabled`. */
    check: z.string().min(1),
    /** The resource (observation) id that must fail it. */
    resource: z.string().min(1),
    why: z.string().min(1),
  })
  .strict();

export const EstateSchema = z
  .object({
    version: z.literal(1),
    aws: AwsEstate.optional(),
    github: GithubEstate.optional(),
    expected_failures: z.array(ExpectedFailure).default([]),
    /** Resources the demo deliberately cannot read: every listed check must report `error` for them. */
    expected_errors: z.array(ExpectedFailure).default([]),
  })
  .strict();

export type Estate = z.infer<typeof EstateSchema>;
export type EstateAwsAccount = z.infer<typeof Account>;
export type EstateUser = z.infer<typeof User>;
export type EstateGroup = z.infer<typeof Group>;
export type EstateRole = z.infer<typeof Role>;
export type EstateCustomerPolicy = z.infer<typeof CustomerPolicy>;
export type EstateAccessKey = z.infer<typeof AccessKey>;
export type EstatePasswordPolicy = z.infer<typeof PasswordPolicy>;
export type EstateInlinePolicy = z.infer<typeof InlinePolicy>;
export type EstateServerCertificate = z.infer<typeof ServerCertificate>;
export type EstateExpectedFailure = z.infer<typeof ExpectedFailure>;

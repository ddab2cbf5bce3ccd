import { EstateSchema, type Estate } from '../../../src/demo/estate/schema.js';
import { mergeSha } from '../../../src/demo/fakes/github/payloads.js';

/**
 * The benchmark's estate, generated deterministically from a size factor (1 = the default size):
 * - 5,000 IAM principals (3,000 users, 2,000 roles) over 3 accounts, with groups, customer-managed and
 *   AWS-managed policy attachments, inline policies, access keys, console passwords and MFA;
 * - 5,000 S3 buckets over 3 accounts × 4 regions, AWS Config recording in 3 of the 12 account-regions
 *   (with a few managed rules evaluating the buckets there), one multi-region CloudTrail trail per account;
 * - 2,000 repositories in 2 GitHub organisations with members, outside collaborators, direct collaborators,
 *   branch protection or rulesets, deploy keys, hooks, alerts, and merged pull requests with reviews in the
 *   collector's 30-day window (plus the commits that brought them in, and a few direct pushes).
 * Teams are not generated: neither the GitHub fake nor the collector reads them (their effect reaches the
 * checks through repository collaborators and permissions).
 * Same factor → same estate, byte for byte (a seeded generator; no clock, no Math.random).
 */

export const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'] as const;
export const ACCOUNT_IDS = ['310000000001', '310000000002', '310000000003'] as const;
/** Account index → regions where AWS Config records (all supported types, advanced query available). */
export const CONFIG_RECORDING: Readonly<Record<number, readonly string[]>> = { 0: ['us-east-1', 'eu-west-1'], 1: ['us-east-1'] };
export const ORGS = ['bench-alpha', 'bench-beta'] as const;
export const GITHUB_TOKEN = 'ghp_benchOwnerToken0000000000000000000000';
export const LOOKBACK_DAYS = 30;

/** Resource counts at factor 1 (the default size). */
export const DEFAULT_COUNTS = { users: 3000, roles: 2000, buckets: 5000, repositories: 2000, membersPerOrg: 300, outsidePerOrg: 40 } as const;

export interface EstateCounts {
  readonly users: number;
  readonly roles: number;
  readonly buckets: number;
  readonly repositories: number;
  readonly membersPerOrg: number;
  readonly outsidePerOrg: number;
}

export function countsFor(factor: number): EstateCounts {
  const n = (base: number, min: number) => Math.max(min, Math.round(base * factor));
  return {
    users: n(DEFAULT_COUNTS.users, 3),
    roles: n(DEFAULT_COUNTS.roles, 3),
    buckets: n(DEFAULT_COUNTS.buckets, 3),
    repositories: n(DEFAULT_COUNTS.repositories, 2),
    membersPerOrg: n(DEFAULT_COUNTS.membersPerOrg, 3),
    outsidePerOrg: n(DEFAULT_COUNTS.outsidePerOrg, 1),
  };
}

/**
 * mulberry32: a 32-bit seeded generator, written out because the benchmark needs the same estate on every
 * machine and run, and none of the project's dependencies offers a seeded generator outside test code.
 */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AWS_MANAGED = ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'arn:aws:iam::aws:policy/AdministratorAccess'];

/** Spreads `total` items over `parts` as evenly as possible (the first parts get the remainder). */
function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

const hex = (rand: () => number, n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');

function awsAccount(index: number, counts: EstateCounts, rand: () => number) {
  const id = ACCOUNT_IDS[index]!;
  const users = split(counts.users, ACCOUNT_IDS.length)[index]!;
  const roles = split(counts.roles, ACCOUNT_IDS.length)[index]!;
  const buckets = split(counts.buckets, ACCOUNT_IDS.length)[index]!;
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const chance = (p: number) => rand() < p;
  const groupCount = Math.max(2, Math.round(users / 50));
  const policyCount = Math.max(3, Math.round((users + roles) / 30));
  const policies = Array.from({ length: policyCount }, (_, i) => ({
    name: `bench-policy-${i}`,
    created: '-400d',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [`s3:GetObject`, `logs:PutLogEvents`], Resource: `arn:aws:s3:::bench-${index}-${i}/*` }] },
  }));
  const groups = Array.from({ length: groupCount }, (_, i) => ({
    name: `bench-group-${i}`,
    created: '-500d',
    managed_policies: [policies[i % policyCount]!.name, ...(i === 0 ? [AWS_MANAGED[2]!] : [])],
  }));
  const userList = Array.from({ length: users }, (_, i) => {
    const keys = chance(0.5) ? [{ created: `-${10 + Math.floor(rand() * 400)}d`, last_used: `-${Math.floor(rand() * 30)}d`, last_used_service: 's3', last_used_region: 'us-east-1' }] : [];
    if (chance(0.05)) keys.push({ created: '-700d', last_used: '-200d', last_used_service: 'iam', last_used_region: 'us-east-1' });
    const console = chance(0.4);
    return {
      name: `bench-user-${index}-${i}`,
      created: `-${30 + Math.floor(rand() * 900)}d`,
      ...(console ? { console: { last_used: `-${Math.floor(rand() * 60)}d` } } : {}),
      mfa_devices: console && chance(0.85) ? [{ type: 'virtual' as const, enabled: '-300d' }] : [],
      access_keys: keys,
      groups: [pick(groups).name, ...(chance(0.3) ? [pick(groups).name] : [])].filter((g, j, all) => all.indexOf(g) === j),
      managed_policies: chance(0.3) ? [pick(policies).name] : chance(0.1) ? [pick(AWS_MANAGED)] : [],
      inline_policies: chance(0.1) ? [{ name: 'inline-extra', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] } }] : [],
    };
  });
  const roleList = Array.from({ length: roles }, (_, i) => {
    const crossAccount = chance(0.1);
    const principal = crossAccount ? { AWS: `arn:aws:iam::${ACCOUNT_IDS[(index + 1) % ACCOUNT_IDS.length]}:root` } : { Service: pick(['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com']) };
    return {
      name: `bench-role-${index}-${i}`,
      created: `-${30 + Math.floor(rand() * 900)}d`,
      trust_policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] },
      managed_policies: [pick(policies).name, ...(chance(0.3) ? [pick(AWS_MANAGED)] : [])],
      inline_policies: chance(0.2) ? [{ name: 'inline-role', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] } }] : [],
      ...(chance(0.7) ? { last_used: { date: `-${Math.floor(rand() * 90)}d`, region: pick(REGIONS) } } : {}),
    };
  });
  const bucketList = Array.from({ length: buckets }, (_, i) => {
    const region = REGIONS[i % REGIONS.length]!;
    const hasPolicy = chance(0.3);
    return {
      name: `bench-${index}-bucket-${i}`,
      region,
      created: `-${30 + Math.floor(rand() * 900)}d`,
      ...(chance(0.9) ? { public_access_block: chance(0.95) ? {} : { block_public_policy: false } } : {}),
      ...(chance(0.85) ? { encryption: chance(0.5) ? { algorithm: 'AES256' as const } : { algorithm: 'aws:kms' as const, bucket_key: true } } : {}),
      ...(chance(0.7) ? { versioning: { status: 'Enabled' as const } } : {}),
      ...(chance(0.5) ? { logging: { target_bucket: `bench-${index}-bucket-0`, target_prefix: `logs/${i}/` } } : {}),
      ...(hasPolicy
        ? { policy: { Version: '2012-10-17', Statement: [{ Sid: 'TLS', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::bench-${index}-bucket-${i}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } }
        : {}),
      acl: chance(0.03) ? [{ grantee: 'LogDelivery' as const, permission: 'WRITE' as const }] : [],
      ...(chance(0.05) ? { object_lock: { default_retention: { mode: 'GOVERNANCE' as const, days: 30 } } } : {}),
      ...(chance(0.7) ? { ownership: 'BucketOwnerEnforced' as const } : {}),
    };
  });
  const recording = CONFIG_RECORDING[index] ?? [];
  const config = {
    regions: Object.fromEntries(
      recording.map((region) => {
        const inRegion = bucketList.filter((b) => b.region === region);
        const rule = (name: string, identifier: string, ok: (b: (typeof bucketList)[number]) => boolean) => ({
          name,
          identifier,
          evaluations: inRegion.map((b) => ({ resource_type: 'AWS::S3::Bucket', resource_id: b.name, compliance: ok(b) ? ('COMPLIANT' as const) : ('NON_COMPLIANT' as const) })),
        });
        return [
          region,
          {
            recorder: { name: 'default' },
            delivery_channel: { name: 'default', s3_bucket: `bench-${index}-bucket-0` },
            rules: [
              rule('s3-bucket-versioning-enabled', 'S3_BUCKET_VERSIONING_ENABLED', (b) => b.versioning !== undefined),
              rule('s3-bucket-server-side-encryption-enabled', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', (b) => b.encryption !== undefined),
              rule('s3-bucket-logging-enabled', 'S3_BUCKET_LOGGING_ENABLED', (b) => b.logging !== undefined),
            ],
          },
        ];
      }),
    ),
  };
  return {
    id,
    name: `bench-${index}`,
    credentials: { access_key_id: `AKIABENCH${String(index).padStart(11, '0')}`, secret_access_key: `benchSecret${hex(rand, 24)}` },
    root: { created: '-1500d', mfa: 'hardware' as const },
    password_policy: { minimum_length: 14, require_symbols: true, require_numbers: true, require_uppercase: true, require_lowercase: true, allow_users_to_change: true, max_age_days: 90, reuse_prevention: 24 },
    users: userList,
    groups,
    roles: roleList,
    policies,
    s3: { public_access_block: {}, buckets: bucketList },
    ...(recording.length > 0 ? { config } : {}),
    access_analyzer: { regions: Object.fromEntries(REGIONS.map((r) => [r, [{ name: `bench-${index}-external`, type: 'ACCOUNT' as const }]])) },
    cloudtrail: {
      regions: {
        'us-east-1': {
          trails: [{ name: `bench-${index}-trail`, multi_region: true, s3_bucket: `bench-${index}-bucket-0`, kms_key: `arn:aws:kms:us-east-1:${id}:key/00000000-0000-4000-8000-00000000000${index}`, latest_delivery: '-0h' }],
        },
      },
    },
  };
}

function githubOrg(index: number, counts: EstateCounts, rand: () => number) {
  const login = ORGS[index]!;
  const repos = split(counts.repositories, ORGS.length)[index]!;
  const chance = (p: number) => rand() < p;
  const members = Array.from({ length: counts.membersPerOrg }, (_, i) => ({
    login: `${login}-dev-${i}`,
    id: 1_000_000 * (index + 1) + i,
    role: i < 3 ? ('admin' as const) : ('member' as const),
    two_factor: chance(0.97),
  }));
  const outside = Array.from({ length: counts.outsidePerOrg }, (_, i) => ({ login: `${login}-contractor-${i}`, id: 5_000_000 * (index + 1) + i, two_factor: chance(0.9) }));
  const pickMember = () => members[Math.floor(rand() * members.length)]!.login;
  let sha = 0;
  const nextSha = () => (index * 100_000_000 + ++sha).toString(16).padStart(40, '0');
  const repositories = Array.from({ length: repos }, (_, i) => {
    const merged = Math.floor(rand() * 4); // 0–3 merged pull requests in the 30-day window (1.5 on average)
    const pulls = Array.from({ length: merged }, (_, p) => {
      const day = 1 + Math.floor(rand() * (LOOKBACK_DAYS - 2));
      const author = pickMember();
      const reviewer = pickMember();
      return {
        number: p + 1,
        title: `Change ${p + 1}`,
        author,
        created: `-${day + 1}d`,
        merged_at: `-${day}d`,
        merged_by: reviewer,
        reviews: chance(0.9) ? [{ user: reviewer, state: 'APPROVED' as const, submitted: `-${day}d` }] : [],
      };
    });
    // A merged pull request's commit carries the merge sha the fake reports for it, as on GitHub.
    const commits: { sha: string; author: string; message: string; date: string; pull?: number }[] = pulls.map((p) => ({
      sha: mergeSha(`${login}/repo-${i}`, p.number),
      author: p.merged_by,
      message: `Merge pull request #${p.number}`,
      date: p.merged_at,
      pull: p.number,
    }));
    // A direct push now and then: the change population's other half.
    if (chance(0.05)) commits.push({ sha: nextSha(), author: pickMember(), message: 'hotfix', date: `-${2 + Math.floor(rand() * 20)}d` });
    const collaborators = Array.from({ length: Math.floor(rand() * 3) }, () =>
      chance(0.3) ? { ...outside[Math.floor(rand() * outside.length)]!, role: 'write' as const } : { login: pickMember(), id: 0, role: 'admin' as const },
    )
      .map((c) => ({ login: c.login, id: c.id || 1_000_000 * (index + 1) + members.findIndex((m) => m.login === c.login), role: c.role }))
      .filter((c, j, all) => all.findIndex((x) => x.login === c.login) === j);
    const protectedBranch = chance(0.6);
    return {
      name: `repo-${i}`,
      id: 10_000_000 * (index + 1) + i,
      visibility: chance(0.05) ? ('public' as const) : ('private' as const),
      ...(protectedBranch ? { protection: { required_approving_review_count: 1, dismiss_stale_reviews: true, enforce_admins: chance(0.5) } } : {}),
      rulesets: !protectedBranch && chance(0.5) ? [{ id: 900_000 + i, name: 'main', rules: [{ type: 'pull_request' as const, parameters: { required_approving_review_count: 1 } }, { type: 'non_fast_forward' as const }] }] : [],
      secret_scanning: chance(0.7) ? ('enabled' as const) : ('disabled' as const),
      push_protection: chance(0.5) ? ('enabled' as const) : ('disabled' as const),
      dependabot_alerts: chance(0.8),
      code_scanning: chance(0.3),
      dependabot_alert_list: chance(0.2) ? [{ number: 1, severity: 'high' as const, created: '-40d' }] : [],
      deploy_keys: chance(0.1) ? [{ id: 700_000 + i, title: 'ci', read_only: chance(0.7), created: '-100d' }] : [],
      hooks: chance(0.2) ? [{ id: 800_000 + i, url: 'https://ci.bench.example/hook' }] : [],
      ...(chance(0.6) ? { codeowners: { errors: [] } } : {}),
      collaborators,
      pull_requests: pulls,
      commits,
    };
  });
  return {
    login,
    id: 90_000 + index,
    two_factor_requirement_enabled: true,
    default_repository_permission: 'read' as const,
    members,
    outside_collaborators: outside,
    repositories,
  };
}

/** The estate at `factor` × the default size, validated by the estate schema (defaults filled in). */
export function generateEstate(factor: number): Estate {
  const counts = countsFor(factor);
  const rand = seeded(0x5eed + Math.round(factor * 1_000_000));
  const raw = {
    version: 1,
    aws: { accounts: ACCOUNT_IDS.map((_, i) => awsAccount(i, counts, rand)) },
    github: {
      tokens: [{ name: 'bench-owner', token: GITHUB_TOKEN, role: 'owner' }],
      demo_token: 'bench-owner',
      organizations: ORGS.map((_, i) => githubOrg(i, counts, rand)),
    },
  };
  return EstateSchema.parse(raw);
}

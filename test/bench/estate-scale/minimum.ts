import type { Estate } from '../../../src/demo/estate/schema.js';

/**
 * The theoretical minimum number of API calls that reads everything today's checks need from the estate, per
 * service, partition (an AWS account; an account and Region for AWS Config, CloudTrail and IAM Access Analyzer,
 * which AWS meters per account and Region; a GitHub token) and operation — computed from the estate alone, never
 * from what the collectors did. Each entry uses the cheapest API that returns the data, at its largest page:
 *
 * AWS, per account (4 configured regions):
 * - sts:GetCallerIdentity ×1 (the credentials' account is proven once per account, not once per collector);
 * - IAM: GenerateCredentialReport ×2 (a daily run always finds the last report older than IAM's 4-hour
 *   lifetime, so the first call answers STARTED and only a second one can answer COMPLETE — GetCredentialReport
 *   before that fails ReportInProgress), GetCredentialReport + GetAccountSummary + GetAccountPasswordPolicy
 *   (1 each), GetAccountAuthorizationDetails ⌈(users+groups+roles+policies)/1000⌉, ListVirtualMFADevices
 *   ⌈devices/1000⌉ (min 1), ListServerCertificates ⌈certificates/1000⌉ (min 1: no other API lists them, and
 *   the expired-certificate check needs them);
 * - IAM, per run: GetPolicy + GetPolicyVersion once per distinct AWS-managed policy attached anywhere (by the
 *   first account that attaches it): GetAccountAuthorizationDetails names them by ARN only, and its
 *   AWSManagedPolicy filter would carry every version of every attached AWS-managed document in every
 *   account's pages (ReadOnlyAccess alone has over a hundred versions), which IAM then splits into more pages;
 * - S3: s3control:GetPublicAccessBlock 1, ListBuckets ⌈buckets/10000⌉ (it returns each bucket's region, so
 *   no GetBucketLocation); per bucket AWS Config does not record: the 8 setting reads (public access block,
 *   encryption, versioning, logging, policy, ACL, object lock, ownership) + GetBucketPolicyStatus when it has
 *   a policy; per bucket Config records: GetBucketPolicyStatus when it has a policy; per recording region
 *   config:SelectResourceConfig ⌈buckets there/100⌉;
 * - AWS Config, per region: DescribeConfigurationRecorders, …RecorderStatus, DescribeDeliveryChannels,
 *   …ChannelStatus, DescribeConformancePacks (1 each), DescribeConfigRules ⌈rules/25⌉ (min 1), and per rule
 *   GetComplianceDetailsByConfigRule ⌈evaluations/100⌉ (min 1); the rule-level summary is derived from those;
 * - CloudTrail: DescribeTrails per region (1), GetTrailStatus and GetEventSelectors once per trail (home region);
 * - IAM Access Analyzer: ListAnalyzers per region ⌈analyzers/100⌉ (min 1).
 * GitHub, per token (the rate limits are per token), per organisation:
 * - GET /orgs/{org}, /actions/permissions, /actions/permissions/workflow, /hooks, /security-managers (1 each),
 *   members role=admin ⌈admins/100⌉, role=member ⌈members/100⌉, filter=2fa_disabled and 2fa_insecure (1 each),
 *   outside collaborators ⌈n/100⌉ + filter=2fa_disabled 1, repositories ⌈repos/100⌉;
 * - the organisation-wide alert lists (Dependabot, code scanning, secret scanning) ⌈open alerts/100⌉ (min 1 each),
 *   counting the alerts of the repositories where that feature is on: the organisation's lists show no others;
 * - GraphQL: 2 queries per 100 repositories (settings, branch rules, deploy keys, direct collaborators,
 *   vulnerability-alert setting in one; merged pull requests with reviews and merger, and default-branch commits
 *   with their pull requests, in the other);
 * - per repository the two reads no bulk API offers: GET …/hooks and GET …/codeowners/errors;
 * - per repository that has deploy keys, GET …/keys: GraphQL's DeployKey has no numeric id (only a node id),
 *   and the numeric id is what the deploy-key check's approved_write_keys names and its reasons quote, so the
 *   GraphQL query can only say whether there are keys (deployKeys.totalCount);
 * - per repository with code scanning on and no open code-scanning alert, GET …/code-scanning/alerts: the
 *   organisation list holds alerts only, and "on" (Advanced Security) does not mean analysed, so only the
 *   repository's own list tells a clean repository from one never analysed (404 "no analysis found").
 */

export type Service = 'sts' | 'iam' | 's3' | 's3control' | 'config' | 'cloudtrail' | 'accessanalyzer' | 'github';
export const SERVICES: readonly Service[] = ['sts', 'iam', 's3', 's3control', 'config', 'cloudtrail', 'accessanalyzer', 'github'];

/** Minimum calls by service → partition → operation. */
export type MinimumCalls = Record<Service, Record<string, Record<string, number>>>;

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

/** Buckets AWS Config describes through advanced query: those in regions where it records with the query available. */
export function configRecordedRegions(account: NonNullable<Estate['aws']>['accounts'][number]): Set<string> {
  const regions = new Set<string>();
  for (const [region, r] of Object.entries(account.config?.regions ?? {})) {
    if (r.recorder !== undefined && r.recorder.recording && (r.recorder.all_supported || r.recorder.resource_types.includes('AWS::S3::Bucket')) && r.advanced_query.available) {
      regions.add(region);
    }
  }
  return regions;
}

type EstateAccount = NonNullable<Estate['aws']>['accounts'][number];

/** The AWS-managed policies an account attaches to a user, group or role, or uses as a permissions boundary. */
function awsManagedAttached(account: EstateAccount): Set<string> {
  const arns = new Set<string>();
  const isAwsManaged = (ref: string) => /^arn:[a-z-]+:iam::aws:policy\//.test(ref);
  for (const p of [...account.users, ...account.groups, ...account.roles]) for (const ref of p.managed_policies) if (isAwsManaged(ref)) arns.add(ref);
  for (const p of [...account.users, ...account.roles]) if (p.permissions_boundary !== undefined && isAwsManaged(p.permissions_boundary)) arns.add(p.permissions_boundary);
  return arns;
}

export function minimumCalls(estate: Estate, regions: readonly string[]): MinimumCalls {
  const out: MinimumCalls = { sts: {}, iam: {}, s3: {}, s3control: {}, config: {}, cloudtrail: {}, accessanalyzer: {}, github: {} };
  const add = (service: Service, partition: string, operation: string, n: number) => {
    const p = (out[service][partition] ??= {});
    p[operation] = (p[operation] ?? 0) + n;
  };
  const awsManagedSeen = new Set<string>();
  for (const a of estate.aws?.accounts ?? []) {
    const p = `aws:${a.id}`;
    add('sts', p, 'sts:GetCallerIdentity', 1);
    add('iam', p, 'iam:GenerateCredentialReport', 2);
    for (const op of ['GetCredentialReport', 'GetAccountSummary', 'GetAccountPasswordPolicy']) add('iam', p, `iam:${op}`, 1);
    add('iam', p, 'iam:ListServerCertificates', pages(a.server_certificates.length, 1000));
    for (const arn of awsManagedAttached(a)) {
      if (awsManagedSeen.has(arn)) continue;
      awsManagedSeen.add(arn);
      add('iam', p, 'iam:GetPolicy', 1);
      add('iam', p, 'iam:GetPolicyVersion', 1);
    }
    add('iam', p, 'iam:GetAccountAuthorizationDetails', pages(a.users.length + a.groups.length + a.roles.length + a.policies.length, 1000));
    const virtual = a.users.reduce((n, u) => n + u.mfa_devices.filter((d) => d.type === 'virtual').length, 0) + (a.root.mfa === 'virtual' ? 1 : 0);
    add('iam', p, 'iam:ListVirtualMFADevices', pages(virtual, 1000));

    const buckets = a.s3?.buckets ?? [];
    add('s3control', p, 's3control:GetPublicAccessBlock', 1);
    add('s3', p, 's3:ListBuckets', pages(buckets.length, 10_000));
    const recorded = configRecordedRegions(a);
    for (const b of buckets) {
      if (b.policy !== undefined) add('s3', p, 's3:GetBucketPolicyStatus', 1);
      if (recorded.has(b.region)) continue;
      for (const op of ['GetPublicAccessBlock', 'GetBucketEncryption', 'GetBucketVersioning', 'GetBucketLogging', 'GetBucketPolicy', 'GetBucketAcl', 'GetObjectLockConfiguration', 'GetBucketOwnershipControls']) {
        add('s3', p, `s3:${op}`, 1);
      }
    }
    for (const region of regions) {
      // Regional services: AWS meters them per account and Region, so each (account, Region) is a partition.
      const pr = `${p}:${region}`;
      if (recorded.has(region)) add('config', pr, 'config:SelectResourceConfig', pages(buckets.filter((b) => b.region === region).length, 100));
      const r = a.config?.regions[region];
      for (const op of ['DescribeConfigurationRecorders', 'DescribeConfigurationRecorderStatus', 'DescribeDeliveryChannels', 'DescribeDeliveryChannelStatus', 'DescribeConformancePacks']) add('config', pr, `config:${op}`, 1);
      add('config', pr, 'config:DescribeConfigRules', pages(r?.rules.length ?? 0, 25));
      for (const rule of r?.rules ?? []) add('config', pr, 'config:GetComplianceDetailsByConfigRule', pages(rule.evaluations.length, 100));
      add('cloudtrail', pr, 'cloudtrail:DescribeTrails', 1);
      add('accessanalyzer', pr, 'accessanalyzer:ListAnalyzers', pages(a.access_analyzer?.regions[region]?.length ?? 0, 100));
      for (const _trail of a.cloudtrail?.regions[region]?.trails ?? []) {
        add('cloudtrail', pr, 'cloudtrail:GetTrailStatus', 1);
        add('cloudtrail', pr, 'cloudtrail:GetEventSelectors', 1);
      }
    }
  }
  const gh = estate.github;
  const token = 'github:token';
  for (const org of gh?.organizations ?? []) {
    for (const route of ['GET /orgs/{org}', 'GET /orgs/{org}/actions/permissions', 'GET /orgs/{org}/actions/permissions/workflow', 'GET /orgs/{org}/hooks', 'GET /orgs/{org}/security-managers']) add('github', token, route, 1);
    const admins = org.members.filter((m) => m.role === 'admin').length;
    add('github', token, 'GET /orgs/{org}/members', pages(admins, 100) + pages(org.members.length - admins, 100) + 2);
    add('github', token, 'GET /orgs/{org}/outside_collaborators', pages(org.outside_collaborators.length, 100) + 1);
    add('github', token, 'GET /orgs/{org}/repos', pages(org.repositories.length, 100));
    // The estate may hold alerts of a repository whose feature is off (switched off after they were raised);
    // the organisation's list leaves that repository out, so its pages do not count them.
    const open = (kind: 'dependabot_alert_list' | 'code_scanning_alert_list' | 'secret_scanning_alert_list', on: (r: (typeof org.repositories)[number]) => boolean) =>
      org.repositories.filter(on).reduce((n, r) => n + r[kind].filter((x) => x.state === 'open').length, 0);
    add('github', token, 'GET /orgs/{org}/dependabot/alerts', pages(open('dependabot_alert_list', (r) => r.dependabot_alerts), 100));
    add('github', token, 'GET /orgs/{org}/code-scanning/alerts', pages(open('code_scanning_alert_list', (r) => r.code_scanning), 100));
    add('github', token, 'GET /orgs/{org}/secret-scanning/alerts', pages(open('secret_scanning_alert_list', (r) => r.secret_scanning === 'enabled'), 100));
    // Code scanning on with no open alert: clean or never analysed, which only the repository's own list tells.
    const unsure = org.repositories.filter((r) => r.code_scanning && !r.code_scanning_alert_list.some((a) => a.state === 'open')).length;
    if (unsure > 0) add('github', token, 'GET /repos/{owner}/{repo}/code-scanning/alerts', unsure);
    add('github', token, 'POST /graphql', 2 * pages(org.repositories.length, 100));
    add('github', token, 'GET /repos/{owner}/{repo}/hooks', org.repositories.length);
    add('github', token, 'GET /repos/{owner}/{repo}/codeowners/errors', org.repositories.length);
    const withKeys = org.repositories.filter((r) => r.deploy_keys.length > 0).length;
    if (withKeys > 0) add('github', token, 'GET /repos/{owner}/{repo}/keys', withKeys);
  }
  return out;
}

export function total(calls: Record<string, Record<string, number>>): number {
  return Object.values(calls).reduce((n, ops) => n + Object.values(ops).reduce((m, c) => m + c, 0), 0);
}

export interface BoundSettings {
  /** Per-call latency, milliseconds. */
  readonly latencyMs: number;
  /** Requests in flight per partition and service. */
  readonly concurrency: number;
  /** Sustained rate per operation and partition (AWS token buckets), by `<service>:<Operation>` or service. */
  readonly ratePerSecond: (operation: string) => { rate: number; burst: number } | undefined;
  /** GitHub's primary budget per window and the window's length in milliseconds. */
  readonly githubPerWindow: number;
  readonly githubWindowMs: number;
}

/**
 * The concurrency-bound wall time of reading the minimum: every partition of every service runs at once (they
 * are independent), each as fast as its slowest constraint allows —
 *   max( calls × latency ÷ concurrency,  max over operations (calls − burst) ÷ rate,  GitHub: ⌊(calls − 1) ÷ budget⌋ × window ).
 * The bound of the whole collection is the largest of these over services and partitions.
 */
export function boundMs(minimum: MinimumCalls, s: BoundSettings): { total: number; byService: Record<Service, number> } {
  const byService = {} as Record<Service, number>;
  for (const service of SERVICES) {
    let worst = 0;
    for (const ops of Object.values(minimum[service])) {
      const calls = Object.values(ops).reduce((a, b) => a + b, 0);
      let t = (calls * s.latencyMs) / s.concurrency;
      for (const [op, n] of Object.entries(ops)) {
        const limit = s.ratePerSecond(op);
        if (limit !== undefined) t = Math.max(t, (Math.max(0, n - limit.burst) / limit.rate) * 1000);
      }
      if (service === 'github') t = Math.max(t, Math.floor((calls - 1) / s.githubPerWindow) * s.githubWindowMs);
      worst = Math.max(worst, t);
    }
    byService[service] = worst;
  }
  return { total: Math.max(...Object.values(byService)), byService };
}

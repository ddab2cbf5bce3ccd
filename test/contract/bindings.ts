import type { AppConfig } from '../../src/config/schema.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import { startFakeAws, type FakeAws, type FakeRequestRecord } from '../../src/demo/fakes/server.js';
import type { FakeService } from '../../src/demo/fakes/faults.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { ROUTES } from '../../src/demo/fakes/github/rest.js';
import { contractConfig } from './harness.js';

/**
 * How the contract suite drives each collector's protocol fake: which fake, which slice of the demo config,
 * and how "deny / throttle once / malform this operation" is spelt in that fake's fault rules. One binding
 * per registered collector id; a collector without one fails bindings.test.ts.
 */

/** The demo estate's clock: relative estate dates resolve against it, and checks evaluate at it. */
export const NOW = new Date('2026-03-15T12:00:00.000Z');

/** One place a fault can be injected: what the fake matches on, named for test titles. */
export interface FaultTarget {
  /** `iam:GetAccountSummary`, `s3control:GetPublicAccessBlock`, `GET /orgs/{org}/hooks`. */
  readonly label: string;
}

export interface ContractFake {
  /** The demo config reduced to this collector's one scope, pointing at this fake. */
  readonly config: AppConfig;
  /** Runs `collect` and returns what it returned plus a mark of the fake requests it made. */
  observe<T>(collect: () => Promise<T>): Promise<{ value: T; requests: readonly unknown[] }>;
  /** The fault targets that served `operation` (a CallStats key) among a baseline's requests; empty → a harness bug. */
  targets(operation: string, baselineRequests: readonly unknown[]): FaultTarget[];
  deny(target: FaultTarget): void;
  /** The operation's throttling answer (Throttling, ThrottlingException, SlowDown, a secondary rate limit) once. */
  throttleOnce(target: FaultTarget): void;
  /** 200 with a body cut off or not in the operation's format, on every request. */
  malform(target: FaultTarget): void;
  /** Text that the reason of anything a denial of `target` made unknown carries. */
  deniedMarker(target: FaultTarget): string;
  /** Text of the service's own denial message that must never reach evidence (it names the caller), if any. */
  readonly rawDenialText?: string;
  clear(): void;
  close(): Promise<void>;
}

/** A check allowed to pass after reading an attribute that one of `operations` left Unknown. */
export interface PassDespiteUnknown {
  readonly operations: readonly string[];
  readonly why: string;
  /**
   * The operations are independent sources of the same fact, so the check passes on whichever answered.
   * The suite then adds a case denying all of them at once: with no source left, it must not pass.
   */
  readonly redundantSources?: boolean;
}

export interface ContractBinding {
  /** Which shard runs it (one test file per provider, so the two CI cores share the suite). */
  readonly provider: 'aws' | 'github';
  start(estate: Estate): Promise<ContractFake>;
  /**
   * Operations the collector declares but does not make when it collects the demo estate's reduced scope,
   * each with the reason; the suite fails on a declared operation neither made nor listed here.
   */
  readonly notMadeInDemo: Readonly<Record<string, string>>;
  /**
   * Operations whose failure the collector makes up for by another route (same evidence, no Unknown):
   * for them a denial or malformed answer must leave every result exactly as in the baseline.
   */
  readonly fallbacks: Readonly<Record<string, string>>;
  /**
   * Operations whose failure no result can report: no check reads their data yet (it is kept as evidence),
   * or every check that does has a second source. Their failure must still show as Unknown attributes or
   * gaps naming it and a `partial` collection.
   */
  readonly withoutErrorResults: Readonly<Record<string, string>>;
  /** By check id: passes that read an Unknown left by the named operations and are right to pass anyway. */
  readonly passesDespiteUnknown: Readonly<Record<string, PassDespiteUnknown>>;
  /**
   * Contract violations found and not yet fixed, by operation: their cases run as expected failures
   * (`it.fails`), so the suite stays green until the fix lands — and then fails until the entry goes.
   */
  readonly knownBugs: Readonly<Record<string, KnownBug>>;
}

export interface KnownBug {
  readonly faults: readonly ('denied' | 'malformed')[];
  readonly bug: string;
}

interface BindingLists {
  readonly notMadeInDemo?: Record<string, string>;
  readonly fallbacks?: Record<string, string>;
  readonly withoutErrorResults?: Record<string, string>;
  readonly passesDespiteUnknown?: Record<string, PassDespiteUnknown>;
  readonly knownBugs?: Record<string, KnownBug>;
}

const lists = (l: BindingLists) => ({
  notMadeInDemo: l.notMadeInDemo ?? {},
  fallbacks: l.fallbacks ?? {},
  withoutErrorResults: l.withoutErrorResults ?? {},
  passesDespiteUnknown: l.passesDespiteUnknown ?? {},
  knownBugs: l.knownBugs ?? {},
});

/** The account and region every AWS collector is reduced to: prod has every deliberate misconfiguration. */
const AWS_SCOPE = { accountId: '111111111111', region: 'eu-west-1' };

interface AwsTarget extends FaultTarget {
  readonly service: FakeService;
  readonly operation: string;
}

class AwsContractFake implements ContractFake {
  // AWS's message is "User: arn:aws:iam::…:user/… is not authorized to perform: …": only the code may be kept.
  readonly rawDenialText = 'is not authorized to perform';

  constructor(
    private readonly fake: FakeAws,
    readonly config: AppConfig,
  ) {}

  async observe<T>(collect: () => Promise<T>) {
    const from = this.fake.requests.length;
    const value = await collect();
    return { value, requests: this.fake.requests.slice(from) };
  }

  targets(operation: string, baselineRequests: readonly unknown[]): AwsTarget[] {
    const [service, action] = operation.split(':') as [FakeService, string];
    // CallStats names a call `<service>:<Action>` with the fake's own service names (s3control apart from s3).
    const served = (baselineRequests as FakeRequestRecord[]).some((r) => r.action === action && r.service === service);
    return served ? [{ service, operation: action, label: operation }] : [];
  }

  deny(t: FaultTarget) {
    const { service, operation } = t as AwsTarget;
    this.fake.faults.inject({ service, operation, kind: 'AccessDenied' });
  }

  throttleOnce(t: FaultTarget) {
    const { service, operation } = t as AwsTarget;
    this.fake.faults.inject({ service, operation, kind: 'Throttling', times: 1 });
  }

  malform(t: FaultTarget) {
    const { service, operation } = t as AwsTarget;
    this.fake.faults.inject({ service, operation, kind: 'Malformed' });
  }

  deniedMarker(t: FaultTarget): string {
    // aws-call.ts classifies every denial as `<prefix>:<Operation> denied: <code>`.
    return `${(t as AwsTarget).operation} denied`;
  }

  clear() {
    this.fake.faults.clear();
  }

  close() {
    return this.fake.close();
  }
}

function awsBinding(l: BindingLists = {}): ContractBinding {
  return {
    provider: 'aws',
    ...lists(l),
    async start(estate) {
      const fake = await startFakeAws({ estate, now: NOW });
      return new AwsContractFake(fake, contractConfig(estate, { aws: fake.endpoints }, { aws: AWS_SCOPE }));
    },
  };
}

interface GithubTarget extends FaultTarget {
  readonly route: string;
}

/** GitHub's answer to a token that lacks a permission (the fake's `forbidden` fault). */
const GITHUB_FORBIDDEN = 'Resource not accessible by personal access token';

class GithubContractFake implements ContractFake {
  constructor(
    private readonly fake: FakeGithub,
    readonly config: AppConfig,
  ) {}

  async observe<T>(collect: () => Promise<T>) {
    const from = this.fake.requests.length;
    const value = await collect();
    return { value, requests: this.fake.requests.slice(from) };
  }

  targets(operation: string, baselineRequests: readonly unknown[]): GithubTarget[] {
    // CallStats names a call by its route template, as the fake's fault rules do.
    const served = (baselineRequests as FakeGithub['requests']).some((r) => r.route === operation);
    return served ? [{ route: operation, label: operation }] : [];
  }

  deny(t: FaultTarget) {
    this.fake.faults.inject({ route: (t as GithubTarget).route, kind: 'forbidden' });
  }

  throttleOnce(t: FaultTarget) {
    // retry-after 1 s; the collector under test runs on a millisecond time scale (harness.ts).
    this.fake.faults.inject({ route: (t as GithubTarget).route, kind: 'secondary_limit', times: 1, retryAfterSeconds: 1 });
  }

  malform(t: FaultTarget) {
    this.fake.faults.inject({ route: (t as GithubTarget).route, kind: 'malformed' });
  }

  deniedMarker(): string {
    return GITHUB_FORBIDDEN;
  }

  clear() {
    this.fake.faults.clear();
  }

  close() {
    return this.fake.close();
  }
}

/** Every route the GitHub fake serves (it serves exactly what the collector calls, checked against GitHub's OpenAPI). */
export const GITHUB_ROUTES: readonly string[] = [...ROUTES.map((r) => `${r.method} ${r.template}`), 'POST /graphql'];

const githubBinding: ContractBinding = {
  provider: 'github',
  ...lists({
    notMadeInDemo: {
      'GET /orgs/{org}/actions/permissions/selected-actions': "read only when the organisation allows 'selected' actions; the demo allows all",
      'GET /repos/{owner}/{repo}/branches/{branch}/protection': 'the REST fallback for branch rules, taken only when the GraphQL query fails (the POST /graphql cases take it)',
      'GET /repos/{owner}/{repo}/rules/branches/{branch}': 'the REST fallback for branch rules, taken only when the GraphQL query fails (the POST /graphql cases take it)',
      'GET /repos/{owner}/{repo}/rulesets/{ruleset_id}': 'bypass actors of a ruleset, read in the REST fallback only',
      'GET /repos/{owner}/{repo}/vulnerability-alerts': 'the REST fallback of the repository query (hasVulnerabilityAlertsEnabled), taken only when it fails (the POST /graphql cases take it)',
      'GET /repos/{owner}/{repo}/collaborators': 'the REST fallback of the repository query (collaborators), taken when it fails (the POST /graphql cases take it) or a repository has more than 100',
      'GET /repos/{owner}/{repo}/pulls': 'the REST fallback of the batched GraphQL change query, taken only when it fails (the POST /graphql cases take it)',
      'GET /repos/{owner}/{repo}/pulls/{pull_number}': 'the REST fallback of the batched GraphQL change query (mergedBy), taken only when it fails',
      'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': 'the REST fallback of the batched GraphQL change query, and for a pull request with more than 10 approvals',
      'GET /repos/{owner}/{repo}/commits': 'the REST fallback of the batched GraphQL change query (default-branch history), taken only when it fails',
      'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls': 'the REST fallback of the batched GraphQL change query (associatedPullRequests), and for a commit with more than 10 pull requests',
      'GET /repos/{owner}/{repo}/dependabot/alerts': "the per-repository fallback of the organisation's Dependabot alert list (test/collectors/github/org-alerts.test.ts denies it there)",
      'GET /repos/{owner}/{repo}/secret-scanning/alerts': "the per-repository fallback of the organisation's secret-scanning alert list (the GET /orgs/{org}/secret-scanning/alerts cases take it)",
    },
    fallbacks: {
      'POST /graphql': 'branch rules, the vulnerability-alert setting, deploy keys, direct collaborators, merged pull requests and direct pushes fall back to their REST endpoints per repository (the owner token is admin everywhere)',
      'GET /orgs/{org}/dependabot/alerts': "each repository's own Dependabot alert list is read instead",
      'GET /orgs/{org}/code-scanning/alerts': "each repository's own code-scanning alert list is read instead",
      'GET /orgs/{org}/secret-scanning/alerts': "each repository's own secret-scanning alert list is read instead",
    },
    withoutErrorResults: {
      'GET /orgs/{org}/security-managers': 'securityManagers is recorded on the organisation observation; no check reads it yet',
    },
  }),
  async start(estate) {
    const fake = await startFakeGitHub({ estate, now: NOW });
    return new GithubContractFake(fake, contractConfig(estate, { githubUrl: fake.url }, { github: true }));
  },
};

const CREDENTIAL_REPORT = ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'];

export const BINDINGS: Readonly<Record<string, ContractBinding>> = {
  'aws-iam': awsBinding({
    withoutErrorResults: {
      'iam:GetAccountSummary': 'the root checks that read it also read the credential report (see passesDespiteUnknown)',
    },
    passesDespiteUnknown: {
      'iam.root_mfa_enabled': {
        operations: ['iam:GetAccountSummary', ...CREDENTIAL_REPORT],
        why: "the root user's MFA is in both the account summary and the credential report; either settles it",
        redundantSources: true,
      },
      'iam.root_hardware_mfa_enabled': {
        operations: ['iam:GetAccountSummary', ...CREDENTIAL_REPORT],
        why: "the root user's MFA is in both the account summary and the credential report; either settles it",
        redundantSources: true,
      },
      'iam.root_no_access_keys': {
        operations: ['iam:GetAccountSummary', ...CREDENTIAL_REPORT],
        why: "the root user's access keys are in both the account summary and the credential report; either settles it",
        redundantSources: true,
      },
    },
  }),
  'aws-s3': awsBinding({
    passesDespiteUnknown: {
      's3.bucket_not_public': {
        operations: ['s3:GetBucketPolicyStatus'],
        why: "S3's policy status and controlwatch's analysis of the policy document both judge the policy; without the status the analysis decides and the reason says so (checks/lib/s3.ts). Both unknown is an error (test/checks/aws-s3/public-access.test.ts)",
      },
    },
    withoutErrorResults: {
      's3:GetBucketPolicyStatus':
        "s3.bucket_not_public falls back to the policy analysis (an error only for a wildcard pinned by aws:SourceIp alone, which the demo has not); the Unknown status stays on the observation",
    },
    fallbacks: {
      'config:DescribeConfigurationRecorders': 'without a readable Config recorder every bucket is read with the S3 APIs instead',
      'config:DescribeConfigurationRecorderStatus': 'without a readable Config recorder status every bucket is read with the S3 APIs instead',
      'config:SelectResourceConfig': 'without the advanced query every bucket is read with the S3 APIs instead',
    },
    notMadeInDemo: {
      's3:GetBucketLocation': "asked only when ListBuckets leaves a bucket's BucketRegion out (S3 before October 2024); the demo's S3 gives it (test/collectors/aws-s3/collector.test.ts covers the fallback)",
    },
  }),
  'aws-config': awsBinding({
    passesDespiteUnknown: {
      'config.delivery_channel_healthy': {
        operations: ['config:DescribeConfigurationRecorders'],
        why: 'it consults the recorders only to word the failure of a region without a delivery channel (a fail either way)',
      },
    },
  }),
  'aws-cloudtrail': awsBinding(),
  'aws-accessanalyzer': awsBinding(),
  github: githubBinding,
};

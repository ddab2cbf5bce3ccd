import { IAMClient, type VirtualMFADevice } from '@aws-sdk/client-iam';
import type { AppConfig } from '../../src/config/schema.js';
import { defineCollector, type CollectContext, type CollectionOutput, type CollectTarget } from '../../src/model/collector.js';
import { attachCallStats, awsClientConfig, type AwsClientConfig } from '../../src/sdk/aws.js';
import { verifyAccount } from '../../src/sdk/aws-account-guard.js';
import { getAccountSummary } from './account-summary.js';
import { getAuthorizationDetails, type AuthorizationDetails } from './authorization-details.js';
import { attempt, CallFailedError, CredentialsRejectedError, type Outcome } from '../../src/sdk/aws-call.js';
import { awaitCredentialReport, DEFAULT_POLL, requestCredentialReport, type CredentialReportRow } from './credential-report.js';
import { normalizeIam } from './normalize.js';
import { IAM_OBSERVATION_TYPES } from './observations.js';
import { getPasswordPolicy } from './password-policy.js';
import { listVirtualMfaDevices } from './virtual-mfa.js';

/**
 * The AWS IAM collector: one target per configured account. Each API concern is isolated — one failed
 * call makes exactly the attributes it fills Unknown — but rejected credentials, or data from another
 * account, fail the whole scope, because nothing from it could be trusted.
 */

export interface AwsIamTarget extends CollectTarget {
  readonly accountId: string;
  /** IAM is global; the client uses the account's first configured region. */
  readonly region: string;
  /** A function, so credentials never show when a target is logged or serialized. */
  readonly clientConfig: () => AwsClientConfig;
}

function arnsSeen(report: Outcome<CredentialReportRow[]>, details: Outcome<AuthorizationDetails>, mfa: Outcome<VirtualMFADevice[]>): string[] {
  const arns: (string | undefined)[] = [];
  if (report.ok) arns.push(...report.value.map((r) => r.arn));
  if (details.ok) {
    const d = details.value;
    arns.push(...d.users.map((x) => x.Arn), ...d.groups.map((x) => x.Arn), ...d.roles.map((x) => x.Arn), ...d.policies.map((x) => x.Arn));
  }
  if (mfa.ok) arns.push(...mfa.value.flatMap((m) => [m.SerialNumber, m.User?.Arn]));
  return arns.filter((a): a is string => a !== undefined);
}

async function collectAccount(target: AwsIamTarget, ctx: CollectContext): Promise<CollectionOutput> {
  const client = new IAMClient(target.clientConfig());
  attachCallStats(client, ctx.stats, 'iam');
  const log = ctx.log.child({ collector: 'aws-iam', scope: target.scope });
  const onFailure = (failure: CallFailedError) =>
    log.warn({ operation: failure.operation, code: failure.code, status: failure.status }, `${failure.reason}; the attributes it supplies are Unknown`);
  try {
    // Ask for the credential report first: IAM builds it while the other calls run.
    const reportRequested = await attempt(() => requestCredentialReport(client), onFailure);
    const summary = await attempt(() => getAccountSummary(client), onFailure);
    const passwordPolicy = await attempt(() => getPasswordPolicy(client), onFailure);
    const details = await attempt(() => getAuthorizationDetails(client), onFailure);
    const virtualMfa = await attempt(() => listVirtualMfaDevices(client), onFailure);
    const report: Outcome<CredentialReportRow[]> = reportRequested.ok
      ? await attempt(() => awaitCredentialReport(client, reportRequested.value, { sleep: ctx.sleep, ...DEFAULT_POLL }), onFailure)
      : reportRequested;

    const outcomes = [report, summary, passwordPolicy, details, virtualMfa];
    if (outcomes.every((o) => !o.ok)) {
      const reasons = [...new Set(outcomes.map((o) => (o.ok ? '' : o.reason)))];
      throw new Error(`aws-iam: every IAM call failed for account ${target.accountId}: ${reasons.join('; ')}`);
    }
    verifyAccount(target.accountId, arnsSeen(report, details, virtualMfa));
    return normalizeIam({ accountId: target.accountId, scope: target.scope, report, summary, passwordPolicy, details, virtualMfa });
  } catch (error) {
    if (error instanceof CredentialsRejectedError) {
      // Only the operation and error code: never the key, the secret, or the signed request.
      throw new Error(`aws-iam: AWS rejected the credentials for account ${target.accountId} (${error.operation}: ${error.detail})`);
    }
    throw error;
  } finally {
    client.destroy();
  }
}

export const awsIamCollector = defineCollector<AwsIamTarget>({
  id: 'aws-iam',
  title: 'AWS IAM: root user, password policy, users, roles and policies',
  produces: IAM_OBSERVATION_TYPES,
  permissions: [
    'iam:GenerateCredentialReport',
    'iam:GetAccountAuthorizationDetails',
    'iam:GetAccountPasswordPolicy',
    'iam:GetAccountSummary',
    'iam:GetCredentialReport',
    'iam:ListVirtualMFADevices',
  ],
  targets(config: AppConfig): AwsIamTarget[] {
    const aws = config.aws;
    if (aws === undefined) return [];
    return aws.accounts.map((account) => {
      const region = account.regions[0] ?? 'us-east-1';
      return {
        scope: `aws:${account.id}`,
        accountId: account.id,
        region,
        clientConfig: () => awsClientConfig({ aws, account, region, service: 'iam' }),
      };
    });
  },
  collect: collectAccount,
});

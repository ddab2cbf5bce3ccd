import { IAMClient, type ServerCertificateMetadata, type VirtualMFADevice } from '@aws-sdk/client-iam';
import { RunCache } from '../../src/model/run-cache.js';
import { rejectForeignArns } from '../../src/sdk/aws-account-guard.js';
import type { AwsImplementation, AwsScope } from '../../src/sdk/aws-collector.js';
import type { CollectionOutput } from '../../src/model/collector.js';
import type { Traced } from '../../src/sdk/aws-call.js';
import { getAccountSummary } from './account-summary.js';
import { getAuthorizationDetails, type AuthorizationDetails } from './authorization-details.js';
import { awaitCredentialReport, DEFAULT_POLL, requestCredentialReport, type CredentialReportRow } from './credential-report.js';
import { awsManagedDocument, type AwsManagedDocument } from './aws-managed-policies.js';
import { awsManagedArns } from './effective-access.js';
import { normalizeIam } from './normalize.js';
import type { ApprovedAdministratorsValue } from './observations.js';
import { listServerCertificates } from './server-certificates.js';
import { getPasswordPolicy } from './password-policy.js';
import { listVirtualMfaDevices } from './virtual-mfa.js';

const SERVICES = { iam: IAMClient };
type IamScope = AwsScope<typeof SERVICES, ApprovedAdministratorsValue>;

/** Every ARN the answers name: an extra, free consistency check that IAM's endpoint answered for this account. */
function arnsSeen(
  report: Traced<CredentialReportRow[]>,
  details: Traced<AuthorizationDetails>,
  mfa: Traced<VirtualMFADevice[]>,
  certificates: Traced<ServerCertificateMetadata[]>,
): (string | undefined)[] {
  const arns: (string | undefined)[] = [];
  if (report.ok) arns.push(...report.value.map((r) => r.arn));
  if (details.ok) {
    const d = details.value;
    arns.push(...d.users.map((x) => x.Arn), ...d.groups.map((x) => x.Arn), ...d.roles.map((x) => x.Arn), ...d.policies.map((x) => x.Arn));
  }
  if (mfa.ok) arns.push(...mfa.value.flatMap((m) => [m.SerialNumber, m.User?.Arn]));
  if (certificates.ok) arns.push(...certificates.value.map((c) => c.Arn));
  return arns;
}

async function collectAccount(scope: IamScope): Promise<CollectionOutput> {
  const iam = scope.clients.get('iam');
  // Ask for the credential report first: IAM builds it while the other calls run.
  const reportRequested = await scope.attempt(() => requestCredentialReport(iam));
  const summary = await scope.attempt(() => getAccountSummary(iam));
  const passwordPolicy = await scope.attempt(() => getPasswordPolicy(iam));
  const details = await scope.attempt(() => getAuthorizationDetails(iam));
  const virtualMfa = await scope.attempt(() => listVirtualMfaDevices(iam));
  const serverCertificates = await scope.attempt(() => listServerCertificates(iam));
  // AWS-managed documents: read once per run (whichever account asks first), one concern per policy.
  const cache = scope.ctx.runCache ?? new RunCache();
  const awsManaged = new Map<string, Traced<AwsManagedDocument>>();
  for (const arn of details.ok ? awsManagedArns(details.value) : []) {
    awsManaged.set(arn, await scope.attempt(() => awsManagedDocument(iam, arn, cache, scope.attribute)));
  }
  const fetched: Traced<CredentialReportRow[]> = reportRequested.ok
    ? await scope.attempt(() => awaitCredentialReport(iam, reportRequested.value, { sleep: scope.ctx.sleep, ...DEFAULT_POLL }))
    : { ok: false, reason: reportRequested.reason, operations: [] };
  // The report rests on both its calls: the request (and polls) and the fetch.
  const report: Traced<CredentialReportRow[]> = { ...fetched, operations: [...reportRequested.operations, ...fetched.operations] };

  const outcomes = [report, summary, passwordPolicy, details, virtualMfa, serverCertificates];
  if (outcomes.every((o) => !o.ok)) {
    const reasons = [...new Set(outcomes.map((o) => (o.ok ? '' : o.reason)))];
    throw new Error(`aws-iam: every IAM call failed for account ${scope.accountId}: ${reasons.join('; ')}`);
  }
  rejectForeignArns(scope.accountId, arnsSeen(report, details, virtualMfa, serverCertificates));
  return normalizeIam({
    accountId: scope.accountId,
    scope: scope.scope,
    proof: scope.proof,
    report,
    summary,
    passwordPolicy,
    details,
    virtualMfa,
    awsManaged,
    serverCertificates,
    approved: scope.settings,
  });
}

/** What the collector does with the SDK, loaded when it first collects (collector.ts declares it). */
export const IMPLEMENTATION: AwsImplementation<typeof SERVICES, ApprovedAdministratorsValue> = { clients: SERVICES, collect: collectAccount };

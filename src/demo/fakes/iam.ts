import { resolveDate } from '../estate/dates.js';
import type { EstateAwsAccount } from '../estate/schema.js';
import { awsTimestamp, queryError, queryList, querySuccess, xmlList, xmlMap, type FakeReply, type XmlObject } from './aws-query.js';
import { attachmentsOf, authorizationDetailsPage, boundaryUsesOf } from './iam-authorization-details.js';
import { awsManagedPolicy } from './iam-aws-managed.js';
import { credentialReportCsv } from './iam-credential-report.js';
import { encodePolicyDocument, IAM_NAMESPACE, policyArn, rootArn, uniqueId, userArn, virtualMfaDevices } from './iam-model.js';
import { paginate, PaginationError } from './pagination.js';

/**
 * The IAM operations the collector calls, answered from an estate account in IAM's Query-protocol
 * shapes. Any other action answers `InvalidAction`, as IAM does.
 */

export interface IamFakeOptions {
  readonly now: () => Date;
  /** Server-side cap on page size, so tests can force many pages. */
  readonly pageSize?: number;
}

/** IAM keeps a generated credential report for four hours; after that it must be generated again. */
const REPORT_LIFETIME_MS = 4 * 3_600_000;

type ReportState = { phase: 'generating' } | { phase: 'complete'; generatedAt: Date };

type Handler = (account: EstateAwsAccount, params: URLSearchParams) => FakeReply;

const FILTER_VALUES = new Set(['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']);

export class IamFake {
  /** Credential-report progress per account id. */
  private readonly reports = new Map<string, ReportState>();
  private readonly handlers: Record<string, Handler> = {
    GenerateCredentialReport: (a) => this.generateCredentialReport(a),
    GetCredentialReport: (a) => this.getCredentialReport(a),
    GetAccountSummary: (a) => this.getAccountSummary(a),
    GetAccountPasswordPolicy: (a) => this.getAccountPasswordPolicy(a),
    GetAccountAuthorizationDetails: (a, p) => this.getAccountAuthorizationDetails(a, p),
    ListVirtualMFADevices: (a, p) => this.listVirtualMfaDevices(a, p),
    GetPolicy: (a, p) => this.getPolicy(a, p),
    GetPolicyVersion: (a, p) => this.getPolicyVersion(a, p),
    ListServerCertificates: (a, p) => this.listServerCertificates(a, p),
  };

  constructor(private readonly options: IamFakeOptions) {}

  handle(action: string, account: EstateAwsAccount, params: URLSearchParams): FakeReply {
    const handler = Object.hasOwn(this.handlers, action) ? this.handlers[action] : undefined;
    if (handler === undefined) {
      return queryError(IAM_NAMESPACE, { status: 400, code: 'InvalidAction', message: `Could not find operation ${action} for version 2010-05-08` });
    }
    try {
      return handler(account, params);
    } catch (error) {
      if (error instanceof PaginationError) return queryError(IAM_NAMESPACE, error.spec);
      throw error;
    }
  }

  /** First call starts generation (STARTED); the next call finds it done (COMPLETE), as a fast real report would. */
  private generateCredentialReport(account: EstateAwsAccount): FakeReply {
    const now = this.options.now();
    const state = this.reports.get(account.id);
    if (state === undefined || (state.phase === 'complete' && now.getTime() - state.generatedAt.getTime() >= REPORT_LIFETIME_MS)) {
      this.reports.set(account.id, { phase: 'generating' });
      return querySuccess(IAM_NAMESPACE, 'GenerateCredentialReport', { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' });
    }
    if (state.phase === 'generating') this.reports.set(account.id, { phase: 'complete', generatedAt: now });
    return querySuccess(IAM_NAMESPACE, 'GenerateCredentialReport', { State: 'COMPLETE' });
  }

  private getCredentialReport(account: EstateAwsAccount): FakeReply {
    const state = this.reports.get(account.id);
    if (state === undefined) {
      return queryError(IAM_NAMESPACE, { status: 410, code: 'ReportNotPresent', message: 'Credential report not present. Call GenerateCredentialReport first.' });
    }
    if (state.phase === 'generating') {
      return queryError(IAM_NAMESPACE, { status: 404, code: 'ReportInProgress', message: 'Credential report generation is in progress.' });
    }
    if (this.options.now().getTime() - state.generatedAt.getTime() >= REPORT_LIFETIME_MS) {
      return queryError(IAM_NAMESPACE, { status: 410, code: 'ReportExpired', message: 'Credential report has expired. Call GenerateCredentialReport again.' });
    }
    const csv = credentialReportCsv(account, state.generatedAt);
    return querySuccess(IAM_NAMESPACE, 'GetCredentialReport', {
      Content: Buffer.from(csv, 'utf8').toString('base64'),
      ReportFormat: 'text/csv',
      GeneratedTime: awsTimestamp(state.generatedAt),
    });
  }

  private getAccountSummary(account: EstateAwsAccount): FakeReply {
    const users = account.users;
    const principals = [...users, ...account.groups, ...account.roles];
    const mfaDevices = (account.root.mfa !== 'none' ? 1 : 0) + users.reduce((n, u) => n + u.mfa_devices.length, 0);
    const summary: Record<string, number> = {
      Users: users.length,
      UsersQuota: 5000,
      Groups: account.groups.length,
      GroupsQuota: 300,
      Roles: account.roles.length,
      RolesQuota: 1000,
      Policies: account.policies.length,
      PoliciesQuota: 1500,
      PolicyVersionsInUse: principals.reduce((n, p) => n + p.managed_policies.length, 0),
      PolicyVersionsInUseQuota: 10000,
      VersionsPerPolicyQuota: 5,
      PolicySizeQuota: 6144,
      UserPolicySizeQuota: 2048,
      GroupPolicySizeQuota: 5120,
      AssumeRolePolicySizeQuota: 2048,
      AttachedPoliciesPerUserQuota: 10,
      AttachedPoliciesPerGroupQuota: 10,
      AttachedPoliciesPerRoleQuota: 10,
      GroupsPerUserQuota: 10,
      AccessKeysPerUserQuota: 2,
      SigningCertificatesPerUserQuota: 2,
      ServerCertificates: account.server_certificates.length,
      ServerCertificatesQuota: 20,
      InstanceProfiles: 0,
      InstanceProfilesQuota: 1000,
      Providers: 0,
      GlobalEndpointTokenVersion: 1,
      MFADevices: mfaDevices,
      MFADevicesInUse: mfaDevices,
      AccountMFAEnabled: account.root.mfa !== 'none' ? 1 : 0,
      AccountAccessKeysPresent: account.root.access_keys.length > 0 ? 1 : 0,
      AccountSigningCertificatesPresent: 0,
    };
    return querySuccess(IAM_NAMESPACE, 'GetAccountSummary', { SummaryMap: xmlMap(summary) });
  }

  private getAccountPasswordPolicy(account: EstateAwsAccount): FakeReply {
    const p = account.password_policy;
    if (p === undefined) {
      return queryError(IAM_NAMESPACE, { status: 404, code: 'NoSuchEntity', message: `The Password Policy with domain name ${account.id} cannot be found.` });
    }
    const policy: XmlObject = {
      MinimumPasswordLength: p.minimum_length,
      RequireSymbols: p.require_symbols,
      RequireNumbers: p.require_numbers,
      RequireUppercaseCharacters: p.require_uppercase,
      RequireLowercaseCharacters: p.require_lowercase,
      AllowUsersToChangePassword: p.allow_users_to_change,
      ExpirePasswords: p.max_age_days !== undefined,
      // IAM omits the optional settings that are not set.
      ...(p.max_age_days !== undefined ? { MaxPasswordAge: p.max_age_days } : {}),
      ...(p.reuse_prevention > 0 ? { PasswordReusePrevention: p.reuse_prevention } : {}),
      ...(p.hard_expiry ? { HardExpiry: true } : {}),
    };
    return querySuccess(IAM_NAMESPACE, 'GetAccountPasswordPolicy', { PasswordPolicy: policy });
  }

  private getAccountAuthorizationDetails(account: EstateAwsAccount, params: URLSearchParams): FakeReply {
    const filter = queryList(params, 'Filter');
    const bad = filter.find((f) => !FILTER_VALUES.has(f));
    if (bad !== undefined) {
      return queryError(IAM_NAMESPACE, {
        status: 400,
        code: 'ValidationError',
        message: `1 validation error detected: Value '[${bad}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [User, Role, LocalManagedPolicy, Group, AWSManagedPolicy]]`,
      });
    }
    const result = authorizationDetailsPage(account, params, filter, this.options.now(), this.options.pageSize);
    return querySuccess(IAM_NAMESPACE, 'GetAccountAuthorizationDetails', result);
  }

  /** A managed policy by ARN: AWS-managed from the fake's catalogue, customer-managed from the account (version v1). */
  private managedPolicy(account: EstateAwsAccount, arn: string): { name: string; path: string; versionId: string; document: unknown; created: Date } | undefined {
    const now = this.options.now();
    const aws = awsManagedPolicy(arn);
    if (aws !== undefined) return { name: aws.name, path: '/', versionId: aws.versionId, document: aws.document, created: new Date('2015-02-06T18:39:46Z') };
    const own = account.policies.find((p) => policyArn(account.id, p.path, p.name) === arn);
    return own === undefined ? undefined : { name: own.name, path: own.path, versionId: 'v1', document: own.document, created: resolveDate(own.updated ?? own.created, now) };
  }

  private noSuchPolicy(arn: string): FakeReply {
    return queryError(IAM_NAMESPACE, { status: 404, code: 'NoSuchEntity', message: `Policy ${arn} does not exist or is not attachable.` });
  }

  private getPolicy(account: EstateAwsAccount, params: URLSearchParams): FakeReply {
    const arn = params.get('PolicyArn') ?? '';
    const p = this.managedPolicy(account, arn);
    if (p === undefined) return this.noSuchPolicy(arn);
    return querySuccess(IAM_NAMESPACE, 'GetPolicy', {
      Policy: {
        PolicyName: p.name,
        PolicyId: uniqueId('ANPA', arn),
        Arn: arn,
        Path: p.path,
        DefaultVersionId: p.versionId,
        AttachmentCount: attachmentsOf(account, arn),
        PermissionsBoundaryUsageCount: boundaryUsesOf(account, arn),
        IsAttachable: true,
        CreateDate: awsTimestamp(p.created),
        UpdateDate: awsTimestamp(p.created),
      },
    });
  }

  private getPolicyVersion(account: EstateAwsAccount, params: URLSearchParams): FakeReply {
    const arn = params.get('PolicyArn') ?? '';
    const p = this.managedPolicy(account, arn);
    if (p === undefined) return this.noSuchPolicy(arn);
    const version = params.get('VersionId') ?? '';
    if (version !== p.versionId) {
      return queryError(IAM_NAMESPACE, { status: 404, code: 'NoSuchEntity', message: `Policy ${arn} version ${version} does not exist or is not attachable.` });
    }
    return querySuccess(IAM_NAMESPACE, 'GetPolicyVersion', {
      PolicyVersion: { Document: encodePolicyDocument(p.document), VersionId: p.versionId, IsDefaultVersion: true, CreateDate: awsTimestamp(p.created) },
    });
  }

  private listServerCertificates(account: EstateAwsAccount, params: URLSearchParams): FakeReply {
    const now = this.options.now();
    const page = paginate(account.server_certificates, params, this.options.pageSize);
    const members = page.items.map((c) => {
      const arn = `arn:aws:iam::${account.id}:server-certificate${c.path}${c.name}`;
      return {
        Path: c.path,
        ServerCertificateName: c.name,
        ServerCertificateId: uniqueId('ASCA', arn),
        Arn: arn,
        UploadDate: awsTimestamp(resolveDate(c.uploaded, now)),
        Expiration: awsTimestamp(resolveDate(c.expires, now)),
      };
    });
    return querySuccess(IAM_NAMESPACE, 'ListServerCertificates', {
      ServerCertificateMetadataList: xmlList(members),
      IsTruncated: page.marker !== undefined,
      ...(page.marker !== undefined ? { Marker: page.marker } : {}),
    });
  }

  private listVirtualMfaDevices(account: EstateAwsAccount, params: URLSearchParams): FakeReply {
    const now = this.options.now();
    const status = params.get('AssignmentStatus') ?? 'Any';
    // Every device the estate declares is assigned to its owner.
    const devices = status === 'Unassigned' ? [] : virtualMfaDevices(account);
    const page = paginate(devices, params, this.options.pageSize);
    const members = page.items.map((d) => {
      const user: XmlObject =
        d.owner.kind === 'root'
          ? { Arn: rootArn(account.id), UserId: account.id, CreateDate: awsTimestamp(resolveDate(account.root.created, now)) }
          : (() => {
              const u = d.owner.user;
              const arn = userArn(account.id, u.path, u.name);
              return { Path: u.path, UserName: u.name, UserId: uniqueId('AIDA', arn), Arn: arn, CreateDate: awsTimestamp(resolveDate(u.created, now)) };
            })();
      return { SerialNumber: d.serialNumber, User: user, EnableDate: awsTimestamp(resolveDate(d.enabled, now)) };
    });
    return querySuccess(IAM_NAMESPACE, 'ListVirtualMFADevices', {
      VirtualMFADevices: xmlList(members),
      IsTruncated: page.marker !== undefined,
      ...(page.marker !== undefined ? { Marker: page.marker } : {}),
    });
  }
}

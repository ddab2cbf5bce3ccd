import type { EstateAwsAccount } from '../estate/schema.js';
import { awsTimestamp, queryError, querySuccess, type FakeReply } from './aws-query.js';
import type { SessionRegistry } from './sessions.js';
import { trustAllows } from './trust-policy.js';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** Who is calling: the account and the principal ARN (an IAM user for estate keys, an assumed role for sessions). */
export interface StsCaller {
  readonly account: EstateAwsAccount;
  readonly arn: string;
}

/**
 * The fake STS (Query protocol): AssumeRole into any estate account whose role trusts the caller,
 * and GetCallerIdentity. Issued sessions are registered so every other fake service accepts them.
 */
export class StsFake {
  constructor(
    private readonly accounts: ReadonlyMap<string, EstateAwsAccount>,
    private readonly sessions: SessionRegistry,
    private readonly now: () => Date,
  ) {}

  handle(action: string, caller: StsCaller, params: URLSearchParams): FakeReply {
    switch (action) {
      case 'GetCallerIdentity':
        return querySuccess(STS_NAMESPACE, action, { Arn: caller.arn, UserId: `AIDA${caller.account.id}`, Account: caller.account.id });
      case 'AssumeRole':
        return this.assumeRole(caller, params);
      default:
        return queryError(STS_NAMESPACE, { status: 400, code: 'InvalidAction', message: `Could not find operation ${action} for version 2011-06-15` });
    }
  }

  private assumeRole(caller: StsCaller, params: URLSearchParams): FakeReply {
    const roleArn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? '';
    const duration = Number(params.get('DurationSeconds') ?? '3600');
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      return queryError(STS_NAMESPACE, { status: 400, code: 'ValidationError', message: `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint` });
    }
    const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
    const target = match ? this.accounts.get(match[1]!) : undefined;
    const role = target?.roles.find((r) => r.name === match?.[2]);
    const allowed =
      role !== undefined &&
      trustAllows(role.trust_policy as Record<string, unknown>, { callerAccountId: caller.account.id, callerArn: caller.arn, externalId: params.get('ExternalId') ?? undefined });
    if (!allowed || target === undefined || role === undefined) {
      // AWS answers the same AccessDenied for a missing role and a trust policy that does not allow the caller.
      return queryError(STS_NAMESPACE, { status: 403, code: 'AccessDenied', message: `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}` });
    }
    const expiration = new Date(this.now().getTime() + duration * 1000);
    const session = this.sessions.issue(target.id, role.name, sessionName, expiration);
    return querySuccess(STS_NAMESPACE, 'AssumeRole', {
      AssumedRoleUser: { Arn: session.principalArn, AssumedRoleId: `AROA${target.id}:${sessionName}` },
      Credentials: {
        AccessKeyId: session.accessKeyId,
        SecretAccessKey: session.secretAccessKey,
        SessionToken: session.sessionToken,
        Expiration: awsTimestamp(expiration),
      },
      PackedPolicySize: 0,
    });
  }
}

import type { EstateAwsAccount } from '../estate/schema.js';
import type { SessionRegistry } from './sessions.js';

/** Who signed a request: the account every fake service answers for, and the principal's ARN. */
export interface FakeCaller {
  readonly account: EstateAwsAccount;
  readonly arn: string;
}

/**
 * Resolves a SigV4 access key id to its caller, for every fake service alike: the estate's long-term
 * keys (an IAM user `controlwatch` in that account) and sessions issued by the fake STS.
 */
export class CallerDirectory {
  private readonly byKey: ReadonlyMap<string, EstateAwsAccount>;
  private readonly byId: ReadonlyMap<string, EstateAwsAccount>;

  constructor(
    accounts: readonly EstateAwsAccount[],
    private readonly sessions: SessionRegistry,
  ) {
    this.byKey = new Map(accounts.map((a) => [a.credentials.access_key_id, a]));
    this.byId = new Map(accounts.map((a) => [a.id, a]));
  }

  caller(accessKeyId: string): FakeCaller | undefined {
    const account = this.byKey.get(accessKeyId);
    if (account !== undefined) return { account, arn: `arn:aws:iam::${account.id}:user/controlwatch` };
    const session = this.sessions.resolve(accessKeyId);
    const target = session !== undefined ? this.byId.get(session.accountId) : undefined;
    return session !== undefined && target !== undefined ? { account: target, arn: session.principalArn } : undefined;
  }

  account(accessKeyId: string): EstateAwsAccount | undefined {
    return this.caller(accessKeyId)?.account;
  }

  get accounts(): ReadonlyMap<string, EstateAwsAccount> {
    return this.byId;
  }
}

/**
 * Proof that the data came from the configured account. Credentials for the wrong account would
 * otherwise test someone else's estate and record passes for this one.
 *
 * The proof itself is sts:GetCallerIdentity, made once per scope by the AWS collector skeleton
 * (aws-collector.ts) before any collector code runs. `rejectForeignArns` is a second, free check on the
 * data: services can be sent to endpoints other than STS's (aws.endpoints.iam, .config, …), and an ARN
 * naming another account in an answer means that answer is not this account's, whatever STS said.
 */

/** The account field of an ARN (`arn:aws:iam::123456789012:user/x` → `123456789012`), if it is an account id. */
export function arnAccount(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

export class WrongAccountError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`the credentials configured for AWS account ${expected} belong to account ${actual}; refusing to record account ${actual}'s state as ${expected}'s`);
    this.name = 'WrongAccountError';
  }
}

/** Throws WrongAccountError when any ARN names an account other than `expected` (ARNs without an account are ignored). */
export function rejectForeignArns(expected: string, arns: Iterable<string | undefined>): void {
  for (const arn of arns) {
    if (arn === undefined) continue;
    const account = arnAccount(arn);
    if (account !== undefined && account !== expected) throw new WrongAccountError(expected, account);
  }
}

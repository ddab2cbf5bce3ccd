/**
 * Proof that the data came from the configured account. Credentials for the wrong account would
 * otherwise test someone else's IAM and record passes for this one, so any ARN naming another
 * account fails the scope, and so does having no ARN at all to check.
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

export class UnverifiedAccountError extends Error {
  constructor(readonly expected: string) {
    super(`could not confirm that the credentials belong to AWS account ${expected}: no IAM call returned an ARN to check`);
    this.name = 'UnverifiedAccountError';
  }
}

/** Throws unless at least one ARN names `expected` and none names another account. */
export function verifyAccount(expected: string, arns: Iterable<string>): void {
  let confirmed = false;
  for (const arn of arns) {
    const account = arnAccount(arn);
    if (account === undefined) continue;
    if (account !== expected) throw new WrongAccountError(expected, account);
    confirmed = true;
  }
  if (!confirmed) throw new UnverifiedAccountError(expected);
}

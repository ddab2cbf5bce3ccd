/** Reading IAM ARNs (`arn:<partition>:iam::<account>:<type>/<path/><name>`) and bare account ids. */

const ARN = /^arn:[a-z-]+:(iam|sts)::(\d{12}|aws):(.+)$/;

/** The 12-digit account an ARN or bare account id names, or null when it names none (e.g. a unique id `AROA…`). */
export function accountOf(principal: string): string | null {
  if (/^\d{12}$/.test(principal)) return principal;
  const m = ARN.exec(principal);
  return m && /^\d{12}$/.test(m[2]!) ? m[2]! : null;
}

/** The role name of a role ARN (`arn:aws:iam::1:role/path/Name` → `Name`), or null for any other ARN. */
export function roleNameOf(arn: string): string | null {
  const m = ARN.exec(arn);
  if (!m || m[1] !== 'iam' || !m[3]!.startsWith('role/')) return null;
  return m[3]!.slice(m[3]!.lastIndexOf('/') + 1);
}

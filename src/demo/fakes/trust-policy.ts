/**
 * The fake STS's answer to "may this caller assume this role?": a small evaluator of role trust
 * policies for the shapes the demo and tests use — Allow statements for sts:AssumeRole whose AWS
 * principal names the caller's account (bare id, `:root` ARN) or the caller's own ARN, with optional
 * `StringEquals sts:ExternalId` (and `aws:PrincipalOrgID` is not modelled: such a statement never matches).
 * It is deliberately strict: anything it does not understand denies, so a test cannot pass by accident.
 */
export interface AssumeRoleRequest {
  readonly callerAccountId: string;
  readonly callerArn: string;
  readonly externalId: string | undefined;
}

type Json = Record<string, unknown>;

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

export function trustAllows(trustPolicy: Json, request: AssumeRoleRequest): boolean {
  return asArray(trustPolicy['Statement']).some((raw) => {
    const s = raw as Json;
    if (s['Effect'] !== 'Allow') return false;
    if (!asArray(s['Action']).some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*')) return false;
    const principal = s['Principal'] as Json | string | undefined;
    const awsPrincipals = principal === '*' ? ['*'] : asArray(typeof principal === 'object' && principal !== null ? principal['AWS'] : undefined);
    const principalMatches = awsPrincipals.some(
      (p) => p === '*' || p === request.callerAccountId || p === `arn:aws:iam::${request.callerAccountId}:root` || p === request.callerArn,
    );
    return principalMatches && conditionsHold(s['Condition'] as Json | undefined, request);
  });
}

function conditionsHold(condition: Json | undefined, request: AssumeRoleRequest): boolean {
  if (condition === undefined) return true;
  return Object.entries(condition).every(([operator, block]) => {
    if (operator !== 'StringEquals') return false;
    return Object.entries(block as Json).every(([key, expected]) => {
      if (key !== 'sts:ExternalId') return false;
      return request.externalId !== undefined && asArray(expected).includes(request.externalId);
    });
  });
}

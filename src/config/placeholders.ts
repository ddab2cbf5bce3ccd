import type { AppConfig } from './schema.js';

/**
 * Values copied from an example and never filled in: an external id written as `<your external id>` (the
 * README's trust policy, `permissions aws-trust-policy`'s old default) would be sent to STS as the real
 * one, and AssumeRole would fail in every account with "AccessDenied" — far from its cause. Angle brackets
 * never belong in an external id, so such a value is refused at start-up, naming the field.
 */
export function placeholderProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  const check = (path: string, value: string | undefined) => {
    // The value is not echoed (configuration values may be secrets); the field is named.
    if (value !== undefined && /[<>]/.test(value)) problems.push(`${path}: a placeholder left from an example (it contains < or >); set the external id the role's trust policy requires`);
  };
  check('aws.organizations.externalId', config.aws?.organizations?.externalId);
  config.aws?.accounts.forEach((a, i) => check(`aws.accounts[${i}].assumeRole.externalId`, a.assumeRole?.externalId));
  return problems;
}

import { describe, expect, it } from 'vitest';
import { credentialProblem } from '../../src/sdk/aws-collector.js';
import { classify, CredentialsRejectedError } from '../../src/sdk/aws-call.js';

/**
 * A scope whose credentials fail says which way they failed, each pointing at its own fix: expired (refresh),
 * none found (configure), or presented and refused (wrong key, wrong secret). A network failure never reads
 * as any of these (test/sdk/network-causes.test.ts).
 */
describe('credential failures in words', () => {
  const named = (name: string) => Object.assign(new Error('x'), { name });

  it('expired, none found, rejected', () => {
    expect(credentialProblem('ExpiredToken')).toBe('the AWS credentials have expired');
    expect(credentialProblem('ExpiredTokenException')).toBe('the AWS credentials have expired');
    expect(credentialProblem('CredentialsProviderError')).toMatch(/^no AWS credentials were found/);
    expect(credentialProblem('InvalidClientTokenId')).toBe('AWS rejected the credentials');
    expect(credentialProblem('SignatureDoesNotMatch')).toBe('AWS rejected the credentials');
  });

  it('the SDK errors behind them are classified as credential failures, keeping their code', () => {
    for (const code of ['ExpiredToken', 'CredentialsProviderError', 'InvalidClientTokenId']) {
      const c = classify('sts:GetCallerIdentity', named(code));
      expect(c).toBeInstanceOf(CredentialsRejectedError);
      expect((c as CredentialsRejectedError).code).toBe(code);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../src/registry/index.js';
import { validateRegistry } from '../../src/registry/validate.js';
import { config, fakeIamCollector, realInputs } from './fixtures.js';

/** The collector plugin contract is checked at start-up: the policy, the permissions listing and the runner rely on it. */
describe('collector contract validation', () => {
  const problemsWith = (collector: object) => validateRegistry(realInputs({ collectors: [{ ...fakeIamCollector, ...collector } as typeof fakeIamCollector] }), config()).problems;

  it('every registered collector declares a provider, services, permissions and (AWS) its SDK commands coherently', () => {
    expect(COLLECTORS.length).toBeGreaterThanOrEqual(4);
    const { problems } = validateRegistry(realInputs({ collectors: COLLECTORS }), config());
    expect(problems.filter((p) => p.startsWith('collector '))).toEqual([]);
    expect(new Set(COLLECTORS.map((c) => c.provider))).toEqual(new Set(['aws', 'github']));
  });

  it('reports an unknown provider, missing services or permissions, and AWS permissions that differ from the declared commands', () => {
    expect(problemsWith({ provider: 'azure' })).toContain('collector aws-iam: provider azure is not one of aws, github');
    expect(problemsWith({ services: [] })).toContain('collector aws-iam: declares no services (the API clients it needs)');
    expect(problemsWith({ permissions: [] })).toEqual(expect.arrayContaining(['collector aws-iam: declares no permissions (every API call needs one)']));
    expect(problemsWith({ actionsByOperation: undefined })).toContain('collector aws-iam: an AWS collector must declare actionsByOperation (SDK command → IAM action)');
    expect(problemsWith({ permissions: ['iam:GetAccountSummary', 'iam:PassRole'] })).toContain(
      'collector aws-iam: permissions (iam:GetAccountSummary, iam:PassRole) differ from the actions of its SDK commands (iam:GetAccountSummary)',
    );
    expect(problemsWith({})).toEqual([]);
  });
});

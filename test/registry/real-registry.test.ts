import { describe, expect, it } from 'vitest';
import { awsIamChecks } from '../../checks/aws-iam/index.js';
import { CHECKS, COLLECTORS, loadRegistry } from '../../src/registry/registry.js';
import { config } from './fixtures.js';

describe('the real registry', () => {
  it('validates cleanly with the default config', () => {
    const registry = loadRegistry(config());
    expect(registry.checks.map((c) => c.definition.id)).toEqual(CHECKS.map((c) => c.id));
    expect(registry.collectors.map((c) => c.id)).toContain('aws-iam');
    expect(registry.checks.every((c) => c.enabled && c.params !== undefined)).toBe(true);
  });
  it('registers every IAM check and the IAM collector explicitly', () => {
    expect(CHECKS).toEqual(expect.arrayContaining([...awsIamChecks]));
    expect(COLLECTORS.map((c) => c.id)).toEqual(expect.arrayContaining(['aws-iam', 'aws-s3']));
  });
});

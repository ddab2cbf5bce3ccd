import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { awsIamChecks } from '../../checks/aws-iam/index.js';
import type { CheckDefinition } from '../../src/model/check.js';
import { buildRegistry, RegistryError, validateRegistry } from '../../src/registry/validate.js';
import { config, editMetadata, fakeIamCollector, realInputs } from './fixtures.js';

const problemsOf = (...args: Parameters<typeof validateRegistry>) => validateRegistry(...args).problems;

describe('registry validation', () => {
  it('accepts the real checks, metadata and catalogs', () => {
    const { registry, problems } = validateRegistry(realInputs(), config());
    expect(problems).toEqual([]);
    expect(registry?.checks.map((c) => c.definition.id)).toEqual(awsIamChecks.map((c) => c.id));
  });

  it('reports a duplicate check id and a duplicate collector id', () => {
    const first = awsIamChecks[0]!;
    const problems = problemsOf(realInputs({ checks: [...awsIamChecks, first], collectors: [fakeIamCollector, fakeIamCollector] }), config());
    expect(problems).toContain(`check id ${first.id} is registered more than once`);
    expect(problems).toContain('collector id aws-iam is registered more than once');
  });

  it('reports metadata without code and code without metadata', () => {
    const orphanMeta = validateRegistry(realInputs({ checks: awsIamChecks.filter((c) => c.id !== 'iam.root_mfa_enabled') }), config()).problems;
    expect(orphanMeta).toEqual(['config/checks/aws-iam.yaml: check iam.root_mfa_enabled: metadata has no check code (nothing registers this id)']);
    const orphanCode = problemsOf(realInputs({ metadata: editMetadata('iam.root_mfa_enabled', null) }), config());
    expect(orphanCode).toEqual(['check iam.root_mfa_enabled: has no metadata in config/checks/*.yaml']);
  });

  it('reports an unknown control id and an unknown framework', () => {
    const metadata = editMetadata('iam.root_mfa_enabled', (m) => ({ ...m, mappings: { ...m.mappings, 'iso27001-2022': ['A.5.15', 'A.9.99'], 'nist-csf-2': ['PR.AA-01'] } }));
    const problems = problemsOf(realInputs({ metadata }), config());
    expect(problems).toContain('config/checks/aws-iam.yaml: check iam.root_mfa_enabled: mappings.iso27001-2022: control A.9.99 is not in framework iso27001-2022');
    expect(problems).toContainEqual(expect.stringMatching(/mappings\.nist-csf-2: no such framework \(known: cis-aws-foundations, iso27001-2022, pci-dss-4.0, soc2-2017\)/));
  });

  it('reports an observation_type that differs from the code', () => {
    const metadata = editMetadata('iam.access_keys_rotated', (m) => ({ ...m, observation_type: 'aws.iam.role' }));
    expect(problemsOf(realInputs({ metadata }), config())).toEqual([
      'config/checks/aws-iam.yaml: check iam.access_keys_rotated: observation_type: aws.iam.role differs from the code\'s aws.iam.user',
    ]);
  });

  it('reports a check whose observation type no collector produces', () => {
    // A plain definition: defineCheck would reject an observation type no collector declares at compile time.
    const orphan: CheckDefinition = { id: 'iam.orphan', observationType: 'aws.iam.nothing', parameters: z.object({}), evaluate: () => ({ status: 'pass', reason: 'x' }) };
    const meta = editMetadata('iam.root_mfa_enabled', (m) => m);
    const metadata = new Map(meta).set('iam.orphan', { ...meta.get('iam.root_mfa_enabled')!, id: 'iam.orphan', observation_type: 'aws.iam.nothing' });
    expect(problemsOf(realInputs({ checks: [...awsIamChecks, orphan], metadata }), config())).toEqual([
      'check iam.orphan: observation type aws.iam.nothing is produced by no registered collector',
    ]);
  });

  it('reports a parameter default its check rejects, naming the field', () => {
    const metadata = editMetadata('iam.access_keys_rotated', (m) => ({ ...m, parameters: { max_key_age_days: 'ninety' } }));
    const problems = problemsOf(realInputs({ metadata }), config());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^config\/checks\/aws-iam\.yaml: check iam\.access_keys_rotated: parameters\.max_key_age_days: .*number/);
  });

  it('merges user overrides over defaults', () => {
    const registry = buildRegistry(realInputs(), config({ checks: { parameters: { 'iam.password_policy_strong': { min_length: 20 } } } }));
    const check = registry.checks.find((c) => c.definition.id === 'iam.password_policy_strong');
    expect(check?.params).toEqual({ min_length: 20, min_reuse: 24, require_complexity: false, max_password_age_days: null });
  });

  it('reports a bad user override with its path and message, and one for an unknown parameter', () => {
    const problems = problemsOf(
      realInputs(),
      config({ checks: { parameters: { 'iam.access_keys_rotated': { max_key_age_days: -1 }, 'iam.root_mfa_enabled': { typo: 1 } } } }),
    );
    expect(problems).toHaveLength(2);
    expect(problems).toContainEqual(expect.stringMatching(/^config checks\.parameters\["iam\.access_keys_rotated"\]\.max_key_age_days: .*>=1/));
    expect(problems).toContain('config checks.parameters["iam.root_mfa_enabled"]: Unrecognized key: "typo"');
  });

  it('reports overrides, disabled ids, exceptions and owners that name nothing', () => {
    const problems = problemsOf(
      realInputs(),
      config({
        checks: { disabled: ['iam.root_mfa_enabled', 'iam.nope'], parameters: { 'iam.ghost': {} } },
        exceptions: [{ check: 'iam.phantom', resource: '*', justification: 'j', approver: 'a', expires: '2026-12-31' }],
        owners: { 'A.8.5': 'identity', 'A.99.1': 'nobody' },
      }),
    );
    expect(problems).toEqual([
      'config checks.parameters["iam.ghost"]: no such check',
      'config checks.disabled[1]: no such check iam.nope',
      'config exceptions[0].check: no such check iam.phantom',
      'config owners["A.99.1"]: no framework has control A.99.1, and it is no check id or check family (e.g. iam.*)',
    ]);
  });

  it('keeps disabled checks in the registry, marked not enabled', () => {
    const registry = buildRegistry(realInputs(), config({ checks: { disabled: ['iam.root_mfa_enabled'] } }));
    expect(registry.checks.find((c) => c.definition.id === 'iam.root_mfa_enabled')?.enabled).toBe(false);
    expect(registry.checks.filter((c) => c.enabled)).toHaveLength(awsIamChecks.length - 1);
  });

  it('reports several problems at once, all of them, and buildRegistry throws them together', () => {
    const metadata = editMetadata('iam.root_mfa_enabled', (m) => ({ ...m, mappings: { 'made-up': ['X'] } }));
    const inputs = realInputs({ metadata, checks: [...awsIamChecks, awsIamChecks[1]!] });
    const cfg = config({ checks: { disabled: ['iam.nope'] } });
    const problems = problemsOf(inputs, cfg);
    expect(problems).toHaveLength(3);
    let thrown: unknown;
    try {
      buildRegistry(inputs, cfg);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(RegistryError);
    expect((thrown as RegistryError).problems).toEqual(problems);
    expect((thrown as RegistryError).message).toContain('3 problems');
  });
});

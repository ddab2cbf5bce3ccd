import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/config/schema.js';
import { coverageTarget } from '../../src/programme/coverage.js';
import { loadRegistry } from '../../src/registry/index.js';
import { runCliProcess } from '../helpers/cli.js';

/**
 * CIS AWS Foundations Benchmark as a coverage target: every recommendation of the target sections (2 IAM,
 * 3.1 S3, 4 Logging incl. Config) is evidenced by a check mapped to it or carries the catalog's reason it is
 * not automatable here — and no recommendation is both (a new check evidencing one must delete its reason).
 */

const registry = loadRegistry(ConfigSchema.parse({ version: 1 }));
const cis = registry.frameworks.get('cis-aws-foundations')!;

describe('CIS AWS Foundations coverage', () => {
  it('covers every recommendation of sections 2, 3.1 and 4: a check or a reason, never neither, never both', () => {
    const target = coverageTarget(registry, 'cis-aws-foundations')!;
    expect(target.groups).toEqual(['2', '3.1', '4']);
    expect(target.neither).toEqual([]);
    expect(target.contradicted).toEqual([]);
    expect(target.total).toBe(cis.controls.filter((c) => ['2', '3.1', '4'].includes(c.group)).length);
    expect(target.automated + target.notAutomatable).toBe(target.total);
  });

  it('automates what the S3, Config, CloudTrail and Access Analyzer collectors can see', () => {
    const checksOf = (id: string) => registry.checks.filter((k) => (k.metadata.mappings['cis-aws-foundations'] ?? []).includes(id)).map((k) => k.definition.id).sort();
    expect(checksOf('2.18')).toEqual(['accessanalyzer.enabled_all_regions']);
    expect(checksOf('3.1.1')).toEqual(['s3.bucket_tls_enforced']);
    expect(checksOf('3.1.2')).toEqual(['s3.bucket_mfa_delete_enabled']);
    expect(checksOf('3.1.4')).toEqual(['s3.account_public_access_block', 's3.bucket_public_access_block']);
    expect(checksOf('4.1')).toEqual(['cloudtrail.multi_region_trail_logging']);
    expect(checksOf('4.2')).toEqual(['cloudtrail.log_file_validation_enabled']);
    expect(checksOf('4.3')).toEqual(['config.delivery_channel_exists', 'config.recorder_enabled_all_regions']);
    expect(checksOf('4.4')).toEqual(['cloudtrail.log_bucket_access_logging']);
    expect(checksOf('4.5')).toEqual(['cloudtrail.logs_encrypted_kms']);
    expect(checksOf('4.8')).toEqual(['cloudtrail.s3_object_write_events_logged']);
    expect(checksOf('4.9')).toEqual(['cloudtrail.s3_object_read_events_logged']);
  });

  it('gives every recommendation outside the target a reason too (the catalog hides no gap)', () => {
    const mapped = new Set(registry.checks.flatMap((k) => k.metadata.mappings['cis-aws-foundations'] ?? []));
    expect(cis.controls.filter((c) => !mapped.has(c.id) && c.not_automatable === undefined).map((c) => c.id)).toEqual([]);
  });

  it('`controlwatch controls --framework cis` lists every recommendation with automated checks or the reason, and the counts', async () => {
    const table = await runCliProcess(['controls', '--framework', 'cis']);
    expect(table.code).toBe(0);
    const target = coverageTarget(registry, 'cis-aws-foundations')!;
    expect(table.stdout).toContain(`coverage target (groups 2, 3.1, 4): ${target.total} controls — ${target.automated} automated, ${target.notAutomatable} not automatable here (reason given)`);
    expect(table.stdout).toMatch(/4\.7\s+│[^│]*│ not automatable here \(needs EC2 \(VPCs and their flow logs\)/);
    const json = await runCliProcess(['controls', '--framework', 'cis-aws-foundations', '--format', 'json']);
    const rows = JSON.parse(json.stdout) as { control: string; evidence: string; checks: string[]; notAutomatable: string | null }[];
    expect(rows.map((r) => r.control)).toEqual(cis.controls.map((c) => c.id));
    expect(rows.find((r) => r.control === '4.3')).toMatchObject({ evidence: 'automated', notAutomatable: null });
    expect(rows.find((r) => r.control === '2.2')).toMatchObject({ evidence: 'none', checks: [], notAutomatable: expect.stringMatching(/^manual: /) });
    expect(rows.every((r) => r.checks.length > 0 || r.notAutomatable !== null)).toBe(true);
  }, 60_000);
});

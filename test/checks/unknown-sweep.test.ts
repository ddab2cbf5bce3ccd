import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { parseConfig } from '../../src/config/load.js';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import { startFakeAws } from '../../src/demo/fakes/server.js';
import { startFakeGitHub } from '../../src/demo/fakes/github/server.js';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from '../../src/demo/environment.js';
import { runPipeline } from '../../src/engine/pipeline.js';
import { silentLogger } from '../../src/log.js';
import { CHECKS, COLLECTORS } from '../../src/registry/index.js';
import type { Observation } from '../../src/model/observation.js';
import { FIXTURE_BASES } from './sweep/fixture-bases.js';
import { sweepCheck, type Base, type CheckSweep } from './sweep/sweep.js';
import { unknownablePaths } from './sweep/unknown-paths.js';

/**
 * One generated sweep over EVERY registered check: each place an observation's schema lets hold an Unknown is
 * set to Unknown in turn, on realistic bases (the demo estate through the real pipeline, plus the hand-made
 * healthy fixtures), and no check may answer `pass` after reading it. New checks and new collectors are swept
 * without anyone listing them; the meta-tests at the end fail when a check escapes the sweep.
 */

/** Types with nothing that can be Unknown: the whole observation comes from one call that either answers or fails the scope. */
const TYPES_WITHOUT_UNKNOWNS: Readonly<Record<string, string>> = {
  'aws.config.rule_evaluation': 'one GetComplianceDetailsByConfigRule result; a failed call is a population gap, not an Unknown attribute',
  'github.direct_push': 'one commit from the commit listing; a failed listing is a population gap',
  'aws.iam.server_certificate': 'one ListServerCertificates entry; a failed listing is a population gap, not an Unknown attribute',
};

/** Checks that read no Unknown-able field (their verdict rests on fields the collector always knows). */
const CHECKS_READING_NO_UNKNOWNS: Readonly<Record<string, string>> = {
  'cloudtrail.log_file_validation_enabled': 'judges LogFileValidationEnabled from DescribeTrails, known whenever the trail is observed',
  'cloudtrail.logs_encrypted_kms': 'judges KmsKeyId from DescribeTrails, known whenever the trail is observed',
};

/**
 * (check, path) pairs where passing with that one place Unknown is right, because another known source decides.
 * `oneOfMany: true` allows it only when one element of several is Unknown (the others can carry the pass).
 */
const PASS_ALLOWED: readonly { check: string; path: string; oneOfMany?: true; why: string }[] = [
  { check: 'iam.root_mfa_enabled', path: 'rootMfaEnabled', why: 'the credential report says whether root has MFA when the account summary is unavailable' },
  { check: 'iam.root_hardware_mfa_enabled', path: 'rootMfaEnabled', why: 'the credential report says whether root has MFA when the account summary is unavailable' },
  { check: 'iam.root_no_access_keys', path: 'rootAccessKeysPresent', why: 'the credential report lists root\'s key slots when the account summary is unavailable' },
  { check: 'iam.root_no_access_keys', path: 'rootCredentials', why: 'the live account summary is authoritative; the report only corroborates' },
  { check: 's3.bucket_public_access_block', path: 'publicAccessBlock', why: 'a fully-on account-level block overrides the bucket setting' },
  { check: 's3.bucket_not_public', path: 'policyIsPublic', why: "no bucket policy leaves nothing for S3's status to judge; with a policy, controlwatch's own analysis judges and the reason says so (checks/lib/s3.ts)" },
  { check: 'cloudtrail.log_bucket_not_public', path: '→ aws.s3.bucket policyIsPublic', why: "judged as s3.bucket_not_public judges it: without S3's status the policy analysis decides and the reason says so" },
  { check: 'cloudtrail.multi_region_trail_logging', path: 'trails[].logging', oneOfMany: true, why: 'one logging multi-region trail suffices; another trail of the region carries it' },
  { check: 'cloudtrail.multi_region_trail_logging', path: 'trails[].managementEvents', oneOfMany: true, why: 'one logging multi-region trail suffices; another trail of the region carries it' },
  { check: 'cloudtrail.s3_object_write_events_logged', path: 'trails[].logging', oneOfMany: true, why: 'one trail logging S3 object writes of every bucket suffices; another trail of the region carries it' },
  { check: 'cloudtrail.s3_object_write_events_logged', path: 'trails[].s3DataEvents', oneOfMany: true, why: 'one trail logging S3 object writes of every bucket suffices; another trail of the region carries it' },
  { check: 'github.org_owner_count_limited', path: 'members', why: 'without approved_owners the owner count alone decides, and it is collected separately' },
  { check: 'github.pr_approved_by_other_than_author', path: 'approvedByOtherThanAuthorBeforeMerge', why: 'the verdict rests on the approvals list; the collector\'s flag only corroborates it' },
];

const schemas = new Map<string, z.ZodType>(COLLECTORS.flatMap((c) => Object.entries(c.produces)));
const sweeps = new Map<string, CheckSweep>();
let bases = new Map<string, Base[]>();
let everything = new Map<string, Observation<unknown>>();
let params = new Map<string, unknown>();
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  const estate = await loadEstateFile(DEMO_ESTATE);
  const aws = await startFakeAws({ estate });
  const github = await startFakeGitHub({ estate });
  close = async () => {
    await aws.close();
    await github.close();
  };
  const config = parseConfig(readFileSync(DEMO_CONFIG, 'utf8'), DEMO_CONFIG, demoEnvironment(estate, aws.endpoints, github));
  const { outcome, registry } = await runPipeline(config, join(mkdtempSync(join(tmpdir(), 'cw-sweep-')), 'sweep.db'), 'test', silentLogger);
  params = new Map(registry.checks.map((c) => [c.definition.id, c.params]));
  const now = new Date(outcome.startedAt);
  const demo = outcome.collected.flatMap((c) => c.observations);
  everything = new Map(demo.map((o) => [`${o.type}\n${o.id}`, o]));
  const all: Base[] = [
    ...demo.map((observation) => ({ observation, now, origin: 'demo' })),
    ...FIXTURE_BASES.map((f) => ({ observation: { type: f.type, id: f.id, scope: 'fixture', attributes: f.attributes, source: [] }, now: f.now, origin: 'fixture' })),
  ];
  bases = new Map();
  for (const b of all) bases.set(b.observation.type, [...(bases.get(b.observation.type) ?? []), b]);
}, 120_000);

afterAll(() => close());

const allowed = (checkId: string, c: { abstract: string; oneOfMany: boolean }) =>
  PASS_ALLOWED.some((a) => a.check === checkId && a.path === c.abstract && (a.oneOfMany === undefined || c.oneOfMany));

describe('Unknown sweep', () => {
  it.each(CHECKS.map((c) => [c.id, c] as const))('%s never passes on an Unknown it read', (id, check) => {
    const sweep = sweepCheck(check, params.get(id), bases.get(check.observationType) ?? [], everything, schemas);
    sweeps.set(id, sweep);
    const wrongPasses = sweep.cases.filter((c) => c.verdict.status === 'pass' && c.read && !allowed(id, c)).map((c) => `${c.base}: ${c.path} → pass (${c.verdict.reason})`);
    expect(wrongPasses).toEqual([]);
    expect(sweep.raised).toEqual([]);
    expect(sweep.impure).toEqual([]);
    // Nothing known at all: a check that looked at any of it never passes, and a resource that passed is now an error.
    for (const a of sweep.allUnknown.filter((x) => x.read)) {
      const what = `${a.base} with every Unknown-able field Unknown: ${a.verdict.reason}`;
      expect(a.verdict.status, what).not.toBe('pass');
      if (a.baseStatus === 'pass') expect(a.verdict.status, what).toBe('error');
    }
  });

  describe('covers every check (meta)', () => {
    it('every check has a base that passes or fails', () => {
      const without = CHECKS.filter((c) => !sweeps.get(c.id)?.bases.some((b) => b.verdict.status === 'pass' || b.verdict.status === 'fail')).map((c) => c.id);
      expect(without).toEqual([]);
    });

    it('every check has Unknown-able paths in its type, or its type is exempt with a reason', () => {
      const without = CHECKS.filter((c) => unknownablePaths(schemas.get(c.observationType)!).length === 0 && !(c.observationType in TYPES_WITHOUT_UNKNOWNS));
      expect(without.map((c) => `${c.id} (${c.observationType})`)).toEqual([]);
      for (const type of Object.keys(TYPES_WITHOUT_UNKNOWNS)) expect(unknownablePaths(schemas.get(type)!), `${type} is exempt but has Unknown-able paths`).toEqual([]);
    });

    it('every check with Unknown-able paths read at least one of them (else the sweep proves nothing about it)', () => {
      const swept = CHECKS.filter((c) => !(c.observationType in TYPES_WITHOUT_UNKNOWNS) && !(c.id in CHECKS_READING_NO_UNKNOWNS));
      expect(swept.filter((c) => !sweeps.get(c.id)?.cases.some((k) => k.read)).map((c) => c.id)).toEqual([]);
      for (const id of Object.keys(CHECKS_READING_NO_UNKNOWNS)) expect(sweeps.get(id)?.cases.some((k) => k.read), `${id} is exempt but reads an Unknown-able field`).toBe(false);
    });

    it('every Unknown-able path of a checked type has a base that holds it', () => {
      const uncovered = CHECKS.flatMap((c) => [...(sweeps.get(c.id)?.uncovered ?? [])].map((p) => `${c.observationType} ${p}`));
      expect([...new Set(uncovered)]).toEqual([]);
    });

    it('every allowed pass still happens (no stale exemption)', () => {
      for (const a of PASS_ALLOWED) {
        const hit = sweeps.get(a.check)?.cases.some((c) => c.abstract === a.path && c.read && c.verdict.status === 'pass' && (a.oneOfMany === undefined || c.oneOfMany));
        expect(hit, `${a.check} ${a.path}`).toBe(true);
      }
    });

    it('reports its size', () => {
      const cases = [...sweeps.values()].flatMap((s) => s.cases);
      const pairs = new Set([...sweeps.entries()].flatMap(([id, s]) => s.cases.map((c) => `${id} ${c.abstract}`)));
      const read = cases.filter((c) => c.read);
      const counts = new Map<string, number>();
      for (const c of read) counts.set(c.verdict.status, (counts.get(c.verdict.status) ?? 0) + 1);
      const byStatus = [...counts].map(([status, n]) => `${status} ${n}`);
      console.info(`Unknown sweep: ${sweeps.size} checks, ${pairs.size} (check, path) pairs, ${cases.length} evaluations; ${read.length} read the Unknown (${byStatus.join(', ')})`);
      expect(sweeps.size).toBe(CHECKS.length);
    });
  });
});

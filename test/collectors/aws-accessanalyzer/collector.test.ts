import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ListAnalyzersCommand, AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { accessAnalyzerEnabledAllRegions } from '../../../checks/aws-accessanalyzer/enabled-all-regions.js';
import { awsAccessAnalyzerCollector } from '../../../collectors/aws-accessanalyzer/collector.js';
import { ACCESS_ANALYZER_OBSERVATION_TYPES, type AccessAnalyzerRegionAttributes } from '../../../collectors/aws-accessanalyzer/observations.js';
import { parseEstate } from '../../../src/demo/estate/load.js';
import { startFakeAws, type FakeAws } from '../../../src/demo/fakes/server.js';
import { NO_OTHER_OBSERVATIONS } from '../../../src/model/observation-types.js';
import type { CollectionOutput } from '../../../src/model/collector.js';
import { find, indentYaml, regionalHarness } from '../aws-regional-harness.js';

/** The IAM Access Analyzer collector: the real SDK client (REST-JSON) over HTTP against the protocol fake. */

const ACCOUNT = '333333333333';
const NOW = new Date('2026-03-15T12:00:00.000Z');
const KEY = { accessKeyId: 'AKIATESTAA000000001', secretAccessKey: 'test-secret-not-real-0001' };
const estate = parseEstate(
  `version: 1
aws:
  accounts:
    - id: "${ACCOUNT}"
      name: test
      credentials: { access_key_id: ${KEY.accessKeyId}, secret_access_key: ${KEY.secretAccessKey} }
      root: { created: -400d, mfa: hardware }
      access_analyzer:
${indentYaml(`regions:
  eu-west-1:
    - { name: zz-unused, type: ACCOUNT_UNUSED_ACCESS }
    - { name: external, type: ACCOUNT }
  eu-central-1:
    - { name: broken, type: ORGANIZATION, status: FAILED, status_reason: SERVICE_LINKED_ROLE_CREATION_FAILED }
  us-east-1:
    - { name: unused-only, type: ACCOUNT_UNUSED_ACCESS }`)}
`,
  'test estate',
);

const harness = regionalHarness(awsAccessAnalyzerCollector, 'accessanalyzer', ACCESS_ANALYZER_OBSERVATION_TYPES);
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2'];
const id = (region: string) => `arn:aws:access-analyzer:${region}:${ACCOUNT}:analyzers`;
const regionOf = (output: CollectionOutput, region: string) => find<AccessAnalyzerRegionAttributes>(output, 'aws.accessanalyzer.region', id(region));
const verdict = (output: CollectionOutput, region: string) =>
  accessAnalyzerEnabledAllRegions.evaluate(regionOf(output, region), { now: NOW, params: {}, observations: NO_OTHER_OBSERVATIONS });

describe('aws-accessanalyzer collector', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws({ estate, now: NOW, pageSize: 1 });
  });
  afterEach(() => fake.faults.clear());
  afterAll(() => fake.close());

  it('one target per account × region; declares exactly the read-only action it needs', () => {
    const config = harness.configFor(estate, fake, ACCOUNT, { regions: REGIONS });
    expect(awsAccessAnalyzerCollector.targets(config.aws!).map((t) => t.scope)).toEqual(REGIONS.map((r) => `aws:${ACCOUNT}:${r}`));
    expect(awsAccessAnalyzerCollector.permissions).toEqual(['access-analyzer:ListAnalyzers', 'sts:GetCallerIdentity']);
  });

  it('lists every analyzer of the region, all pages, sorted by name, and judges each region', async () => {
    const config = harness.configFor(estate, fake, ACCOUNT, { regions: REGIONS });
    const eu = await harness.collect(config, 'eu-west-1');
    harness.validate(eu.output);
    // Page size 1: two analyzers take two ListAnalyzers calls.
    expect(eu.stats.byOperation['accessanalyzer:ListAnalyzers']).toBe(2);
    expect(regionOf(eu.output, 'eu-west-1')).toMatchObject({
      scope: `aws:${ACCOUNT}:eu-west-1`,
      source: ['accessanalyzer:ListAnalyzers', 'sts:GetCallerIdentity'],
      attributes: {
        accountId: ACCOUNT,
        region: 'eu-west-1',
        analyzers: [
          { name: 'external', arn: `arn:aws:access-analyzer:eu-west-1:${ACCOUNT}:analyzer/external`, type: 'ACCOUNT', status: 'ACTIVE', statusReason: null },
          { name: 'zz-unused', arn: `arn:aws:access-analyzer:eu-west-1:${ACCOUNT}:analyzer/zz-unused`, type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE', statusReason: null },
        ],
      },
    });
    expect(verdict(eu.output, 'eu-west-1')).toEqual({ status: 'pass', reason: 'IAM Access Analyzer external (ACCOUNT) is ACTIVE in eu-west-1' });

    const failed = await harness.collect(config, 'eu-central-1');
    expect(verdict(failed.output, 'eu-central-1')).toEqual({
      status: 'fail',
      reason: 'no ACTIVE external-access analyzer in eu-central-1: broken is FAILED (SERVICE_LINKED_ROLE_CREATION_FAILED)',
    });
    const unused = await harness.collect(config, 'us-east-1');
    expect(verdict(unused.output, 'us-east-1')).toEqual({
      status: 'fail',
      reason: 'no IAM Access Analyzer for external access in us-east-1 (only unused-only of type ACCOUNT_UNUSED_ACCESS, which do not look for external access)',
    });
    const none = await harness.collect(config, 'us-west-2');
    expect(regionOf(none.output, 'us-west-2').attributes.analyzers).toEqual([]);
    expect(verdict(none.output, 'us-west-2')).toEqual({ status: 'fail', reason: 'no IAM Access Analyzer for external access in us-west-2' });
  });

  it('denied, malformed or throttled beyond retries: the analyzers are Unknown with the reason and the check errors, never passes', async () => {
    const config = harness.configFor(estate, fake, ACCOUNT, { maxAttempts: 2 });
    for (const [kind, reason] of [
      ['AccessDenied', 'accessanalyzer:ListAnalyzers denied: AccessDeniedException'],
      ['Malformed', 'accessanalyzer:ListAnalyzers returned a malformed response'],
      ['Throttling', 'accessanalyzer:ListAnalyzers throttled after retries: ThrottlingException'],
    ] as const) {
      fake.faults.inject({ service: 'accessanalyzer', operation: 'ListAnalyzers', kind });
      const { output } = await harness.collect(config, 'eu-west-1');
      expect([kind, regionOf(output, 'eu-west-1').attributes.analyzers]).toEqual([kind, { $unknown: reason }]);
      expect(verdict(output, 'eu-west-1')).toEqual({ status: 'error', reason: `IAM Access Analyzer analyzers could not be collected: ${reason}` });
      fake.faults.clear();
    }
  });

  it('throttled once: the SDK retries (HTTP 429) and the collection succeeds', async () => {
    fake.faults.inject({ service: 'accessanalyzer', operation: 'ListAnalyzers', kind: 'Throttling', times: 1 });
    const { output, stats } = await harness.collect(harness.configFor(estate, fake, ACCOUNT), 'eu-west-1');
    expect(stats.throttles).toBe(1);
    expect(verdict(output, 'eu-west-1').status).toBe('pass');
  });

  it('the fake answers the REST-JSON protocol as the SDK reads it: type filter, validation errors, unknown keys', async () => {
    const client = new AccessAnalyzerClient({ region: 'eu-west-1', endpoint: fake.endpoints.accessanalyzer, credentials: KEY, maxAttempts: 1 });
    try {
      const external = await client.send(new ListAnalyzersCommand({ type: 'ACCOUNT' }));
      expect(external.analyzers?.map((a) => [a.name, a.createdAt instanceof Date])).toEqual([['external', true]]);
      await expect(client.send(new ListAnalyzersCommand({ maxResults: 0 }))).rejects.toMatchObject({ name: 'ValidationException' });
      const stranger = new AccessAnalyzerClient({ region: 'eu-west-1', endpoint: fake.endpoints.accessanalyzer, credentials: { accessKeyId: 'AKIAUNKNOWN00000000', secretAccessKey: 'x'.repeat(20) }, maxAttempts: 1 });
      await expect(stranger.send(new ListAnalyzersCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
      stranger.destroy();
    } finally {
      client.destroy();
    }
  });
});

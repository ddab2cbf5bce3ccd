import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsConfigCollector, CONFIG_ACTION_BY_OPERATION } from '../../../collectors/aws-config/collector.js';
import { selectS3BucketConfigurations } from '../../../collectors/aws-config/s3-advanced-query.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import { CallStats } from '../../../src/sdk/call-stats.js';
import { attachCallStats } from '../../../src/sdk/aws.js';
import { collect, configClient, configFor, PROD, startDemoFake } from './harness.js';

describe('aws-config permissions are exactly what the collector calls', () => {
  let estate: Estate;
  let fake: FakeAws;

  beforeAll(async () => {
    ({ estate, fake } = await startDemoFake());
  });
  afterAll(() => fake.close());

  it('declares one IAM action per SDK command it uses, and nothing else', () => {
    expect([...awsConfigCollector.permissions].sort()).toEqual(Object.values(CONFIG_ACTION_BY_OPERATION).sort());
    for (const [command, action] of Object.entries(CONFIG_ACTION_BY_OPERATION)) expect(`config:${command.replace(/Command$/, '')}`).toBe(action);
  });

  it('every call made by collect() and the advanced query is a declared permission, and every permission is used', async () => {
    const { stats } = await collect(configFor(estate, fake, PROD));
    const client = configClient(estate, fake, PROD);
    const queryStats = new CallStats();
    attachCallStats(client, queryStats, 'config');
    await selectS3BucketConfigurations(client);
    client.destroy();
    const used = new Set([...Object.keys(stats.byOperation), ...Object.keys(queryStats.byOperation)]);
    expect([...used].sort()).toEqual([...awsConfigCollector.permissions].sort());
  });
});

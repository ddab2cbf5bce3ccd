import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsConfigCollector, CONFIG_ACTION_BY_OPERATION } from '../../../collectors/aws-config/collector.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import { PROOF_ACTIONS } from '../../../src/sdk/aws-collector.js';
import { collect, configFor, PROD, startDemoFake } from './harness.js';

describe('aws-config permissions are exactly what the collector calls', () => {
  let estate: Estate;
  let fake: FakeAws;

  beforeAll(async () => {
    ({ estate, fake } = await startDemoFake());
  });
  afterAll(() => fake.close());

  it('declares one IAM action per SDK command it uses (plus the account proof), and nothing else', () => {
    expect([...awsConfigCollector.permissions].sort()).toEqual([...Object.values(CONFIG_ACTION_BY_OPERATION), ...Object.values(PROOF_ACTIONS)].sort());
    for (const [command, action] of Object.entries(CONFIG_ACTION_BY_OPERATION)) expect(`config:${command.replace(/^ConfigServiceClient\./, '').replace(/Command$/, '')}`).toBe(action);
    expect(awsConfigCollector.actionsByOperation).toEqual({ ...CONFIG_ACTION_BY_OPERATION, ...PROOF_ACTIONS });
  });

  it('every call made by collect() is a declared permission, and every permission is used', async () => {
    const { stats } = await collect(configFor(estate, fake, PROD));
    expect(Object.keys(stats.byOperation).sort()).toEqual([...awsConfigCollector.permissions].sort());
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import { collect, configForAccount, PROD, startDemoFake, type Collected } from './harness.js';

describe('aws-iam collector: pagination', () => {
  let estate: Estate;
  let paged: FakeAws;
  let whole: FakeAws;
  let small: Collected;
  let large: Collected;

  beforeAll(async () => {
    ({ estate, fake: paged } = await startDemoFake({ pageSize: 2 }));
    ({ fake: whole } = await startDemoFake({ estate }));
    small = await collect(configForAccount(estate, paged, PROD));
    large = await collect(configForAccount(estate, whole, PROD));
  });
  afterAll(async () => {
    await paged.close();
    await whole.close();
  });

  it('follows Marker through every page of GetAccountAuthorizationDetails', () => {
    // prod: 6 users + 2 groups + 5 roles + 2 customer-managed policies = 15 entities → 8 pages of 2.
    expect(small.stats.byOperation['iam:GetAccountAuthorizationDetails']).toBe(8);
    expect(large.stats.byOperation['iam:GetAccountAuthorizationDetails']).toBe(1);
  });

  it('ends with the same observations as a single page', () => {
    const count = (c: Collected, type: string) => c.output.observations.filter((o) => o.type === type).length;
    expect(count(small, 'aws.iam.user')).toBe(6);
    expect(count(small, 'aws.iam.role')).toBe(5);
    expect(count(small, 'aws.iam.policy')).toBe(4);
    expect(small.output.observations).toEqual(large.output.observations);
  });
});

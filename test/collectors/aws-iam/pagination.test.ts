import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import { collect, configForAccount, demoEstate, estateAccount, PROD, startDemoFake, type Collected } from './harness.js';

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

describe('aws-iam collector: page size', () => {
  // Issue 15: IAM accepts MaxItems up to 1000; the SDK paginators' default (100) cost ten times the calls.
  it('reads 250 users, their 250 virtual MFA devices and 150 server certificates in one page each (MaxItems 1000, not 100)', async () => {
    const estate = await demoEstate();
    const account = estateAccount(estate, PROD);
    const template = account.users[0]!;
    for (let i = 0; i < 250; i += 1) {
      account.users.push({ ...template, name: `bulk-user-${i}`, access_keys: [], groups: [], mfa_devices: [{ type: 'virtual', enabled: '-10d' }] });
    }
    for (let i = 0; i < 150; i += 1) account.server_certificates.push({ name: `bulk-cert-${i}`, path: '/', uploaded: '-100d', expires: '+100d' });
    const { fake } = await startDemoFake({ estate });
    try {
      const { stats, output } = await collect(configForAccount(estate, fake, PROD));
      expect(output.observations.filter((o) => o.type === 'aws.iam.user').length).toBe(256);
      expect(stats.byOperation['iam:GetAccountAuthorizationDetails']).toBe(1);
      expect(stats.byOperation['iam:ListVirtualMFADevices']).toBe(1);
      expect(stats.byOperation['iam:ListServerCertificates']).toBe(1);
      expect(output.observations.filter((o) => o.type === 'aws.iam.server_certificate').length).toBeGreaterThanOrEqual(150);
      // Counted at the fake too (the SDK stats could miss a page): 270 entities at the default 100 would be 3 requests.
      expect(fake.requests.filter((r) => r.action === 'GetAccountAuthorizationDetails').length).toBe(1);
    } finally {
      await fake.close();
    }
  });
});

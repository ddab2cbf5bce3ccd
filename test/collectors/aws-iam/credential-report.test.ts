import { IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallFailedError } from '../../../src/sdk/aws-call.js';
import { awaitCredentialReport, parseCredentialReport, requestCredentialReport } from '../../../collectors/aws-iam/credential-report.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import { collect, configForAccount, estateAccount, PROD, SANDBOX, startDemoFake } from './harness.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

describe('credential report', () => {
  let estate: Estate;
  let fake: FakeAws;

  beforeAll(async () => {
    ({ estate, fake } = await startDemoFake());
  });
  afterAll(() => fake.close());

  it('follows the STARTED → COMPLETE handshake: generate, other calls, poll (one sleep), then fetch', async () => {
    const before = fake.requests.length;
    const { sleeps } = await collect(configForAccount(estate, fake, PROD));
    const actions = fake.requests.slice(before).map((r) => r.action);
    // The skeleton proves the account first; then the report is asked for before any other IAM call.
    expect(actions.slice(0, 2)).toEqual(['GetCallerIdentity', 'GenerateCredentialReport']);
    const second = actions.indexOf('GenerateCredentialReport', 2);
    expect(second).toBeGreaterThan(actions.indexOf('ListVirtualMFADevices'));
    expect(actions.slice(second + 1)).toEqual(['GetCredentialReport']);
    expect(sleeps).toEqual([2000]);
  });

  it('gives up after the poll bound with a clear reason instead of waiting forever', async () => {
    const account = estateAccount(estate, SANDBOX);
    const client = new IAMClient({
      region: 'us-east-1',
      endpoint: fake.endpoints.iam,
      credentials: { accessKeyId: account.credentials.access_key_id, secretAccessKey: account.credentials.secret_access_key },
    });
    try {
      // A fresh account's first request starts generation; with no polls allowed it cannot complete.
      const state = await requestCredentialReport(client);
      expect(state).toBe('STARTED');
      const sleeps: number[] = [];
      const error = await awaitCredentialReport(client, state, { sleep: async (ms) => void sleeps.push(ms), maxPolls: 0, intervalMs: 10 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CallFailedError);
      expect((error as CallFailedError).reason).toBe('iam:GenerateCredentialReport did not complete after 0 polls');
      expect(sleeps).toEqual([]);
    } finally {
      client.destroy();
    }
  });

  it('parses root and user rows, reading N/A, no_information and not_supported as null', () => {
    const csv = [
      HEADER,
      '<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      'eve,arn:aws:iam::123456789012:user/eve,2021-02-03T04:05:06+00:00,true,2024-05-06T07:08:09+00:00,2024-01-01T00:00:00+00:00,N/A,true,false,2023-01-01T00:00:00+00:00,N/A,N/A,N/A,true,2024-02-02T00:00:00+00:00,2024-05-01T00:00:00+00:00,us-east-1,s3,false,N/A,false,N/A',
    ].join('\n');
    expect(parseCredentialReport(csv)).toEqual([
      {
        user: '<root_account>',
        arn: 'arn:aws:iam::123456789012:root',
        createdAt: '2020-01-01T00:00:00.000Z',
        state: { passwordEnabled: true, passwordLastUsed: null, passwordLastChanged: null, mfaActive: false, accessKeys: [] },
      },
      {
        user: 'eve',
        arn: 'arn:aws:iam::123456789012:user/eve',
        createdAt: '2021-02-03T04:05:06.000Z',
        state: {
          passwordEnabled: true,
          passwordLastUsed: '2024-05-06T07:08:09.000Z',
          passwordLastChanged: '2024-01-01T00:00:00.000Z',
          mfaActive: true,
          accessKeys: [
            // An inactive key keeps its slot: it exists, and its rotation date matters.
            { slot: 1, active: false, lastRotated: '2023-01-01T00:00:00.000Z', lastUsed: null },
            { slot: 2, active: true, lastRotated: '2024-02-02T00:00:00.000Z', lastUsed: '2024-05-01T00:00:00.000Z' },
          ],
        },
      },
    ]);
  });

  it('rejects a report that is not the documented CSV', () => {
    expect(() => parseCredentialReport('user,arn\nx,y')).toThrow('iam:GetCredentialReport returned a malformed report: missing columns');
    const bad = `${HEADER}\neve,arn:aws:iam::1:user/eve,yesterday,true,N/A,N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
    expect(() => parseCredentialReport(bad)).toThrow('user_creation_time is not a timestamp');
    expect(() => parseCredentialReport('"unterminated')).toThrow('not CSV');
  });
});

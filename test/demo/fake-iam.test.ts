import {
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  GetUserCommand,
  IAMClient,
  ListVirtualMFADevicesCommand,
  NoSuchEntityException,
  paginateListVirtualMFADevices,
} from '@aws-sdk/client-iam';
import { XMLParser } from 'fast-xml-parser';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import { startFakeAws, type FakeAws } from '../../src/demo/fakes/server.js';

/** The IAM fake at the protocol level: what goes over the wire, read by a real SDK client or raw HTTP. */

const ESTATE = new URL('../../config/demo/estate.yaml', import.meta.url).pathname;
const PROD_KEY = 'AKIADEMOPROD00000001';
const SANDBOX_KEY = 'AKIADEMOSANDBOX00002';

function sigV4(accessKeyId: string): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260315/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=00`;
}

async function raw(fake: FakeAws, body: string, authorization?: string) {
  const res = await fetch(fake.endpoints.iam + '/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization !== undefined ? { authorization } : {}) },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, xml: new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' }).parse(text) as Record<string, any> };
}

describe('IAM fake (protocol level)', () => {
  let estate: Estate;
  let fake: FakeAws;
  let clock = new Date('2026-03-15T12:00:00Z');
  const clientFor = (accessKeyId: string, secretAccessKey = 'irrelevant-to-the-fake') =>
    new IAMClient({ region: 'us-east-1', endpoint: fake.endpoints.iam, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });

  beforeAll(async () => {
    estate = await loadEstateFile(ESTATE);
    fake = await startFakeAws({ estate, now: () => clock, pageSize: 1 });
  });
  afterAll(() => fake.close());

  it('answers GetAccountSummary in the Query XML envelope with a SummaryMap and a RequestId', async () => {
    const { status, xml } = await raw(fake, 'Action=GetAccountSummary&Version=2010-05-08', sigV4(PROD_KEY));
    expect(status).toBe(200);
    const response = xml.GetAccountSummaryResponse;
    expect(response['@_xmlns']).toBe('https://iam.amazonaws.com/doc/2010-05-08/');
    const entries = response.GetAccountSummaryResult.SummaryMap.entry as { key: string; value: number }[];
    expect(entries.find((e) => e.key === 'AccountMFAEnabled')?.value).toBe(1);
    expect(entries.find((e) => e.key === 'Users')?.value).toBe(6);
    expect(response.ResponseMetadata.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends policy documents URL-encoded, as IAM does', async () => {
    const { text } = await raw(fake, 'Action=GetAccountAuthorizationDetails&Version=2010-05-08&Filter.member.1=LocalManagedPolicy', sigV4(PROD_KEY));
    expect(text).toContain('<Document>%7B%22Version%22%3A%222012-10-17%22');
    expect(text).toContain('<IsTruncated>true</IsTruncated>');
  });

  it('rejects requests without SigV4 or with an unknown access key, as IAM does', async () => {
    const missing = await raw(fake, 'Action=GetAccountSummary&Version=2010-05-08');
    expect(missing.status).toBe(403);
    expect(missing.xml.ErrorResponse.Error).toMatchObject({ Type: 'Sender', Code: 'MissingAuthenticationToken' });
    const unknownKey = await raw(fake, 'Action=GetAccountSummary&Version=2010-05-08', sigV4('AKIANOBODY0000000000'));
    expect(unknownKey.status).toBe(403);
    expect(unknownKey.xml.ErrorResponse.Error.Code).toBe('InvalidClientTokenId');
    expect(unknownKey.xml.ErrorResponse.RequestId).toBeTruthy();
  });

  it('answers InvalidAction for an operation it does not implement', async () => {
    const client = clientFor(PROD_KEY);
    const error = await client.send(new GetUserCommand({})).catch((e: unknown) => e as { name: string; $metadata: { httpStatusCode: number } });
    expect(error).toMatchObject({ name: 'InvalidAction', $metadata: { httpStatusCode: 400 } });
  });

  it('answers NoSuchEntity (404) for an account without a password policy', async () => {
    const error = await clientFor(SANDBOX_KEY)
      .send(new GetAccountPasswordPolicyCommand({}))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoSuchEntityException);
    expect((error as NoSuchEntityException).$metadata.httpStatusCode).toBe(404);
  });

  it('runs the credential report lifecycle: not present (410), in progress (404), complete, expired (410)', async () => {
    const client = clientFor(SANDBOX_KEY);
    await expect(client.send(new GetCredentialReportCommand({}))).rejects.toBeInstanceOf(CredentialReportNotPresentException);
    expect((await client.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    const inProgress = await client.send(new GetCredentialReportCommand({})).catch((e: unknown) => e);
    expect(inProgress).toBeInstanceOf(CredentialReportNotReadyException);
    expect((inProgress as CredentialReportNotReadyException).$metadata.httpStatusCode).toBe(404);
    expect((await client.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');

    const report = await client.send(new GetCredentialReportCommand({}));
    expect(report.ReportFormat).toBe('text/csv');
    expect(report.GeneratedTime?.toISOString()).toBe('2026-03-15T12:00:00.000Z');
    const rows = parse(Buffer.from(report.Content!).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toHaveLength(22);
    expect(rows.map((r) => r.user)).toEqual(['<root_account>', 'dana']);
    expect(rows[0]).toMatchObject({
      arn: 'arn:aws:iam::222222222222:root',
      password_enabled: 'not_supported',
      password_last_used: '2026-03-12T00:00:00+00:00',
      mfa_active: 'true',
      access_key_1_active: 'true',
      access_key_1_last_used_service: 'ec2',
      access_key_2_active: 'false',
      access_key_2_last_rotated: 'N/A',
    });

    clock = new Date(clock.getTime() + 5 * 3_600_000);
    await expect(client.send(new GetCredentialReportCommand({}))).rejects.toBeInstanceOf(CredentialReportExpiredException);
    expect((await client.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    client.destroy();
  });

  it('pages ListVirtualMFADevices with Marker, and rejects a forged Marker', async () => {
    const client = clientFor(PROD_KEY);
    const serials: string[] = [];
    let pages = 0;
    for await (const page of paginateListVirtualMFADevices({ client }, {})) {
      pages += 1;
      serials.push(...(page.VirtualMFADevices ?? []).map((d) => d.SerialNumber!));
    }
    expect(pages).toBe(2);
    expect(serials).toEqual(['arn:aws:iam::111111111111:mfa/alice', 'arn:aws:iam::111111111111:mfa/old-contractor']);
    await expect(client.send(new ListVirtualMFADevicesCommand({ Marker: 'not-a-marker' }))).rejects.toMatchObject({ name: 'InvalidInputException', Code: 'InvalidInput' });
  });

  it('delays answers by latencyMs', async () => {
    const slow = await startFakeAws({ estate, latencyMs: 150 });
    try {
      const started = performance.now();
      const { status } = await raw(slow, 'Action=GetAccountSummary&Version=2010-05-08', sigV4(PROD_KEY));
      expect(status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await slow.close();
    }
  });

  it('closes promptly even while a Timeout fault holds a request open', async () => {
    const held = await startFakeAws({ estate });
    held.faults.inject({ service: 'iam', operation: 'GetAccountSummary', kind: 'Timeout' });
    const pending = raw(held, 'Action=GetAccountSummary&Version=2010-05-08', sigV4(PROD_KEY)).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await held.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });
});

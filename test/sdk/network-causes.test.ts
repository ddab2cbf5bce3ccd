import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUnreachableEndpoints, type UnreachableEndpoints } from '../helpers/unreachable.js';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import pino from 'pino';
import { call, CallFailedError } from '../../src/sdk/aws-call.js';
import { accountCredentials, AssumeRoleFailedError } from '../../src/sdk/aws-credentials.js';
import { createGithubClient } from '../../src/sdk/github.js';
import { CallStats } from '../../src/sdk/call-stats.js';
import { failure } from '../../collectors/github/call.js';
import { parseConfig } from '../../src/config/load.js';

/**
 * No network, three ways, with the real AWS SDK and Octokit clients: a refused port, a host that cannot
 * resolve (`.invalid` is reserved never to resolve, RFC 6761) and a black hole (a local server that
 * accepts and never answers, with a short request timeout). Each failure names its true cause — never
 * "rejected the credentials" or "HTTP 500".
 */
let endpoints: UnreachableEndpoints;
let refusedPort: number;
let blackHolePort: number;

beforeAll(async () => {
  endpoints = await startUnreachableEndpoints();
  ({ refusedPort, blackHolePort } = endpoints);
});
afterAll(() => endpoints.close());

const ENDPOINTS = {
  refused: () => `http://127.0.0.1:${refusedPort}`,
  dns: () => 'http://sts.controlwatch-test.invalid',
  blackHole: () => `http://127.0.0.1:${blackHolePort}`,
};

function sts(endpoint: string) {
  return new STSClient({
    region: 'eu-west-1',
    endpoint,
    credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: 'x'.repeat(40) },
    maxAttempts: 1,
    requestHandler: { requestTimeout: 300, connectionTimeout: 300, throwOnRequestTimeout: true },
  });
}

async function awsReason(endpoint: string): Promise<string> {
  const client = sts(endpoint);
  try {
    await call('sts:GetCallerIdentity', () => client.send(new GetCallerIdentityCommand({})));
    throw new Error('expected a failure');
  } catch (error) {
    expect(error).toBeInstanceOf(CallFailedError);
    return (error as CallFailedError).reason;
  } finally {
    client.destroy();
  }
}

describe('AWS: the cause of an unreachable endpoint', () => {
  it('a refused connection', async () => {
    expect(await awsReason(ENDPOINTS.refused())).toBe('sts:GetCallerIdentity could not reach AWS: connection refused (ECONNREFUSED)');
  });

  it('a host that does not resolve', async () => {
    expect(await awsReason(ENDPOINTS.dns())).toBe('sts:GetCallerIdentity could not reach AWS: DNS lookup failed for sts.controlwatch-test.invalid (ENOTFOUND)');
  });

  it('a black hole: timed out, within the request timeout', async () => {
    expect(await awsReason(ENDPOINTS.blackHole())).toBe('sts:GetCallerIdentity timed out');
  });

  it('AssumeRole through an unreachable STS: the cause is named, not "rejected the credentials", and STS is asked once', async () => {
    const config = parseConfig(
      `version: 1\naws:\n  requestTimeoutMs: 300\n  retry: { maxAttempts: 1 }\n  endpoints: { sts: "${ENDPOINTS.dns()}" }\n  credentials: { accessKeyId: AKIAEXAMPLEEXAMPLE00, secretAccessKey: ${'x'.repeat(40)} }\n  accounts:\n    - id: "111111111111"\n      regions: [eu-west-1]\n      assumeRole: { roleArn: "arn:aws:iam::111111111111:role/controlwatch" }\n`,
      'test',
    );
    const provider = accountCredentials(config.aws!, config.aws!.accounts[0]!) as () => Promise<unknown>;
    const first = await provider().catch((e: unknown) => e);
    const second = await provider().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(AssumeRoleFailedError);
    expect(second).toBe(first); // the remembered failure: STS was not asked again
    const client = new STSClient({ region: 'eu-west-1', endpoint: ENDPOINTS.refused(), credentials: provider as never, maxAttempts: 1 });
    try {
      const reason = await call('sts:GetCallerIdentity', () => client.send(new GetCallerIdentityCommand({}))).catch((e: CallFailedError) => e.reason);
      expect(reason).toBe('sts:GetCallerIdentity: could not reach STS to assume arn:aws:iam::111111111111:role/controlwatch: DNS lookup failed for sts.controlwatch-test.invalid (ENOTFOUND)');
    } finally {
      client.destroy();
    }
  });
});

describe('GitHub: the cause of an unreachable API', () => {
  async function githubReason(baseUrl: string): Promise<{ status: number | undefined; reason: string }> {
    const client = createGithubClient({ baseUrl, auth: { token: 'ghp_example' }, stats: new CallStats(), log: pino({ level: 'silent' }), requestTimeoutMs: 300, maxThrottleRetries: 0, timeScaleMs: 1 } as Parameters<typeof createGithubClient>[0]);
    try {
      await client.request('GET /orgs/{org}', { org: 'acme' });
      throw new Error('expected a failure');
    } catch (error) {
      const f = failure(error);
      return { status: f.status, reason: f.reason };
    }
  }

  it('a refused connection is not "HTTP 500"', async () => {
    expect(await githubReason(ENDPOINTS.refused())).toEqual({ status: undefined, reason: 'could not reach GitHub: connection refused (ECONNREFUSED)' });
  });

  it('a host that does not resolve', async () => {
    expect(await githubReason('http://api.controlwatch-test.invalid')).toEqual({ status: undefined, reason: 'could not reach GitHub: DNS lookup failed for api.controlwatch-test.invalid (ENOTFOUND)' });
  });

  it('a black hole times out', async () => {
    const r = await githubReason(ENDPOINTS.blackHole());
    expect(r.status).toBeUndefined();
    expect(r.reason).toMatch(/timed out/);
  });
});

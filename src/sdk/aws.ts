import { isThrottlingError } from '@smithy/core/retry';
import type { AwsAccountConfig, AwsConfig } from '../config/schema.js';
import type { CallStats } from './call-stats.js';
import { accountCredentials, type AccountCredentials } from './aws-credentials.js';

/**
 * Client configuration for every AWS SDK v3 client the collectors build, so retry, timeouts,
 * endpoints and credentials are set in one place and every client is counted the same way.
 */

/**
 * Every AWS service the configuration can send to an overridden endpoint (`aws.endpoints.<key>`): the keys collectors
 * declare their services by. Derived from the schema, so a new service is added in one place. A key is also the
 * namespace its operations are named in (`iam:GetAccountSummary`, `s3control:GetPublicAccessBlock`) for counts,
 * sources and Unknown reasons: API operations, not IAM actions (collectors map one to the other in their `actions`),
 * which is why S3 Control keeps its own (its account-level GetPublicAccessBlock is not S3's bucket-level one).
 */
export type AwsServiceKey = keyof AwsConfig['endpoints'] & string;

/** The SDK client class name of each service, so `attachCallStats` can name operations without being told. */
const CLIENT_NAME_PREFIX: Record<string, string> = {
  IAMClient: 'iam',
  S3Client: 's3',
  S3ControlClient: 's3control',
  STSClient: 'sts',
  ConfigServiceClient: 'config',
  OrganizationsClient: 'organizations',
  CloudTrailClient: 'cloudtrail',
  AccessAnalyzerClient: 'accessanalyzer',
};

/** Constructor options of the SDK's default NodeHttpHandler (the SDK builds the handler from them). */
export interface AwsRequestHandlerOptions {
  /** Milliseconds a request may wait for its response before the SDK aborts (and retries) it. */
  readonly requestTimeout: number;
  /** Milliseconds to establish the TCP connection. */
  readonly connectionTimeout: number;
  /** Without it the handler only logs a warning when requestTimeout passes, and a hung request waits forever. */
  readonly throwOnRequestTimeout: true;
}

/** Accepted by the constructor of any AWS SDK v3 client (IAMClient, S3Client, ...). */
export interface AwsClientConfig {
  readonly region: string;
  /** Present only when the config overrides this service, so AWS_ENDPOINT_URL[_<SERVICE>] keep working otherwise. */
  readonly endpoint?: string;
  /** S3 only. */
  readonly forcePathStyle?: boolean;
  /** Static keys or a shared AssumeRole session provider; absent → the SDK's default credential chain. */
  readonly credentials?: AccountCredentials;
  readonly retryMode: 'standard' | 'adaptive';
  readonly maxAttempts: number;
  readonly requestHandler: AwsRequestHandlerOptions;
}

export interface AwsClientConfigInput {
  readonly aws: AwsConfig;
  readonly account: AwsAccountConfig;
  readonly region: string;
  readonly service: AwsServiceKey;
}

export function awsClientConfig({ aws, account, region, service }: AwsClientConfigInput): AwsClientConfig {
  const endpoint = aws.endpoints[service];
  const credentials = accountCredentials(aws, account);
  return {
    region,
    // Omitted (not `undefined`) when not overridden: the SDK then resolves AWS_ENDPOINT_URL_<SERVICE> / AWS_ENDPOINT_URL.
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(service === 's3' ? { forcePathStyle: aws.s3ForcePathStyle } : {}),
    // Static keys, a shared AssumeRole session, or (omitted) the SDK's default chain.
    ...(credentials !== undefined ? { credentials } : {}),
    retryMode: aws.retry.mode,
    maxAttempts: aws.retry.maxAttempts,
    // A plain options object: the SDK constructs its NodeHttpHandler from it (no direct handler dependency here).
    requestHandler: {
      requestTimeout: aws.requestTimeoutMs,
      connectionTimeout: Math.min(aws.requestTimeoutMs, 10_000),
      throwOnRequestTimeout: true,
    },
  };
}

/** The minimum of a smithy client we need: its middleware stack. Structural, so any AWS SDK v3 client fits. */
interface MiddlewareContext {
  readonly clientName?: string;
  readonly commandName?: string;
}
// `any`: each client types its handler arguments differently; this middleware only passes them through.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type NextHandler = (args: any) => Promise<any>;
type FinalizeMiddleware = (next: NextHandler, context: MiddlewareContext) => NextHandler;
export interface StackClient {
  readonly middlewareStack: {
    add(middleware: FinalizeMiddleware, options: { step: 'finalizeRequest'; priority: 'low'; name: string; tags?: string[] }): void;
  };
}

/** `iam:GetAccountSummary` from the client and command names the SDK puts in the handler context. */
export function operationName(context: MiddlewareContext, prefix?: string): string {
  const service = prefix ?? CLIENT_NAME_PREFIX[context.clientName ?? ''] ?? (context.clientName ?? 'aws').replace(/Client$/, '').toLowerCase();
  const command = (context.commandName ?? 'Unknown').replace(/Command$/, '');
  return `${service}:${command}`;
}

/**
 * Counts every HTTP attempt and every throttled attempt. The middleware sits in the finalizeRequest step at
 * low priority, i.e. inside the retry middleware (finalizeRequest, high), so it runs once per attempt.
 */
export function attachCallStats(client: StackClient, stats: CallStats, service?: AwsServiceKey): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      stats.recordCall(operationName(context, service));
      try {
        return await next(args);
      } catch (error) {
        // The SDK's own classification, so "throttled" here means what the retry strategy treats as throttling.
        if (typeof error === 'object' && error !== null && isThrottlingError(error as Parameters<typeof isThrottlingError>[0])) {
          stats.recordThrottle();
        }
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'controlwatchCallStats', tags: ['CONTROLWATCH'] },
  );
}

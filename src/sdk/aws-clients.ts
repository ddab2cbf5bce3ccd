import type { AwsClientConfig, AwsServiceKey, StackClient } from './aws.js';
import { attachCallStats } from './aws.js';
import type { CallStats } from './call-stats.js';
import { boundedRequestHandler } from './aws-bounded-handler.js';
import { attachPaginationGuard } from './aws-pagination-guard.js';

/**
 * The SDK clients of one collection: built on first use with the configured retry mode, timeouts,
 * endpoints and credentials (awsClientConfig), each attempt bounded in time and size (aws-bounded-handler.ts), counted (attachCallStats), one per service × region and
 * reused (S3 answers a request signed for the wrong region with 301 PermanentRedirect; S3 Control and
 * other account-level services get one per region asked, usually the home region), and destroyed together
 * when the collection ends.
 */

/** Any AWS SDK v3 client: a middleware stack to count with, and sockets to release. */
export interface AwsSdkClient extends StackClient {
  destroy(): void;
}

/** An SDK client class (IAMClient, S3Client, …). `any`: each client types its config differently; all accept AwsClientConfig. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AwsClientClass = new (config: any) => AwsSdkClient;

/** The clients a collector declares: service key → SDK client class, e.g. `{ iam: IAMClient }`. */
export type AwsServices = Partial<Record<AwsServiceKey, AwsClientClass>>;

export type ClientConfigFor = (service: AwsServiceKey, region: string) => AwsClientConfig;

export interface AwsClients<Sv extends AwsServices> {
  /** The counted client for `service` in `region` (default: the scope's region). */
  get<K extends keyof Sv & AwsServiceKey>(service: K, region?: string): InstanceType<NonNullable<Sv[K]>>;
  /** Regions a client was built for, per service (tests assert one client per region). */
  regions(service: keyof Sv & AwsServiceKey): string[];
}

export class AwsClientPool<Sv extends AwsServices> implements AwsClients<Sv> {
  private readonly built = new Map<string, AwsSdkClient>();

  constructor(
    private readonly services: Sv,
    private readonly configFor: ClientConfigFor,
    private readonly stats: CallStats,
    private readonly defaultRegion: string,
  ) {}

  get<K extends keyof Sv & AwsServiceKey>(service: K, region = this.defaultRegion): InstanceType<NonNullable<Sv[K]>> {
    const key = `${service}\u0000${region}`;
    let client = this.built.get(key);
    if (client === undefined) {
      const Client = this.services[service];
      if (Client === undefined) throw new Error(`service ${service} is not among the collector's declared services`);
      client = new Client(clientOptions(service, this.configFor(service, region)));
      attachCallStats(client, this.stats, service);
      attachPaginationGuard(client as unknown as Parameters<typeof attachPaginationGuard>[0], service);
      this.built.set(key, client);
    }
    return client as InstanceType<NonNullable<Sv[K]>>;
  }

  regions(service: keyof Sv & AwsServiceKey): string[] {
    return [...this.built.keys()]
      .filter((k) => k.startsWith(`${service}\u0000`))
      .map((k) => k.slice(service.length + 1))
      .sort();
  }

  destroy(): void {
    for (const client of this.built.values()) client.destroy();
    this.built.clear();
  }
}

function clientOptions(service: AwsServiceKey, plain: AwsClientConfig): object {
  // Every attempt read whole within requestTimeoutMs and under the size cap (the SDK's own handler bounds only
  // the wait for headers: a slow-drip or endless body would hang the collection).
  const config = {
    ...plain,
    requestHandler: boundedRequestHandler(plain.requestHandler, { deadlineMs: plain.requestHandler.requestTimeout }),
    // The SDK resolves a command's middleware stack once per command class, not on every send (smithy's Client.send
    // handler cache): our middleware (call stats, pagination guard) is added in get() before the client's first send,
    // and no call passes per-send options, which would bypass the cache. A daily S3 read is ~30,000 sends at the
    // estate benchmark's default size, and the collection waits on this process's CPU (issue 15).
    cacheMiddleware: true,
  };
  if (service !== 's3control' || config.endpoint === undefined) return config;
  // S3 Control's endpoint rules put the account id in front of the host (`<account>.s3-control…`), which turns an
  // overridden endpoint such as http://127.0.0.1:port into an invalid URL; `disableHostPrefix` does not stop it (the
  // prefix comes from the rule set, not a host-prefix trait). So an override is used verbatim, and the account
  // travels in the x-amz-account-id header as usual.
  const { endpoint, ...rest } = config;
  return { ...rest, endpointProvider: () => ({ url: new URL(endpoint) }) };
}

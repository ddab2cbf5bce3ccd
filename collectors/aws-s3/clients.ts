import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { attachCallStats, type AwsClientConfig } from '../../src/sdk/aws.js';
import type { CallStats } from '../../src/sdk/call-stats.js';

/**
 * The collection's SDK clients: one S3 client per bucket region, created on first use and reused (S3 answers
 * a request signed for the wrong region with 301 PermanentRedirect), one S3 Control client, and one AWS Config
 * client per region whose advanced query supplies bucket settings (config-source.ts).
 */

export type ClientConfigFor = (service: 's3' | 's3control' | 'config' | 'sts', region: string) => AwsClientConfig;

export class S3Clients {
  private readonly byRegion = new Map<string, S3Client>();
  private control: S3ControlClient | undefined;
  private readonly configByRegion = new Map<string, ConfigServiceClient>();

  constructor(
    private readonly config: ClientConfigFor,
    private readonly stats: CallStats,
  ) {}

  s3(region: string): S3Client {
    let client = this.byRegion.get(region);
    if (client === undefined) {
      client = new S3Client(this.config('s3', region));
      attachCallStats(client, this.stats, 's3');
      this.byRegion.set(region, client);
    }
    return client;
  }

  /** The regions a client was created for (tests assert one client per region). */
  regions(): string[] {
    return [...this.byRegion.keys()].sort();
  }

  s3control(region: string): S3ControlClient {
    if (this.control === undefined) {
      const { endpoint, ...config } = this.config('s3control', region);
      // S3 Control's endpoint rules put the account id in front of the host (`<account>.s3-control…`), which
      // turns an overridden endpoint such as http://127.0.0.1:port into an invalid URL; `disableHostPrefix`
      // does not stop it (the prefix comes from the rule set, not a host-prefix trait). So an override is
      // used verbatim, and the account travels in the x-amz-account-id header as usual.
      this.control = new S3ControlClient({ ...config, ...(endpoint !== undefined ? { endpointProvider: () => ({ url: new URL(endpoint) }) } : {}) });
      attachCallStats(this.control, this.stats, 's3control');
    }
    return this.control;
  }

  configService(region: string): ConfigServiceClient {
    let client = this.configByRegion.get(region);
    if (client === undefined) {
      client = new ConfigServiceClient(this.config('config', region));
      attachCallStats(client, this.stats, 'config');
      this.configByRegion.set(region, client);
    }
    return client;
  }

  destroy(): void {
    for (const client of this.byRegion.values()) client.destroy();
    for (const client of this.configByRegion.values()) client.destroy();
    this.control?.destroy();
  }
}

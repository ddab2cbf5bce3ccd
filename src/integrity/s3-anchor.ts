import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { SignedCheckpoint } from './checkpoint.js';
import type { CheckpointAnchor } from './anchors.js';
import type { S3_ANCHOR_SDK } from './s3-anchor-sdk.js';

type AnchorSdk = typeof S3_ANCHOR_SDK;

export interface S3AnchorOptions {
  bucket: string;
  prefix: string;
  /** How long S3 Object Lock (compliance mode) keeps each checkpoint from deletion or overwrite. */
  retentionDays: number;
  /** Client settings: region, the anchor's OWN credentials (not the read-only collection role's), endpoint. */
  client: S3ClientConfig;
  now?: () => Date;
}

/**
 * A bucket with Object Lock enabled. Every object is written in COMPLIANCE mode with a retain-until
 * date: until then nobody, root included, can delete or overwrite it, so a checkpoint outlives a
 * compromised agent host. The write permission lives in config/aws-checkpoint-anchor-policy.json,
 * attached to a principal of its own; the collection role stays read-only.
 */
export class S3Anchor implements CheckpointAnchor {
  readonly label: string;
  /** The S3 client package, loaded on first use: commands that only read the store never load it (test/architecture/lazy-demo.test.ts). */
  private sdk: Promise<AnchorSdk> | undefined;
  private client: S3Client | undefined;

  constructor(private readonly opts: S3AnchorOptions) {
    this.label = `s3://${opts.bucket}/${opts.prefix}`;
  }

  private async s3(): Promise<{ client: S3Client; sdk: AnchorSdk }> {
    this.sdk ??= import('./s3-anchor-sdk.js').then((m) => m.S3_ANCHOR_SDK);
    const sdk = await this.sdk;
    this.client ??= new sdk.S3Client(this.opts.client);
    return { client: this.client, sdk };
  }

  async write(cp: SignedCheckpoint): Promise<void> {
    const { client, sdk } = await this.s3();
    const now = (this.opts.now ?? (() => new Date()))();
    const retainUntil = new Date(now.getTime() + this.opts.retentionDays * 86_400_000);
    // Names are unique per chain head, so each is written once; the signature goes first, so a
    // listed .json always has its .sig.
    for (const [ext, bytes] of [['sig', cp.signature], ['json', cp.json]] as const) {
      await client.send(
        new sdk.PutObjectCommand({
          Bucket: this.opts.bucket,
          Key: `${this.opts.prefix}${cp.name}.${ext}`,
          Body: bytes,
          ContentType: ext === 'json' ? 'application/json' : 'application/octet-stream',
          ObjectLockMode: 'COMPLIANCE',
          ObjectLockRetainUntilDate: retainUntil,
          // S3 requires an integrity checksum on every Object Lock PUT.
          ChecksumAlgorithm: 'SHA256',
        }),
      );
    }
  }

  async list(): Promise<SignedCheckpoint[]> {
    const { client, sdk } = await this.s3();
    const keys = await this.keys();
    const byName = new Map<string, Partial<SignedCheckpoint>>();
    for (const key of keys) {
      const rest = key.slice(this.opts.prefix.length);
      const m = /^(checkpoint-\d+)\.(json|sig)$/.exec(rest);
      if (!m) continue;
      const out = await client.send(new sdk.GetObjectCommand({ Bucket: this.opts.bucket, Key: key }));
      const bytes = Buffer.from(await out.Body!.transformToByteArray());
      const entry = byName.get(m[1]!) ?? { name: m[1]! };
      if (m[2] === 'json') entry.json = bytes;
      else entry.signature = bytes;
      byName.set(m[1]!, entry);
    }
    return [...byName.values()]
      .filter((e): e is SignedCheckpoint => e.json !== undefined)
      .map((e) => ({ name: e.name, json: e.json, signature: e.signature ?? Buffer.alloc(0) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  destroy(): void {
    this.client?.destroy();
  }

  private async keys(): Promise<string[]> {
    const { client, sdk } = await this.s3();
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListObjectsV2Command({ Bucket: this.opts.bucket, Prefix: this.opts.prefix, ...(token ? { ContinuationToken: token } : {}) }),
      );
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }
}

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sigV4AccessKeyId } from './aws-query.js';
import { sendReply } from './http.js';
import { s3Error, s3Timestamp, s3Xml, type S3Reply } from './s3-xml.js';

/**
 * Object writes for the checkpoint anchor: a bucket with Object Lock enabled, path-style, answering
 * PutObject (with the x-amz-object-lock-* headers), GetObject, ListObjectsV2 and DeleteObject as
 * S3 does for the cases the anchor meets. Kept apart from the estate-driven S3 fake (which only
 * answers the collector's read-only GETs) because these buckets hold objects the agent writes.
 *
 * Simplification, said plainly: real S3 keeps versions, so a PUT to a locked key adds a version and
 * a DELETE without a version id adds a delete marker; this fake refuses both while the lock holds
 * (403 AccessDenied), which is what matters to the anchor: the locked bytes cannot be replaced.
 */

export interface S3ObjectLockFakeOptions {
  readonly buckets: readonly string[];
  /** Access key ids allowed to write (the anchor's own principal); others get AccessDenied on PUT. */
  readonly writers: readonly string[];
  /** Access key ids allowed to read and list (writers may too). */
  readonly readers: readonly string[];
  readonly now?: () => Date;
}

interface StoredObject {
  body: Buffer;
  mode: string | null;
  retainUntil: Date | null;
  lastModified: Date;
}

export interface S3ObjectLockFake {
  readonly endpoint: string;
  /** Bucket → key → object, for tests that look behind the API. */
  readonly objects: ReadonlyMap<string, ReadonlyMap<string, Readonly<StoredObject>>>;
  close(): Promise<void>;
}

export async function startS3ObjectLockFake(options: S3ObjectLockFakeOptions): Promise<S3ObjectLockFake> {
  const now = options.now ?? (() => new Date());
  const objects = new Map<string, Map<string, StoredObject>>(options.buckets.map((b) => [b, new Map()]));
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBytes(req);
    const reply = answer(req, body);
    if (Buffer.isBuffer(reply)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': reply.length, etag: `"${md5(reply)}"` });
      res.end(reply);
    } else sendReply(res, reply);
  };
  const answer = (req: IncomingMessage, body: Buffer): S3Reply | Buffer => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const [bucketName, ...rest] = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
    const key = rest.join('/');
    const accessKey = sigV4AccessKeyId(req.headers.authorization);
    const canWrite = accessKey !== undefined && options.writers.includes(accessKey);
    const canRead = canWrite || (accessKey !== undefined && options.readers.includes(accessKey));
    if (!canRead && !canWrite) return denied();
    const bucket = bucketName !== undefined ? objects.get(bucketName) : undefined;
    if (!bucket) return s3Error({ status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist' });

    if (req.method === 'GET' && key === '' && url.searchParams.get('list-type') === '2') {
      if (!canRead) return denied();
      const prefix = url.searchParams.get('prefix') ?? '';
      const keys = [...bucket.keys()].filter((k) => k.startsWith(prefix)).sort();
      return s3Xml('ListBucketResult', {
        Name: bucketName!,
        Prefix: prefix,
        KeyCount: String(keys.length),
        MaxKeys: '1000',
        IsTruncated: 'false',
        Contents: keys.map((k) => ({ Key: k, Size: String(bucket.get(k)!.body.length), LastModified: s3Timestamp(bucket.get(k)!.lastModified), StorageClass: 'STANDARD' })),
      });
    }
    if (key === '') return s3Error({ status: 501, code: 'NotImplemented', message: 'This operation is not implemented by the fake' });
    const existing = bucket.get(key);
    const locked = existing?.mode === 'COMPLIANCE' && existing.retainUntil !== null && existing.retainUntil > now();
    switch (req.method) {
      case 'GET':
        if (!canRead) return denied();
        return existing ? existing.body : s3Error({ status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' });
      case 'PUT': {
        if (!canWrite) return denied();
        const mode = header(req, 'x-amz-object-lock-mode');
        const until = header(req, 'x-amz-object-lock-retain-until-date');
        if ((mode === null) !== (until === null)) {
          return s3Error({ status: 400, code: 'InvalidRequest', message: 'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied' });
        }
        if (mode !== null && header(req, 'content-md5') === null && !Object.keys(req.headers).some((h) => h.startsWith('x-amz-checksum-'))) {
          return s3Error({ status: 400, code: 'InvalidRequest', message: 'Content-MD5 or x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters' });
        }
        if (locked) return denied();
        bucket.set(key, { body, mode, retainUntil: until === null ? null : new Date(until), lastModified: now() });
        return { status: 200, contentType: 'application/xml', body: '', headers: { etag: `"${md5(body)}"` } };
      }
      case 'DELETE':
        if (!canWrite || locked) return denied();
        bucket.delete(key);
        return { status: 204, contentType: 'application/xml', body: '', headers: {} };
      default:
        return s3Error({ status: 501, code: 'NotImplemented', message: 'This operation is not implemented by the fake' });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function denied(): S3Reply {
  return s3Error({ status: 403, code: 'AccessDenied', message: 'Access Denied' });
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}

function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

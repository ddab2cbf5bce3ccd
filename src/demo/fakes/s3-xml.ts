import { createHash, randomUUID } from 'node:crypto';
import { XMLBuilder } from 'fast-xml-parser';
import type { XmlObject } from './aws-query.js';

/**
 * S3's REST-XML wire format (shared by S3 and S3 Control): success bodies are the operation's root
 * element in the S3 namespace, errors are `<Error><Code/><Message/>…<RequestId/><HostId/></Error>` with
 * the HTTP status S3 uses, and request ids travel in `x-amz-request-id` / `x-amz-id-2` headers.
 */

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** An S3 answer: unlike the Query services, S3 puts meaning in headers too (e.g. x-amz-bucket-region). */
export interface S3Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, format: false });

function requestHeaders(): Record<string, string> {
  const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
  return { 'x-amz-request-id': requestId, 'x-amz-id-2': Buffer.from(randomUUID()).toString('base64') };
}

/** `<Root xmlns="namespace">content</Root>`; an empty string gives an empty root element. */
export function s3Xml(root: string, content: XmlObject | string, namespace: string = S3_NAMESPACE): S3Reply {
  const element: XmlObject = typeof content === 'string' ? { '@_xmlns': namespace, '#text': content } : { '@_xmlns': namespace, ...content };
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: element })}`;
  return { status: 200, contentType: 'application/xml', body, headers: requestHeaders() };
}

/** A 200 whose body is not XML at all (GetBucketPolicy answers the policy JSON itself). */
export function s3Raw(body: string, contentType: string): S3Reply {
  return { status: 200, contentType, body, headers: requestHeaders() };
}

export interface S3ErrorSpec {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** Extra elements S3 adds for some codes, e.g. BucketName, or Endpoint for a redirect. */
  readonly extra?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export function s3Error(spec: S3ErrorSpec): S3Reply {
  const headers = requestHeaders();
  const body = builder.build({
    Error: { Code: spec.code, Message: spec.message, ...(spec.extra ?? {}), RequestId: headers['x-amz-request-id']!, HostId: headers['x-amz-id-2']! },
  });
  return { status: spec.status, contentType: 'application/xml', body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, headers: { ...headers, ...(spec.headers ?? {}) } };
}

/** S3 timestamps carry milliseconds (`2024-01-02T03:04:05.000Z`). */
export function s3Timestamp(date: Date): string {
  return date.toISOString();
}

/**
 * A stable 64-hex-digit canonical user id for an account (real ids are opaque; this one only needs to be
 * the same on every request, so observations hash the same every day).
 */
export function canonicalUserId(accountId: string): string {
  return createHash('sha256').update(`controlwatch-demo-canonical-user:${accountId}`).digest('hex');
}

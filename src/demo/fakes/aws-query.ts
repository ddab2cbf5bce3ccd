import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { XMLBuilder } from 'fast-xml-parser';
import { sendReply } from './http.js';

/**
 * AWS Query-protocol plumbing shared by the Query services (IAM now; STS later): reading the form
 * body, identifying the caller from SigV4, and writing the XML success and error envelopes that the
 * SDK's AwsQueryProtocol deserializer reads (`<XResponse><XResult>…</XResult><ResponseMetadata>`,
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`).
 */

/** What a fake service answers; the server writes it. */
export interface FakeReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly requestId: string;
}

export type XmlValue = string | number | boolean | XmlObject | XmlValue[];
export interface XmlObject {
  [key: string]: XmlValue;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, format: false });

/** A Query-protocol list: `<Name><member>…</member>…</Name>`; an empty list is an empty element, as AWS sends it. */
export function xmlList(items: readonly XmlValue[]): XmlObject | string {
  return items.length === 0 ? '' : { member: [...items] };
}

/** A Query-protocol map: `<entry><key/><value/></entry>…`. */
export function xmlMap(entries: Readonly<Record<string, string | number>>): XmlObject | string {
  const list = Object.entries(entries).map(([key, value]) => ({ key, value }));
  return list.length === 0 ? '' : { entry: list };
}

/** AWS timestamps: ISO-8601 UTC without milliseconds. */
export function awsTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function querySuccess(namespace: string, action: string, result: XmlObject | undefined): FakeReply {
  const requestId = randomUUID();
  const envelope: XmlObject = {
    '@_xmlns': namespace,
    ...(result !== undefined ? { [`${action}Result`]: result } : {}),
    ResponseMetadata: { RequestId: requestId },
  };
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [`${action}Response`]: envelope })}`;
  return { status: 200, contentType: 'text/xml', body, requestId };
}

export interface QueryErrorSpec {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** `Sender` (the caller's fault) or `Receiver` (the service's). */
  readonly type?: 'Sender' | 'Receiver';
}

export function queryError(namespace: string, spec: QueryErrorSpec): FakeReply {
  const requestId = randomUUID();
  const body = builder.build({
    ErrorResponse: {
      '@_xmlns': namespace,
      Error: { Type: spec.type ?? (spec.status >= 500 ? 'Receiver' : 'Sender'), Code: spec.code, Message: spec.message },
      RequestId: requestId,
    },
  });
  return { status: spec.status, contentType: 'text/xml', body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, requestId };
}

/** The Query request's parameters: the form body, plus any query-string parameters (GET requests). */
export function queryParams(url: string | undefined, body: string): URLSearchParams {
  const params = new URLSearchParams(new URL(url ?? '/', 'http://fake').search);
  for (const [key, value] of new URLSearchParams(body)) params.append(key, value);
  return params;
}

/** `Name.member.1`, `Name.member.2`, … in order: how the Query protocol sends a list parameter. */
export function queryList(params: URLSearchParams, name: string): string[] {
  const prefix = `${name}.member.`;
  return [...params.entries()]
    .filter(([key]) => key.startsWith(prefix))
    .sort(([a], [b]) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
    .map(([, value]) => value);
}

/**
 * The access key id from a SigV4 `Authorization` header
 * (`AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/iam/aws4_request, SignedHeaders=…, Signature=…`).
 */
export function sigV4AccessKeyId(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /Credential=([^/,\s]+)\//.exec(authorization);
  return match?.[1];
}

/** Writes an AWS answer with its request id header, as the SDK's error messages and logs expect. */
export function sendAwsReply(res: ServerResponse, reply: FakeReply): void {
  sendReply(res, { ...reply, headers: { 'x-amzn-requestid': reply.requestId } });
}

/** The region of a SigV4 credential scope (`Credential=AKID/20240101/eu-west-1/config/aws4_request`). */
export function sigV4Region(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  return /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//.exec(authorization)?.[1];
}

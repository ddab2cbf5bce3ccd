/**
 * The size cap every answer from a remote API is read under (issue 14, defect 4), shared by the GitHub fetch
 * (capped-fetch.ts) and the AWS request handler (aws-bounded-handler.ts): a declared Content-Length past the
 * cap is refused before the body is read, and a body that grows past it (no or a lying Content-Length) is cut
 * off while streaming — so a hostile or broken endpoint can never make the agent buffer hundreds of megabytes.
 */

/** Default cap of one answer: far above any real page (a 10k-user credential report is a few MB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export class ResponseTooLargeError extends Error {
  constructor(
    readonly url: string,
    readonly limitBytes: number,
  ) {
    super(`response from ${url} exceeds the ${limitBytes}-byte size cap`);
    this.name = 'ResponseTooLargeError';
  }
}

/** True when a Content-Length header (string, string[] or absent) announces more than the cap. */
export function declaredTooLarge(contentLength: string | readonly string[] | null | undefined, limitBytes: number): boolean {
  const value = Array.isArray(contentLength) ? contentLength[0] : contentLength;
  if (typeof value !== 'string' || value.trim() === '') return false;
  const declared = Number(value);
  return Number.isFinite(declared) && declared > limitBytes;
}

/** Removes the query string: it may carry credentials, and the route is what names the call. */
export function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/**
 * Reads a body whole, never past `limitBytes`. Leaving the loop early (the cap, or the caller's deadline
 * destroying the source) ends the iteration, which cancels a web stream and destroys a Node stream.
 */
export async function readBounded(body: AsyncIterable<Uint8Array | string>, limitBytes: number, url: string): Promise<Buffer<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let seen = 0;
  for await (const chunk of body) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    seen += bytes.byteLength;
    if (seen > limitBytes) throw new ResponseTooLargeError(url, limitBytes);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

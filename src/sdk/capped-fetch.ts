/**
 * A fetch whose answers may not exceed a byte cap (issue 14, defect 4): a declared Content-Length past the
 * cap is refused before the body is read, and a body that grows past it (no or a lying Content-Length) is
 * cut off while streaming — so a hostile or broken endpoint can never make the agent buffer hundreds of
 * megabytes. The body is read inside the fetch, so the caller's AbortSignal is a deadline on the whole answer.
 */

export class ResponseTooLargeError extends Error {
  constructor(
    readonly url: string,
    readonly limitBytes: number,
  ) {
    super(`response from ${url} exceeds the ${limitBytes}-byte size cap`);
    this.name = 'ResponseTooLargeError';
  }
}

/** Removes the query string: it may carry credentials, and the route is what names the call. */
function where(input: RequestInfo | URL): string {
  const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const url = new URL(raw);
  return `${url.origin}${url.pathname}`;
}

export function cappedFetch(limitBytes: number, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const url = where(input);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limitBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(url, limitBytes);
    }
    if (response.body === null) return response;
    // Read whole here, under the caller's signal: Octokit turns a body stream that fails while it parses
    // into an empty answer, which would read as an empty list. Failing inside fetch makes it a call error.
    const chunks: Uint8Array[] = [];
    let seen = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += value.byteLength;
      if (seen > limitBytes) {
        await reader.cancel().catch(() => undefined);
        throw new ResponseTooLargeError(url, limitBytes);
      }
      chunks.push(value);
    }
    const whole = new Response(Buffer.concat(chunks), { status: response.status, statusText: response.statusText, headers: response.headers });
    Object.defineProperty(whole, 'url', { value: response.url });
    return whole;
  };
}

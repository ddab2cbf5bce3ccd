import { declaredTooLarge, readBounded, ResponseTooLargeError, withoutQuery } from './bounded-body.js';

/**
 * A fetch whose answers may not exceed a byte cap (issue 14, defect 4; the cap itself is bounded-body.ts,
 * shared with the AWS request handler). The body is read inside the fetch, so the caller's AbortSignal is a
 * deadline on the whole answer.
 */

export { ResponseTooLargeError };

function where(input: RequestInfo | URL): string {
  return withoutQuery(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
}

export function cappedFetch(limitBytes: number, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const url = where(input);
    if (declaredTooLarge(response.headers.get('content-length'), limitBytes)) {
      await response.body?.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(url, limitBytes);
    }
    if (response.body === null) return response;
    // Read whole here, under the caller's signal: Octokit turns a body stream that fails while it parses
    // into an empty answer, which would read as an empty list. Failing inside fetch makes it a call error.
    const body = await readBounded(response.body as unknown as AsyncIterable<Uint8Array>, limitBytes, url);
    const whole = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    Object.defineProperty(whole, 'url', { value: response.url });
    return whole;
  };
}

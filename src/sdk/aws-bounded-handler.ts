import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { DEFAULT_MAX_RESPONSE_BYTES, declaredTooLarge, readBounded, ResponseTooLargeError } from './bounded-body.js';

/**
 * The AWS SDK's HTTP handler with a total deadline and a size cap on every attempt (issue 14, defect 4).
 *
 * The SDK's NodeHttpHandler bounds only the wait for the response *headers* (requestTimeout) and an idle
 * socket; once headers arrive, a body that drips one byte a second is read forever, and a 300 MB body is
 * buffered whole. This handler reads the body itself, within the same deadline as the headers and never past
 * the cap (bounded-body.ts, shared with the GitHub fetch), and hands the SDK the bytes it read. Past the
 * deadline the socket is destroyed and the attempt fails with a TimeoutError, which the SDK's retry strategy
 * treats as transient like its own; a body over the cap is not retried (it would be as large next time).
 */

/** The deadline of one attempt passed before its answer was read whole. */
export class RequestDeadlineError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`no complete answer within ${deadlineMs} ms (aws.requestTimeoutMs)`);
    // The SDK's retry strategy retries errors named TimeoutError (its transient error names).
    this.name = 'TimeoutError';
  }
}

/**
 * A 200 answer with no body to a request that is not a HEAD. Every AWS protocol answers a read with a document
 * (an XML element or `{}` at least), but the SDK parses an empty body as an empty output: a list with no items,
 * a setting that is off. An empty answer is a broken one, not "none".
 */
export class EmptyAnswerError extends Error {
  constructor(readonly url: string) {
    super(`${url} answered 200 with an empty body`);
    this.name = 'EmptyAnswer';
  }
}

export { ResponseTooLargeError };

type Handle = NodeHttpHandler['handle'];
type HttpRequest = Parameters<Handle>[0];
type HandlerOptions = NonNullable<Parameters<Handle>[1]>;
type HandlerOutput = Awaited<ReturnType<Handle>>;

export interface BoundedHandlerLimits {
  /** Milliseconds one attempt may take from sending the request to the last byte of its answer. */
  readonly deadlineMs: number;
  readonly maxResponseBytes?: number;
}

/** What names the call in an error: the endpoint and path, never the query (presigned parameters are secrets). */
function where(request: HttpRequest): string {
  const port = request.port !== undefined ? `:${request.port}` : '';
  return `${request.protocol}//${request.hostname}${port}${request.path}`;
}

/** The SDK handler (constructed from `options`, as the clients would) wrapped with a deadline and a size cap. */
export function boundedRequestHandler(options: ConstructorParameters<typeof NodeHttpHandler>[0], limits: BoundedHandlerLimits): BoundedRequestHandler {
  return new BoundedRequestHandler(new NodeHttpHandler(options), limits);
}

export class BoundedRequestHandler {
  private readonly maxResponseBytes: number;

  constructor(
    private readonly inner: NodeHttpHandler,
    private readonly limits: BoundedHandlerLimits,
  ) {
    this.maxResponseBytes = limits.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  // The SDK asks its handler for these; they belong to the inner one.
  get metadata() {
    return this.inner.metadata;
  }
  updateHttpClientConfig(...args: Parameters<NodeHttpHandler['updateHttpClientConfig']>): void {
    this.inner.updateHttpClientConfig(...args);
  }
  httpHandlerConfigs(): ReturnType<NodeHttpHandler['httpHandlerConfigs']> {
    return this.inner.httpHandlerConfigs();
  }
  destroy(): void {
    this.inner.destroy();
  }

  async handle(request: HttpRequest, options: HandlerOptions = {}): Promise<HandlerOutput> {
    const controller = new AbortController();
    const caller = options.abortSignal as AbortSignal | undefined;
    const fromCaller = () => controller.abort((caller as AbortSignal & { reason?: unknown }).reason);
    if (caller?.aborted === true) fromCaller();
    else caller?.addEventListener?.('abort', fromCaller, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new RequestDeadlineError(this.limits.deadlineMs);
        controller.abort(error);
        reject(error);
      }, this.limits.deadlineMs);
    });
    let body: Readable | undefined;
    try {
      const work = (async () => {
        const { response } = await this.inner.handle(request, { ...options, abortSignal: controller.signal as HandlerOptions['abortSignal'] });
        body = response.body as Readable | undefined;
        const url = where(request);
        if (declaredTooLarge(response.headers['content-length'], this.maxResponseBytes)) throw new ResponseTooLargeError(url, this.maxResponseBytes);
        if (body === undefined || body === null || typeof (body as Partial<Readable>)[Symbol.asyncIterator] !== 'function') return { response };
        const bytes = await readBounded(body, this.maxResponseBytes, url);
        if (bytes.length === 0 && response.statusCode === 200 && request.method !== 'HEAD') throw new EmptyAnswerError(url);
        // A stream again, so operations with a streaming output (sdkStreamMixin) get what they expect.
        response.body = Readable.from([bytes]);
        return { response };
      })();
      // The losing side of the race must not surface as an unhandled rejection.
      work.catch(() => undefined);
      return await Promise.race([work, deadline]);
    } catch (error) {
      body?.destroy();
      throw error;
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener?.('abort', fromCaller);
    }
  }
}

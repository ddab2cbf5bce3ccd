import pRetry, { AbortError } from 'p-retry';
import type { Logger } from 'pino';
import { scrubText } from '../util/redact.js';

export interface DeliveryTarget {
  /** Secret: sent to, never logged, recorded or echoed in errors. */
  readonly url: string;
  /** The webhook's index in `alerts.webhooks` (what logs and the store name it by). */
  readonly index: number;
}

export interface DeliveryOutcome {
  readonly ok: boolean;
  readonly attempts: number;
  readonly httpStatus: number | null;
  readonly error: string | null;
}

export interface DeliveryOptions {
  readonly retries: number;
  readonly minDelayMs: number;
  readonly timeoutMs?: number;
  readonly log: Logger;
  /** Secret values to scrub from any error text (the URL is always scrubbed). */
  readonly secrets: readonly string[];
}

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`webhook answered HTTP ${status}`);
  }
}

/**
 * POSTs one JSON body with retries and exponential backoff (p-retry). 5xx, 408, 429 and network
 * errors are retried; any other 4xx is final (the request itself is wrong; retrying cannot help).
 * Never throws: the outcome is returned for the caller to record.
 */
export async function deliver(target: DeliveryTarget, body: unknown, opts: DeliveryOptions): Promise<DeliveryOutcome> {
  let attempts = 0;
  let httpStatus: number | null = null;
  const scrub = (text: string) => scrubText(scrubText(text, [target.url]), opts.secrets);
  try {
    await pRetry(
      async () => {
        attempts += 1;
        let res: Response;
        try {
          res = await fetch(target.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': 'controlwatch' },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
            redirect: 'error',
          });
        } catch (err) {
          httpStatus = null;
          const cause = (err as { cause?: { code?: string; message?: string } }).cause;
          throw new Error(scrub(`webhook unreachable: ${cause?.code ?? cause?.message ?? (err as Error).message}`));
        }
        httpStatus = res.status;
        await res.body?.cancel().catch(() => {});
        if (res.ok) return;
        const error = new HttpStatusError(res.status);
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new AbortError(error);
        throw error;
      },
      {
        retries: opts.retries,
        minTimeout: opts.minDelayMs,
        factor: 2,
        randomize: true,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          opts.log.warn({ webhook: target.index, attempt: attemptNumber, retriesLeft, err: scrub(error.message) }, 'webhook delivery failed; retrying');
        },
      },
    );
    return { ok: true, attempts, httpStatus, error: null };
  } catch (err) {
    return { ok: false, attempts, httpStatus, error: scrub((err as Error).message) };
  }
}

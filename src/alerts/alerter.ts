import type { Logger } from 'pino';
import type { AlertsConfig } from '../config/daemon-schema.js';
import type { EvidenceStore } from '../store/index.js';
import { deliver } from './deliver.js';
import type { AlertEvent } from './events.js';
import { jsonPayload, slackPayload } from './payload.js';

export interface AlerterOptions {
  readonly config: AlertsConfig;
  /** Where deliveries are recorded (the daemon's writable store). */
  readonly store: Pick<EvidenceStore, 'recordAlertDelivery' | 'alertDelivered'>;
  readonly log: Logger;
  readonly clock?: () => Date;
  /** Secret values from the configuration, scrubbed from any recorded or logged error. */
  readonly secrets: readonly string[];
}

export interface Alerter {
  /** Sends each event to every webhook subscribed to its type, once per event key; records each outcome. */
  send(events: readonly AlertEvent[]): Promise<void>;
}

/**
 * Fans events out to the configured webhooks. An event already delivered to a webhook (same key) is
 * not sent again, so a restart or a re-run never repeats a message; a failed delivery is recorded
 * and tried again the next time the same event comes up.
 */
export function createAlerter(opts: AlerterOptions): Alerter {
  const clock = opts.clock ?? (() => new Date());
  return {
    async send(events) {
      for (const event of events) {
        for (const [index, hook] of opts.config.webhooks.entries()) {
          if (!hook.events.includes(event.type)) continue;
          if (opts.store.alertDelivered(event.key, index)) continue;
          const createdAt = clock().toISOString();
          const body = hook.format === 'slack' ? slackPayload(event, createdAt) : jsonPayload(event, createdAt);
          const outcome = await deliver({ url: hook.url, index }, body, {
            retries: opts.config.retries,
            minDelayMs: opts.config.retryMinDelayMs,
            log: opts.log,
            secrets: opts.secrets,
          });
          opts.store.recordAlertDelivery({
            eventKey: event.key,
            eventType: event.type,
            webhook: index,
            format: hook.format,
            runId: event.runId,
            status: outcome.ok ? 'delivered' : 'failed',
            attempts: outcome.attempts,
            httpStatus: outcome.httpStatus,
            error: outcome.error,
            createdAt,
            finishedAt: clock().toISOString(),
          });
          const fields = { webhook: index, format: hook.format, event: event.type, key: event.key, attempts: outcome.attempts, httpStatus: outcome.httpStatus };
          if (outcome.ok) opts.log.info(fields, 'alert delivered');
          else opts.log.error({ ...fields, err: outcome.error }, 'alert delivery failed');
        }
      }
    },
  };
}

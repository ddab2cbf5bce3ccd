import { AGENT_VERSION } from '../util/project-root.js';
import type { AlertEvent } from './events.js';

const TITLES: Record<AlertEvent['type'], string> = {
  control_failing: 'Control started failing',
  control_recovered: 'Control recovered',
  collector_erroring: 'Collector started erroring',
  slot_missed: 'Scheduled run missed',
  exception_expiring: 'Exception expiring',
};

/** The generic JSON body: stable field names a receiver can route on. */
export function jsonPayload(event: AlertEvent, at: string): Record<string, unknown> {
  return { source: 'controlwatch', agentVersion: AGENT_VERSION, event: event.type, title: TITLES[event.type], summary: event.summary, key: event.key, runId: event.runId, at, details: event.details };
}

/** Slack incoming-webhook body (`text` is the notification fallback; `blocks` the message). */
export function slackPayload(event: AlertEvent, at: string): Record<string, unknown> {
  const facts = Object.entries(event.details)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `*${k}*: ${escapeSlack(String(v))}`)
    .join('\n');
  return {
    text: `${TITLES[event.type]}: ${escapeSlack(event.summary)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${TITLES[event.type]}*\n${escapeSlack(event.summary)}` } },
      ...(facts ? [{ type: 'section', text: { type: 'mrkdwn', text: facts } }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `controlwatch ${AGENT_VERSION}${event.runId !== null ? ` · run ${event.runId}` : ''} · ${at}` }] },
    ],
  };
}

/** Slack's three control characters in mrkdwn text. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

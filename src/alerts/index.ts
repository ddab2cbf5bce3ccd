/** src/alerts — state changes → webhook deliveries, recorded in the store (DESIGN.md "Where the next parts go"). */
export { createAlerter, type Alerter, type AlerterOptions } from './alerter.js';
export { expiringExceptionEvents, missedSlotsEvent, runChangeEvents, type AlertEvent } from './events.js';
export { eventsAfterRun, type RunAlertInput } from './run-alerts.js';
export { jsonPayload, slackPayload } from './payload.js';

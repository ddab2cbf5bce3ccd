import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import type { DeliveryChannelStatusValue } from '../../collectors/aws-config/observations.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

function failures(status: DeliveryChannelStatusValue): string[] {
  const out: string[] = [];
  const code = (c: string | null) => (c !== null ? ` (${c})` : '');
  if (status.configHistory?.lastStatus === 'FAILURE') out.push(`last configuration history delivery by ${status.name} failed${code(status.configHistory.lastErrorCode)}`);
  if (status.configSnapshot?.lastStatus === 'FAILURE') out.push(`last configuration snapshot delivery by ${status.name} failed${code(status.configSnapshot.lastErrorCode)}`);
  return out;
}

/**
 * The region has a delivery channel and neither its last configuration-history nor its last snapshot
 * delivery failed. A region with no recorder is not applicable (nothing to deliver; the recorder check
 * fails it); one with a recorder but no channel fails.
 */
export const deliveryChannelHealthy = defineCheck({
  id: 'config.delivery_channel_healthy',
  observes: 'aws.config.region',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const { region } = obs.attributes;
    const channels = requireKnown(obs.attributes.deliveryChannels, 'delivery channels');
    if (channels.length === 0) {
      // Whether a missing channel matters depends on whether anything records: unknown recorders → error.
      // Read only here: with a channel, the recorders do not affect the verdict (the Unknown sweep checks reads).
      const known = requireKnown(obs.attributes.recorders, 'configuration recorders');
      return known.length === 0
        ? { status: 'not_applicable', reason: `no AWS Config recorder in ${region}, so nothing to deliver` }
        : { status: 'fail', reason: `no AWS Config delivery channel in ${region}` };
    }
    const statuses = requireKnown(obs.attributes.deliveryChannelStatuses, 'delivery channel status');
    const problems: string[] = [];
    for (const channel of channels) {
      const status = statuses.find((s) => s.name === channel.name);
      if (status === undefined) problems.push(`delivery channel ${channel.name} has no status`);
      else problems.push(...failures(status));
    }
    if (problems.length > 0) return { status: 'fail', reason: problems.join('; ') };
    const targets = channels.map((c) => `${c.name} → s3://${c.s3BucketName ?? '?'}`).join(', ');
    return { status: 'pass', reason: `delivery channel ${targets}: last history and snapshot deliveries did not fail` };
  }),
});

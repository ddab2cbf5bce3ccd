import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import type { DeliveryChannelStatusValue } from '../../collectors/aws-config/observations.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { notSetUpReason } from './not-set-up.js';

function failures(status: DeliveryChannelStatusValue): string[] {
  const out: string[] = [];
  const code = (c: string | null) => (c !== null ? ` (${c})` : '');
  if (status.configHistory?.lastStatus === 'FAILURE') out.push(`last configuration history delivery by ${status.name} failed${code(status.configHistory.lastErrorCode)}`);
  if (status.configSnapshot?.lastStatus === 'FAILURE') out.push(`last configuration snapshot delivery by ${status.name} failed${code(status.configSnapshot.lastErrorCode)}`);
  return out;
}

/**
 * The region has a delivery channel and neither its last configuration-history nor its last snapshot
 * delivery failed. A region with a recorder but no channel fails; one with neither fails too, saying AWS
 * Config is not set up there (not "not applicable": no record at all is the finding).
 */
export const deliveryChannelHealthy = defineCheck({
  id: 'config.delivery_channel_healthy',
  observes: 'aws.config.region',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const { region } = obs.attributes;
    const channels = requireKnown(obs.attributes.deliveryChannels, 'delivery channels');
    if (channels.length === 0) {
      // No channel fails with or without a recorder; the recorders only choose the wording.
      return { status: 'fail', reason: notSetUpReason(obs.attributes) ?? `no AWS Config delivery channel in ${region}` };
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

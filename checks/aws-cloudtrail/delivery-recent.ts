import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

const Params = z.object({ max_delivery_age_hours: z.number().int().min(1).max(24 * 30) }).strict();

const HOUR_MS = 3_600_000;

/**
 * The trail is still delivering: its latest log-file delivery to S3 did not fail and happened within
 * `max_delivery_age_hours` of the run's time. A trail whose bucket policy or KMS key broke keeps "logging" while
 * nothing reaches S3; this is where that shows. Reasons give the delivery time, not an age.
 */
export const deliveryRecent = defineCheck({
  id: 'cloudtrail.delivery_recent',
  observes: 'aws.cloudtrail.trail',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const { name } = obs.attributes;
    const error = requireKnown(obs.attributes.latestDeliveryError, 'latest delivery error');
    const time = requireKnown(obs.attributes.latestDeliveryTime, 'latest delivery time');
    if (error !== null) return { status: 'fail', reason: `trail ${name}'s latest delivery to S3 failed: ${error}` };
    if (time === null) return { status: 'fail', reason: `trail ${name} has never delivered a log file` };
    const limit = ctx.params.max_delivery_age_hours;
    if (ctx.now.getTime() - Date.parse(time) > limit * HOUR_MS) {
      return { status: 'fail', reason: `trail ${name} last delivered log files at ${time}, more than ${limit} h before the run` };
    }
    return { status: 'pass', reason: `trail ${name} last delivered log files at ${time}, within ${limit} h of the run, without error` };
  }),
});

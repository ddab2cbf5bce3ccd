import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { notSetUpReason } from './not-set-up.js';

/**
 * The region has an AWS Config delivery channel with an S3 bucket (presence only; whether deliveries
 * succeed is config.delivery_channel_healthy). One result per configured account × region, so a region
 * without a channel fails whether or not it has a recorder — with neither, the reason says Config is not set
 * up there. The target bucket is looked up among this run's S3 observations: a bucket of another account
 * (a central log archive is the usual design) or one the run did not observe is noted in the reason, never
 * failed — the channel exists, and judging another account's bucket is that account's S3 checks' job.
 */
export const deliveryChannelExists = defineCheck({
  id: 'config.delivery_channel_exists',
  observes: 'aws.config.region',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs, ctx) => {
    const { region, accountId } = obs.attributes;
    const channels = requireKnown(obs.attributes.deliveryChannels, 'delivery channels');
    if (channels.length === 0) {
      // Recorders are read only to word the failure; an Unknown there cannot turn it into a pass.
      const recorders = obs.attributes.recorders;
      const notSetUp = notSetUpReason(obs.attributes);
      if (notSetUp !== null) return { status: 'fail', reason: notSetUp };
      const recording = Array.isArray(recorders) ? ' although a configuration recorder exists' : '';
      return { status: 'fail', reason: `no AWS Config delivery channel in ${region}${recording}` };
    }
    const withoutBucket = channels.filter((c) => c.s3BucketName === null).map((c) => c.name);
    if (withoutBucket.length === channels.length) return { status: 'fail', reason: `AWS Config delivery channel ${withoutBucket.join(', ')} in ${region} names no S3 bucket` };
    const targets = channels.flatMap((c) => {
      if (c.s3BucketName === null) return [];
      const bucket = ctx.observations.get('aws.s3.bucket', `arn:aws:s3:::${c.s3BucketName}`);
      const where =
        bucket === undefined
          ? 'not among the buckets this run observed (another account, e.g. a log archive, or S3 not collected): noted, not judged'
          : bucket.scope === `aws:${accountId}`
            ? 'in this account'
            : `cross-account, in ${bucket.scope.replace(/^aws:/, 'account ')}: noted, not failed`;
      return [`${c.name} → s3://${c.s3BucketName} (${where})`];
    });
    return { status: 'pass', reason: `AWS Config delivery channel in ${region}: ${targets.join('; ')}` };
  }),
});

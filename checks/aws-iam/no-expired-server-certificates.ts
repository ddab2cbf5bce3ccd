import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { day, parseTime } from '../lib/days.js';
import { unknownsAsError } from '../lib/known.js';

/**
 * An SSL/TLS certificate stored in IAM has not expired at the run's time (ctx.now, never the clock): an
 * expired one can still be deployed to a load balancer or CloudFront by mistake (CIS AWS Foundations).
 */
export const noExpiredServerCertificates = defineCheck({
  id: 'iam.no_expired_server_certificates',
  observes: 'aws.iam.server_certificate',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs, ctx) => {
    const expires = parseTime(obs.attributes.expiration, 'certificate expiry');
    return expires.getTime() <= ctx.now.getTime()
      ? { status: 'fail', reason: `server certificate ${obs.attributes.name} expired on ${day(expires)} and is still stored in IAM` }
      : { status: 'pass', reason: `server certificate ${obs.attributes.name} expires on ${day(expires)}` };
  }),
});

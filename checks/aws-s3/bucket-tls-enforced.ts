import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

/**
 * The bucket policy denies every request made without TLS: a Deny for all principals on all S3 actions on the
 * bucket and its objects, with `Bool aws:SecureTransport false` (or `NumericLessThanIfExists s3:TlsVersion`).
 * A Deny on plain `NumericLessThan s3:TlsVersion` alone does not count: plain-HTTP requests carry no TLS version,
 * so that condition never matches them.
 */
export const bucketTlsEnforced = defineCheck({
  id: 's3.bucket_tls_enforced',
  observes: 'aws.s3.bucket',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const analysis = requireKnown(obs.attributes.policyAnalysis, 'bucket policy');
    if (analysis === null) return { status: 'fail', reason: 'no bucket policy, so requests without TLS are not denied' };
    const tls = analysis.minimumTlsVersion === null ? '' : ` (and TLS below ${analysis.minimumTlsVersion})`;
    if (analysis.denyInsecureTransport) return { status: 'pass', reason: `bucket policy denies requests made without TLS${tls}` };
    if (analysis.minimumTlsVersion !== null) {
      return {
        status: 'fail',
        reason: `bucket policy denies TLS below ${analysis.minimumTlsVersion} with NumericLessThan, which does not match plain-HTTP requests; add Bool aws:SecureTransport "false" or use NumericLessThanIfExists`,
      };
    }
    return { status: 'fail', reason: 'bucket policy has no Deny for all principals, actions and objects when aws:SecureTransport is false' };
  }),
});

import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

const Params = z
  .object({
    /** Only SSE-KMS (`aws:kms`) or DSSE-KMS (`aws:kms:dsse`) pass: the key policy then controls who can decrypt. */
    require_kms: z.boolean(),
  })
  .strict();

const KMS = new Set(['aws:kms', 'aws:kms:dsse']);

/** The bucket has a default server-side encryption rule (KMS-backed when require_kms is set). */
export const bucketDefaultEncryption = defineCheck({
  id: 's3.bucket_default_encryption',
  observes: 'aws.s3.bucket',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const enc = requireKnown(obs.attributes.encryption, 'default encryption');
    if (enc === null) return { status: 'fail', reason: 'no default encryption configuration' };
    const key = enc.kmsKeyId === null ? '' : ` with key ${enc.kmsKeyId}`;
    if (ctx.params.require_kms && !KMS.has(enc.algorithm)) {
      return { status: 'fail', reason: `default encryption is ${enc.algorithm}; require_kms accepts only aws:kms or aws:kms:dsse` };
    }
    return { status: 'pass', reason: `default encryption is ${enc.algorithm}${key}` };
  }),
});

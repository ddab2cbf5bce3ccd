import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';

/** The trail's log files are encrypted with a KMS key (SSE-KMS), so reading them also needs kms:Decrypt on that key. */
export const logsEncryptedKms = defineCheck({
  id: 'cloudtrail.logs_encrypted_kms',
  observes: 'aws.cloudtrail.trail',
  parameters: z.object({}).strict(),
  evaluate(obs) {
    const { name, kmsKeyId } = obs.attributes;
    return kmsKeyId !== null
      ? { status: 'pass', reason: `trail ${name} encrypts its log files with KMS key ${kmsKeyId}` }
      : { status: 'fail', reason: `trail ${name} has no KMS key: its log files have S3-managed encryption only` };
  },
});

import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';

/**
 * The trail writes signed digest files (log file integrity validation), so a deleted or edited log file can be
 * detected — the property that makes the logs usable as evidence.
 */
export const logFileValidationEnabled = defineCheck({
  id: 'cloudtrail.log_file_validation_enabled',
  observes: 'aws.cloudtrail.trail',
  parameters: z.object({}).strict(),
  evaluate(obs) {
    const { name, logFileValidationEnabled } = obs.attributes;
    return logFileValidationEnabled
      ? { status: 'pass', reason: `trail ${name} writes signed digest files (log file validation on)` }
      : { status: 'fail', reason: `trail ${name} has log file validation off: deleted or edited log files would go unnoticed` };
  },
});

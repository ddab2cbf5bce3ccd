import type { CheckDefinition } from '../../src/model/check.js';
import { deliveryRecent } from './delivery-recent.js';
import { logBucketAccessLogging } from './log-bucket-access-logging.js';
import { logBucketNotPublic } from './log-bucket-not-public.js';
import { logFileValidationEnabled } from './log-file-validation-enabled.js';
import { logsEncryptedKms } from './logs-encrypted-kms.js';
import { multiRegionTrailLogging } from './multi-region-trail-logging.js';
import { s3ObjectReadEventsLogged } from './s3-object-read-events-logged.js';
import { s3ObjectWriteEventsLogged } from './s3-object-write-events-logged.js';

/** Every AWS CloudTrail check. Metadata for each id lives in config/checks/aws-cloudtrail.yaml. */
export const awsCloudTrailChecks: readonly CheckDefinition[] = [multiRegionTrailLogging, logFileValidationEnabled, logsEncryptedKms, logBucketNotPublic, logBucketAccessLogging, deliveryRecent, s3ObjectWriteEventsLogged, s3ObjectReadEventsLogged];

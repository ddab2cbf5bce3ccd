import { defineCheck } from '../../src/model/check.js';
import { unknownsAsError } from '../lib/known.js';
import { judgeS3ObjectEvents, S3ObjectEventsParams } from './s3-object-events.js';

/** CIS AWS Foundations 4.9: S3 object-level read events (GetObject, …) of every bucket are logged in the region. */
export const s3ObjectReadEventsLogged = defineCheck({
  id: 'cloudtrail.s3_object_read_events_logged',
  observes: 'aws.cloudtrail.region',
  parameters: S3ObjectEventsParams,
  evaluate: unknownsAsError((obs) => judgeS3ObjectEvents(obs.attributes, 'read')),
});

import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  type ConfigServiceClient,
  type ConfigurationRecorder,
  type ConfigurationRecorderStatus,
} from '@aws-sdk/client-config-service';
import type { SharedCache } from '../model/run-cache.js';
import { call } from '../sdk/aws-call.js';
import type { CallStats } from '../sdk/call-stats.js';

/**
 * The region's configuration recorders and whether they are recording. Neither call is paginated. Shared by
 * the AWS Config collector and the S3 collector's advanced query (config-advanced-query.ts).
 */

export const RECORDERS = 'config:DescribeConfigurationRecorders';
export const RECORDER_STATUS = 'config:DescribeConfigurationRecorderStatus';

export async function describeRecorders(client: ConfigServiceClient): Promise<ConfigurationRecorder[]> {
  const out = await call(RECORDERS, () => client.send(new DescribeConfigurationRecordersCommand({})));
  return out.ConfigurationRecorders ?? [];
}

export async function describeRecorderStatus(client: ConfigServiceClient): Promise<ConfigurationRecorderStatus[]> {
  const out = await call(RECORDER_STATUS, () => client.send(new DescribeConfigurationRecorderStatusCommand({})));
  return out.ConfigurationRecordersStatus ?? [];
}

/** The two recorder reads of one region, possibly shared (sharedRecorderReads). */
export interface RecorderReads {
  recorders(): Promise<ConfigurationRecorder[]>;
  statuses(): Promise<ConfigurationRecorderStatus[]>;
}

/** Where a run shares the recorder reads of one account × region (`key`), and whose evidence names them. */
export interface RecorderShare {
  readonly cache: SharedCache;
  readonly stats: CallStats;
  readonly key: string;
}

/**
 * The recorder reads, asked once per account × region and run when `share` is given: the AWS Config collector
 * and the S3 collector's advanced query both need them, and the answer is the same. The operation is attributed
 * to whoever is handed the answer (the observation rests on it; only the scope that made the call counts it). A
 * failed read is not shared (RunCache forgets it): the next asker reads for itself.
 */
export function recorderReads(client: ConfigServiceClient, share?: RecorderShare): RecorderReads {
  const once = async <T>(operation: string, read: () => Promise<T>): Promise<T> => {
    if (share === undefined) return read();
    const value = await share.cache.once(`${operation}:${share.key}`, read);
    share.stats.attributeOperation(operation);
    return value;
  };
  return {
    recorders: () => once(RECORDERS, () => describeRecorders(client)),
    statuses: () => once(RECORDER_STATUS, () => describeRecorderStatus(client)),
  };
}

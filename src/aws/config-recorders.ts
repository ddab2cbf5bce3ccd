import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  type ConfigServiceClient,
  type ConfigurationRecorder,
  type ConfigurationRecorderStatus,
} from '@aws-sdk/client-config-service';
import { call } from '../sdk/aws-call.js';

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

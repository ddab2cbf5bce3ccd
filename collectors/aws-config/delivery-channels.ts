import {
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
  type ConfigServiceClient,
  type DeliveryChannel,
  type DeliveryChannelStatus,
} from '@aws-sdk/client-config-service';
import { call } from '../../src/sdk/aws-call.js';

/** Where AWS Config delivers history and snapshots, and how the last deliveries went. Neither call is paginated. */

export const CHANNELS = 'config:DescribeDeliveryChannels';
export const CHANNEL_STATUS = 'config:DescribeDeliveryChannelStatus';

export async function describeDeliveryChannels(client: ConfigServiceClient): Promise<DeliveryChannel[]> {
  const out = await call(CHANNELS, () => client.send(new DescribeDeliveryChannelsCommand({})));
  return out.DeliveryChannels ?? [];
}

export async function describeDeliveryChannelStatus(client: ConfigServiceClient): Promise<DeliveryChannelStatus[]> {
  const out = await call(CHANNEL_STATUS, () => client.send(new DescribeDeliveryChannelStatusCommand({})));
  return out.DeliveryChannelsStatus ?? [];
}

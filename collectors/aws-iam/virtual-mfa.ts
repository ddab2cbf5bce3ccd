import { paginateListVirtualMFADevices, type IAMClient, type VirtualMFADevice } from '@aws-sdk/client-iam';
import { call } from '../../src/sdk/aws-call.js';
import { IAM_MAX_ITEMS } from './authorization-details.js';

/** ListVirtualMFADevices: tells a virtual root MFA device from a hardware one (the summary only says "MFA on"). */

export const OPERATION = 'iam:ListVirtualMFADevices';

export async function listVirtualMfaDevices(client: IAMClient): Promise<VirtualMFADevice[]> {
  return call(OPERATION, async () => {
    const devices: VirtualMFADevice[] = [];
    for await (const page of paginateListVirtualMFADevices({ client, pageSize: IAM_MAX_ITEMS }, { AssignmentStatus: 'Assigned' })) {
      devices.push(...(page.VirtualMFADevices ?? []));
    }
    return devices;
  });
}

import { createHash } from 'node:crypto';
import type { EstateAwsAccount, EstateUser } from '../estate/schema.js';

/**
 * How an estate account looks through IAM: ARNs, unique ids, policy references, MFA serials.
 * Shared by every IAM operation of the fake so they all agree on the same names.
 */

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

export const rootArn = (accountId: string): string => `arn:aws:iam::${accountId}:root`;
export const userArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:user${path}${name}`;
export const groupArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:group${path}${name}`;
export const roleArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:role${path}${name}`;
export const policyArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:policy${path}${name}`;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A stable IAM unique id (`AIDA…` users, `AGPA…` groups, `AROA…` roles, `ANPA…` policies, `ASCA…` server certificates): derived from
 * the ARN so it is the same on every run, as a real resource's id is.
 */
export function uniqueId(prefix: 'AIDA' | 'AGPA' | 'AROA' | 'ANPA' | 'ASCA', arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let id = prefix;
  for (let i = 0; i < 17; i += 1) id += BASE32[(digest[i] ?? 0) % 32];
  return id;
}

export interface PolicyRef {
  readonly name: string;
  readonly arn: string;
}

/** A principal's `managed_policies` entry: a customer-managed policy's name, or a full ARN. */
export function resolvePolicyRef(account: EstateAwsAccount, ref: string): PolicyRef {
  if (ref.startsWith('arn:')) return { name: ref.slice(ref.lastIndexOf('/') + 1), arn: ref };
  const policy = account.policies.find((p) => p.name === ref);
  // The estate schema rejects unknown names, so this only guards against a hand-built estate.
  if (policy === undefined) throw new Error(`estate: no customer-managed policy named ${ref} in account ${account.id}`);
  return { name: policy.name, arn: policyArn(account.id, policy.path, policy.name) };
}

export interface VirtualMfaView {
  readonly serialNumber: string;
  readonly enabled: string;
  /** The owner; `root` for the root user's device. */
  readonly owner: { kind: 'root' } | { kind: 'user'; user: EstateUser };
}

/** Every virtual MFA device the estate implies, root's first, with AWS-style serial numbers. */
export function virtualMfaDevices(account: EstateAwsAccount): VirtualMfaView[] {
  const devices: VirtualMfaView[] = [];
  if (account.root.mfa === 'virtual') {
    devices.push({
      serialNumber: `arn:aws:iam::${account.id}:mfa/root-account-mfa-device`,
      enabled: account.root.created,
      owner: { kind: 'root' },
    });
  }
  for (const user of account.users) {
    user.mfa_devices
      .filter((d) => d.type === 'virtual')
      .forEach((device, i) => {
        devices.push({
          serialNumber: `arn:aws:iam::${account.id}:mfa/${user.name}${i === 0 ? '' : `-${i + 1}`}`,
          enabled: device.enabled,
          owner: { kind: 'user', user },
        });
      });
  }
  return devices;
}

/** URL-encoded JSON, as IAM returns policy documents. */
export function encodePolicyDocument(document: unknown): string {
  return encodeURIComponent(JSON.stringify(document));
}

import type { ConfigRegionAttributes } from '../../collectors/aws-config/observations.js';

/**
 * A region where AWS Config has neither a configuration recorder nor a delivery channel is not set up at all:
 * every check of the family fails it with this one reason, never "not applicable" (nothing recorded and
 * nothing delivered is the finding, not an exemption). Null when either is present or either is unknown
 * (the caller then judges what it knows, or errors).
 */
export function notSetUpReason(a: Pick<ConfigRegionAttributes, 'region' | 'recorders' | 'deliveryChannels'>): string | null {
  const none = (v: unknown) => Array.isArray(v) && v.length === 0;
  return none(a.recorders) && none(a.deliveryChannels)
    ? `AWS Config is not set up in ${a.region}: no configuration recorder and no delivery channel`
    : null;
}

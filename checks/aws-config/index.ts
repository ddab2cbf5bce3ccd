import type { CheckDefinition } from '../../src/model/check.js';
import { conformancePacksCompliant } from './conformance-packs-compliant.js';
import { deliveryChannelExists } from './delivery-channel-exists.js';
import { deliveryChannelHealthy } from './delivery-channel-healthy.js';
import { recorderEnabledAllRegions } from './recorder-enabled-all-regions.js';
import { rulesCompliant } from './rules-compliant.js';

/** Every AWS Config check. Metadata for each id lives in config/checks/aws-config.yaml. */
export const awsConfigChecks: readonly CheckDefinition[] = [recorderEnabledAllRegions, deliveryChannelExists, deliveryChannelHealthy, rulesCompliant, conformancePacksCompliant];

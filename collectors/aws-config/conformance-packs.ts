import {
  paginateDescribeConformancePackCompliance,
  paginateDescribeConformancePacks,
  type ConfigServiceClient,
  type ConformancePackDetail,
  type ConformancePackRuleCompliance,
} from '@aws-sdk/client-config-service';
import { call } from '../../src/sdk/aws-call.js';

/** Conformance packs (all pages) and, per pack, each member rule's compliance (all pages). */

export const PACKS = 'config:DescribeConformancePacks';
export const PACK_COMPLIANCE = 'config:DescribeConformancePackCompliance';

export async function describeConformancePacks(client: ConfigServiceClient): Promise<ConformancePackDetail[]> {
  return call(PACKS, async () => {
    const packs: ConformancePackDetail[] = [];
    for await (const page of paginateDescribeConformancePacks({ client }, {})) packs.push(...(page.ConformancePackDetails ?? []));
    return packs;
  });
}

export async function describeConformancePackCompliance(client: ConfigServiceClient, packName: string): Promise<ConformancePackRuleCompliance[]> {
  return call(PACK_COMPLIANCE, async () => {
    const rules: ConformancePackRuleCompliance[] = [];
    for await (const page of paginateDescribeConformancePackCompliance({ client }, { ConformancePackName: packName })) {
      rules.push(...(page.ConformancePackRuleComplianceList ?? []));
    }
    return rules;
  });
}

import { paginateDescribeComplianceByConfigRule, type ComplianceByConfigRule, type ConfigServiceClient } from '@aws-sdk/client-config-service';
import { call } from '../../src/sdk/aws-call.js';

/** DescribeComplianceByConfigRule, all pages, unfiltered: every rule's overall compliance. */

export const OPERATION = 'config:DescribeComplianceByConfigRule';

export async function describeComplianceByConfigRule(client: ConfigServiceClient): Promise<ComplianceByConfigRule[]> {
  return call(OPERATION, async () => {
    const out: ComplianceByConfigRule[] = [];
    for await (const page of paginateDescribeComplianceByConfigRule({ client }, {})) out.push(...(page.ComplianceByConfigRules ?? []));
    return out;
  });
}

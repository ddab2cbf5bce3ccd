import { paginateDescribeConfigRules, type ConfigRule, type ConfigServiceClient } from '@aws-sdk/client-config-service';
import { call } from '../../src/sdk/aws-call.js';

/** DescribeConfigRules, all pages: every Config rule in the region, managed, custom and pack-deployed. */

export const OPERATION = 'config:DescribeConfigRules';

export async function describeConfigRules(client: ConfigServiceClient): Promise<ConfigRule[]> {
  return call(OPERATION, async () => {
    const rules: ConfigRule[] = [];
    for await (const page of paginateDescribeConfigRules({ client }, {})) rules.push(...(page.ConfigRules ?? []));
    return rules;
  });
}

import { paginateGetComplianceDetailsByConfigRule, type ConfigServiceClient, type EvaluationResult } from '@aws-sdk/client-config-service';
import { call } from '../../src/sdk/aws-call.js';

/**
 * GetComplianceDetailsByConfigRule, all pages, for one rule: its verdict on every resource it evaluated.
 * All three per-resource types are asked for explicitly (INSUFFICIENT_DATA cannot be used as a filter):
 * compliant and not-applicable results are evidence too, not only the failures.
 */

export const OPERATION = 'config:GetComplianceDetailsByConfigRule';

/** The API's maximum page size: fewer round trips for rules that evaluate many resources. */
const PAGE_LIMIT = 100;

export async function getComplianceDetails(client: ConfigServiceClient, ruleName: string): Promise<EvaluationResult[]> {
  return call(OPERATION, async () => {
    const results: EvaluationResult[] = [];
    const pages = paginateGetComplianceDetailsByConfigRule(
      { client, pageSize: PAGE_LIMIT },
      { ConfigRuleName: ruleName, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'] },
    );
    for await (const page of pages) results.push(...(page.EvaluationResults ?? []));
    return results;
  });
}

import { GetAccountSummaryCommand, type IAMClient } from '@aws-sdk/client-iam';
import { call } from '../../src/sdk/aws-call.js';

/** GetAccountSummary: the account-wide counters, of which root's MFA and access-key flags matter here. */

export const OPERATION = 'iam:GetAccountSummary';

export type AccountSummary = Readonly<Record<string, number>>;

export async function getAccountSummary(client: IAMClient): Promise<AccountSummary> {
  const out = await call(OPERATION, () => client.send(new GetAccountSummaryCommand({})));
  return out.SummaryMap ?? {};
}

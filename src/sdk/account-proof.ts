import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { RunCache } from '../model/run-cache.js';
import { WrongAccountError } from './aws-account-guard.js';
import { call, CallFailedError } from './aws-call.js';
import type { AwsClientPool } from './aws-clients.js';
import { PROOF_OPERATION } from './proof-operation.js';

/** The STS client every AWS collector's scopes prove their account with (aws-collector.ts loads this module when a collector first collects). */
export const PROOF_CLIENTS = { sts: STSClient };

/**
 * The account the credentials belong to, by sts:GetCallerIdentity (which no IAM policy can deny). The answer is
 * the same for every collector and region of the account, so a run asks once per account (the run cache): a
 * failed call is not shared (RunCache), so each scope then asks for itself and fails with its own reason.
 */
export async function proveAccount(clients: AwsClientPool<typeof PROOF_CLIENTS>, accountId: string, collector: string, cache: RunCache): Promise<void> {
  let account: string | undefined;
  try {
    account = await cache.once(`${PROOF_OPERATION}:${accountId}`, async () => (await call(PROOF_OPERATION, () => clients.get('sts').send(new GetCallerIdentityCommand({})))).Account);
  } catch (error) {
    if (error instanceof CallFailedError) throw new Error(`${collector}: could not confirm the credentials belong to account ${accountId}: ${error.reason}`);
    throw error;
  }
  if (account === undefined) throw new Error(`${collector}: could not confirm the credentials belong to account ${accountId}: ${PROOF_OPERATION} returned no account`);
  if (account !== accountId) throw new WrongAccountError(accountId, account);
}

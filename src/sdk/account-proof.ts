import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { call } from './aws-call.js';
import type { AwsClientPool } from './aws-clients.js';
import { PROOF_OPERATION } from './proof-operation.js';

/** The STS client every AWS collector's scopes prove their account with (aws-collector.ts loads this module when a collector first collects). */
export const PROOF_CLIENTS = { sts: STSClient };

/** The account the credentials belong to, by sts:GetCallerIdentity (which no IAM policy can deny); aws-collector.ts judges the answer. */
export async function callerAccount(clients: AwsClientPool<typeof PROOF_CLIENTS>): Promise<string | undefined> {
  return (await call(PROOF_OPERATION, () => clients.get('sts').send(new GetCallerIdentityCommand({})))).Account;
}

/** The account proof's operation (sts:GetCallerIdentity), without the STS client: what declarations name. */
export const PROOF_OPERATION = 'sts:GetCallerIdentity';
/** The proof's SDK command and action, added to every AWS collector's declared actions. */
export const PROOF_ACTIONS = { 'STSClient.GetCallerIdentityCommand': PROOF_OPERATION } as const;

import { GetAccountPasswordPolicyCommand, NoSuchEntityException, type IAMClient, type PasswordPolicy } from '@aws-sdk/client-iam';
import { CallFailedError, classify } from '../../src/sdk/aws-call.js';

/** GetAccountPasswordPolicy. An account without a policy answers NoSuchEntity: that is a real answer (`null`), not a failure. */

export const OPERATION = 'iam:GetAccountPasswordPolicy';

export async function getPasswordPolicy(client: IAMClient): Promise<PasswordPolicy | null> {
  let out;
  try {
    out = await client.send(new GetAccountPasswordPolicyCommand({}));
  } catch (error) {
    if (error instanceof NoSuchEntityException) return null;
    throw classify(OPERATION, error);
  }
  if (out.PasswordPolicy === undefined) throw new CallFailedError(OPERATION, `${OPERATION} returned a malformed response`, 'NoPasswordPolicy', undefined);
  return out.PasswordPolicy;
}

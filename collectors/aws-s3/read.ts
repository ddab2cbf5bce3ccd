import { classify, errorCode } from '../../src/sdk/aws-call.js';

/**
 * One S3 read whose "not configured" answer is an error code (S3 answers 404 NoSuchBucketPolicy,
 * ServerSideEncryptionConfigurationNotFoundError, …): that answer is a real value, `null`. Every other
 * failure is classified (AccessDenied → an Unknown reason; rejected credentials → the scope fails).
 */
export async function readSetting<T>(operation: string, send: () => Promise<T>, notConfiguredCodes: readonly string[]): Promise<T | null> {
  try {
    return await send();
  } catch (error) {
    if (notConfiguredCodes.includes(errorCode(error))) return null;
    throw classify(operation, error);
  }
}

import type { CheckDefinition } from '../../src/model/check.js';
import { accountBlocksPublicAccess } from './account-blocks-public-access.js';
import { bucketAccessLoggingEnabled } from './bucket-access-logging-enabled.js';
import { bucketAclsDisabled } from './bucket-acls-disabled.js';
import { bucketBlocksPublicAccess } from './bucket-blocks-public-access.js';
import { bucketDefaultEncryption } from './bucket-default-encryption.js';
import { bucketMfaDeleteEnabled } from './bucket-mfa-delete-enabled.js';
import { bucketNotPublic } from './bucket-not-public.js';
import { bucketObjectLockEnabled } from './bucket-object-lock-enabled.js';
import { bucketPolicyNoUntrustedPrincipals } from './bucket-policy-no-untrusted-principals.js';
import { bucketTlsEnforced } from './bucket-tls-enforced.js';
import { bucketVersioningEnabled } from './bucket-versioning-enabled.js';

/** Every AWS S3 check. Metadata for each id lives in config/checks/aws-s3.yaml. */
export const awsS3Checks: readonly CheckDefinition[] = [
  accountBlocksPublicAccess,
  bucketBlocksPublicAccess,
  bucketNotPublic,
  bucketPolicyNoUntrustedPrincipals,
  bucketAclsDisabled,
  bucketDefaultEncryption,
  bucketTlsEnforced,
  bucketVersioningEnabled,
  bucketMfaDeleteEnabled,
  bucketAccessLoggingEnabled,
  bucketObjectLockEnabled,
];

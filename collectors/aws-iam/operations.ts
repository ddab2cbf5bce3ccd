/**
 * IAM actions the collector's calls need, named where the call is made and here, in a module without the SDK, so
 * that the collector's declaration (collector.ts) names them without loading the IAM client.
 */
export const GET_POLICY = 'iam:GetPolicy';
export const GET_POLICY_VERSION = 'iam:GetPolicyVersion';
export const LIST_SERVER_CERTIFICATES = 'iam:ListServerCertificates';

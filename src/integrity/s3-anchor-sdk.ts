import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * What the S3 checkpoint anchor sends, and its client: a module of its own, which s3-anchor.ts loads when the anchor
 * is first used, so that commands with no anchor to read or write never load the S3 client package. Its imports are
 * what test/permissions/least-privilege.test.ts holds to the anchor's own policy.
 */
export const S3_ANCHOR_SDK = { S3Client, GetObjectCommand, ListObjectsV2Command, PutObjectCommand };

import { z } from 'zod';

/**
 * `integrity:` — Ed25519 signing of seals and the external checkpoint anchors (src/integrity/).
 * Documented in config/controlwatch.example.yaml. Kept in its own file so the section's shape is
 * read in one place; schema.ts only mounts it.
 */

const AnchorCredentials = z
  .object({
    accessKeyId: z.string().min(1),
    secretAccessKey: z.string().min(1),
    sessionToken: z.string().min(1).optional(),
  })
  .strict();

const DirectoryAnchor = z
  .object({
    type: z.literal('directory'),
    /** A directory outside the database's volume (relative paths: from the working directory). */
    path: z.string().min(1),
  })
  .strict();

const S3Anchor = z
  .object({
    type: z.literal('s3'),
    /** A bucket created with Object Lock enabled. */
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name'),
    prefix: z.string().default('controlwatch-checkpoints/'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as eu-west-1'),
    /** COMPLIANCE-mode retention of each checkpoint; default 7 years. */
    retentionDays: z.number().int().min(1).max(36_500).default(2557),
    /**
     * The anchor's OWN credentials (use ${ENV_VAR}), for a principal holding only
     * config/aws-checkpoint-anchor-policy.json — never the read-only collection role's.
     * Omitted → the SDK's default chain (e.g. an instance role dedicated to the anchor).
     */
    credentials: AnchorCredentials.optional(),
    endpoint: z.url().optional(),
    forcePathStyle: z.boolean().default(false),
  })
  .strict();

export const IntegritySection = z
  .object({
    /** Ed25519 private key (PEM, mode 0600) from `controlwatch keys generate`; outside the database and the image. */
    signingKey: z.string().min(1).optional(),
    /** Further trusted public keys (PEM), e.g. keys rotated out, so their older signatures still verify. */
    publicKeys: z.array(z.string().min(1)).default([]),
    /** Where a signed checkpoint is written after every sealed run. */
    checkpoints: z.array(z.discriminatedUnion('type', [DirectoryAnchor, S3Anchor])).default([]),
  })
  .strict()
  .superRefine((section, ctx) => {
    if (section.checkpoints.length > 0 && section.signingKey === undefined) {
      ctx.addIssue({ code: 'custom', path: ['checkpoints'], message: 'checkpoints are signed: set integrity.signingKey too' });
    }
  });

export type IntegrityConfig = z.infer<typeof IntegritySection>;
export type AnchorConfig = IntegrityConfig['checkpoints'][number];

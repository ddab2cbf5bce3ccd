import { z } from 'zod';
import { DateSpec } from './dates.js';

/**
 * The IAM Access Analyzer part of an estate account (`aws.accounts[].access_analyzer`): per region, the
 * analyzers there, as ListAnalyzers answers them. A region nobody lists has none (an empty list, as AWS answers).
 */

const Region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1');

const Analyzer = z
  .object({
    /** 1-255 letters, digits, . _ - (AWS's rule for analyzer names). */
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,254}$/, 'an analyzer name (letters, digits, . _ -, starting with a letter)'),
    /** External access (ACCOUNT / ORGANIZATION), unused access or internal access, as in the API. */
    type: z
      .enum(['ACCOUNT', 'ORGANIZATION', 'ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS', 'ACCOUNT_INTERNAL_ACCESS', 'ORGANIZATION_INTERNAL_ACCESS'])
      .default('ACCOUNT'),
    status: z.enum(['ACTIVE', 'CREATING', 'DISABLED', 'FAILED']).default('ACTIVE'),
    /** statusReason.code when the status is FAILED, e.g. SERVICE_LINKED_ROLE_CREATION_FAILED. */
    status_reason: z.string().min(1).optional(),
    created: DateSpec.default('-400d'),
  })
  .strict();

export const AccessAnalyzerAccountEstate = z
  .object({
    regions: z.record(Region, z.array(Analyzer)).default({}),
  })
  .strict();

export type EstateAnalyzer = z.infer<typeof Analyzer>;
export type AccessAnalyzerAccountEstateValue = z.infer<typeof AccessAnalyzerAccountEstate>;

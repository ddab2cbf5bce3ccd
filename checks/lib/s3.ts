import { matchesPattern } from '../../src/util/glob.js';
import { z } from 'zod';

/** Helpers shared by the S3 checks: bucket-name lists in parameters, and reading Block Public Access flags. */

/** A parameter list of bucket names; `*` matches any run of characters (`logs-*`). */
export const BucketNameList = z.array(z.string().min(1).max(255));

export function bucketListed(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => matchesPattern(p, name));
}

export interface PublicAccessBlockFlags {
  readonly blockPublicAcls: boolean;
  readonly ignorePublicAcls: boolean;
  readonly blockPublicPolicy: boolean;
  readonly restrictPublicBuckets: boolean;
}

const FLAG_NAMES: readonly (keyof PublicAccessBlockFlags)[] = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'];

/** The names of the settings that are off (the API's names, e.g. `BlockPublicAcls`). */
export function flagsOff(pab: PublicAccessBlockFlags): string[] {
  return FLAG_NAMES.filter((f) => !pab[f]).map((f) => f.charAt(0).toUpperCase() + f.slice(1));
}

export function fullyOn(pab: PublicAccessBlockFlags | null): boolean {
  return pab !== null && flagsOff(pab).length === 0;
}

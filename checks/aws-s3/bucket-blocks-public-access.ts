import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { isUnknown } from '../../src/model/unknown.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { bucketListed, BucketNameList, flagsOff, fullyOn } from '../lib/s3.js';

const Params = z.object({ public_bucket_allowlist: BucketNameList }).strict();

/**
 * The bucket's four Block Public Access settings are on, or the account-level block is fully on (which
 * overrides the bucket's). Buckets meant to be public (allowlist) are not applicable.
 */
export const bucketBlocksPublicAccess = defineCheck({
  id: 's3.bucket_public_access_block',
  observes: 'aws.s3.bucket',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const a = obs.attributes;
    if (bucketListed(a.name, ctx.params.public_bucket_allowlist)) return { status: 'not_applicable', reason: 'bucket is on public_bucket_allowlist' };
    // Either setting on its own is enough, so a known "fully on" decides even when the other could not be read.
    if (!isUnknown(a.publicAccessBlock) && fullyOn(a.publicAccessBlock)) return { status: 'pass', reason: 'all four bucket-level Block Public Access settings are on' };
    if (!isUnknown(a.accountPublicAccessBlock) && fullyOn(a.accountPublicAccessBlock)) {
      return { status: 'pass', reason: 'blocked by the account setting: all four account-level Block Public Access settings are on' };
    }
    const bucket = requireKnown(a.publicAccessBlock, 'bucket-level Block Public Access');
    const account = requireKnown(a.accountPublicAccessBlock, 'account-level Block Public Access');
    const bucketText = bucket === null ? 'no bucket-level Block Public Access configuration' : `bucket-level settings off: ${flagsOff(bucket).join(', ')}`;
    const accountText = account === null ? 'no account-level configuration' : `account-level settings off: ${flagsOff(account).join(', ')}`;
    return { status: 'fail', reason: `${bucketText}; ${accountText}` };
  }),
});

import { resolveDate } from '../estate/dates.js';
import type { EstateAwsAccount } from '../estate/schema.js';
import type { EstateS3Bucket, EstateS3Grant, EstateS3PublicAccessBlock } from '../estate/s3-schema.js';
import type { XmlObject, XmlValue } from './aws-query.js';
import { canonicalUserId, s3Error, s3Raw, s3Timestamp, s3Xml, type S3Reply } from './s3-xml.js';

/**
 * The S3 operations the collector calls, answered from the estate in S3's REST-XML shapes (path-style
 * addressing: `GET /` lists buckets, `GET /<bucket>?<subresource>` reads one setting). A setting the
 * estate leaves out answers the 404 error S3 uses for "not configured"; a bucket in another region
 * answers 301 PermanentRedirect, as S3 does, so a client signing for the wrong region finds out.
 */

export interface S3FakeOptions {
  readonly now: () => Date;
  /** Server-side cap on ListBuckets page size, so tests can force many pages. */
  readonly pageSize?: number;
  /** Leave BucketRegion out of ListBuckets, as S3 did before October 2024: clients must fall back to GetBucketLocation. */
  readonly listBucketsWithoutRegion?: boolean;
}

/** What one request asks for: the operation name (as the SDK and IAM name it) and the bucket, if any. */
export interface S3Route {
  readonly operation: string;
  readonly bucket: string | null;
}

/** Subresource query key → operation, for `GET /<bucket>?<key>`. */
const SUBRESOURCES: Readonly<Record<string, string>> = {
  location: 'GetBucketLocation',
  publicAccessBlock: 'GetPublicAccessBlock',
  encryption: 'GetBucketEncryption',
  versioning: 'GetBucketVersioning',
  logging: 'GetBucketLogging',
  policy: 'GetBucketPolicy',
  policyStatus: 'GetBucketPolicyStatus',
  acl: 'GetBucketAcl',
  'object-lock': 'GetObjectLockConfiguration',
  ownershipControls: 'GetBucketOwnershipControls',
};

const GROUP_URI = {
  AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  AuthenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
  LogDelivery: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
} as const;

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const DEFAULT_MAX_BUCKETS = 10_000;

/** The route of a GET request, or undefined for anything the fake does not implement. */
export function routeS3(method: string | undefined, url: string | undefined): S3Route | undefined {
  if (method !== 'GET') return undefined;
  const parsed = new URL(url ?? '/', 'http://fake');
  const segments = parsed.pathname.split('/').filter((s) => s !== '');
  if (segments.length === 0) return { operation: 'ListBuckets', bucket: null };
  if (segments.length !== 1) return undefined;
  const keys = [...parsed.searchParams.keys()];
  const operation = keys.map((k) => SUBRESOURCES[k]).find((op) => op !== undefined);
  return operation === undefined ? undefined : { operation, bucket: decodeURIComponent(segments[0]!) };
}

/** The region a bucket lives in; the legacy `EU` constraint is eu-west-1. */
export function bucketRegion(bucket: EstateS3Bucket): string {
  return bucket.region === 'EU' ? 'eu-west-1' : bucket.region;
}

/**
 * A rough stand-in for S3's own policy analysis behind GetBucketPolicyStatus: an Allow statement for
 * everyone ("*", {"AWS": "*"} or NotPrincipal) without any condition is public. S3's real analysis is
 * finer (it accepts some conditions as restricting); the demo estate only needs the clear cases.
 */
export function policyLooksPublic(policy: Record<string, unknown>): boolean {
  const raw = policy.Statement;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.some((s) => {
    if (typeof s !== 'object' || s === null) return false;
    const st = s as Record<string, unknown>;
    if (st.Effect !== 'Allow' || st.Condition !== undefined) return false;
    if (st.NotPrincipal !== undefined) return true;
    const p = st.Principal;
    if (p === '*') return true;
    const aws = typeof p === 'object' && p !== null ? (p as Record<string, unknown>).AWS : undefined;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  });
}

const bool = (b: boolean) => (b ? 'true' : 'false');

export function publicAccessBlockXml(pab: EstateS3PublicAccessBlock): XmlObject {
  return {
    BlockPublicAcls: bool(pab.block_public_acls),
    IgnorePublicAcls: bool(pab.ignore_public_acls),
    BlockPublicPolicy: bool(pab.block_public_policy),
    RestrictPublicBuckets: bool(pab.restrict_public_buckets),
  };
}

function grantee(g: EstateS3Grant['grantee']): XmlObject {
  if (typeof g === 'string') return { '@_xmlns:xsi': XSI, '@_xsi:type': 'Group', URI: GROUP_URI[g] };
  return { '@_xmlns:xsi': XSI, '@_xsi:type': 'CanonicalUser', ID: g.canonical_user };
}

export class S3Fake {
  constructor(private readonly options: S3FakeOptions) {}

  /**
   * Answers one routed request. `region` is the region the request was signed for; `accounts` are all
   * estate accounts (bucket names are global, so a bucket may belong to another account).
   */
  handle(route: S3Route, caller: EstateAwsAccount, region: string | undefined, accounts: readonly EstateAwsAccount[], params: URLSearchParams): S3Reply {
    if (route.bucket === null) return this.listBuckets(caller, params);
    const name = route.bucket;
    const owner = accounts.find((a) => a.s3?.buckets.some((b) => b.name === name));
    const bucket = owner?.s3?.buckets.find((b) => b.name === name);
    if (owner === undefined || bucket === undefined) {
      return s3Error({ status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist', extra: { BucketName: name } });
    }
    // Another account's bucket: its policy would have to grant us access; the estate never does.
    if (owner.id !== caller.id) return s3Error({ status: 403, code: 'AccessDenied', message: 'Access Denied' });
    if (bucket.deny.includes(route.operation as (typeof bucket.deny)[number])) {
      return s3Error({ status: 403, code: 'AccessDenied', message: 'Access Denied' });
    }
    const home = bucketRegion(bucket);
    // GetBucketLocation answers from any region; everything else must be sent to the bucket's own region.
    if (route.operation !== 'GetBucketLocation' && region !== undefined && region !== home) {
      return s3Error({
        status: 301,
        code: 'PermanentRedirect',
        message: 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
        extra: { Endpoint: `s3.${home}.amazonaws.com`, Bucket: name },
        headers: { 'x-amz-bucket-region': home },
      });
    }
    return this.bucketOperation(route.operation, bucket, caller);
  }

  private bucketOperation(operation: string, b: EstateS3Bucket, owner: EstateAwsAccount): S3Reply {
    const notFound = (code: string, message: string) => s3Error({ status: 404, code, message, extra: { BucketName: b.name } });
    switch (operation) {
      case 'GetBucketLocation':
        // us-east-1 is the empty constraint; legacy EU buckets still answer `EU`.
        return s3Xml('LocationConstraint', b.region === 'us-east-1' ? '' : b.region);
      case 'GetPublicAccessBlock':
        return b.public_access_block === undefined
          ? notFound('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found')
          : s3Xml('PublicAccessBlockConfiguration', publicAccessBlockXml(b.public_access_block));
      case 'GetBucketEncryption': {
        const e = b.encryption;
        if (e === undefined) return notFound('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found');
        const byDefault: XmlObject = { SSEAlgorithm: e.algorithm, ...(e.kms_key_id !== undefined ? { KMSMasterKeyID: e.kms_key_id } : {}) };
        return s3Xml('ServerSideEncryptionConfiguration', { Rule: { ApplyServerSideEncryptionByDefault: byDefault, BucketKeyEnabled: bool(e.bucket_key) } });
      }
      case 'GetBucketVersioning': {
        const v = b.versioning;
        // A bucket that never had versioning answers an empty configuration; MfaDelete appears once configured.
        if (v === undefined) return s3Xml('VersioningConfiguration', '');
        return s3Xml('VersioningConfiguration', { Status: v.status, ...(v.mfa_delete ? { MfaDelete: 'Enabled' } : {}) });
      }
      case 'GetBucketLogging':
        return b.logging === undefined
          ? s3Xml('BucketLoggingStatus', '')
          : s3Xml('BucketLoggingStatus', { LoggingEnabled: { TargetBucket: b.logging.target_bucket, TargetPrefix: b.logging.target_prefix } });
      case 'GetBucketPolicy':
        return b.policy === undefined ? notFound('NoSuchBucketPolicy', 'The bucket policy does not exist') : s3Raw(JSON.stringify(b.policy), 'application/json');
      case 'GetBucketPolicyStatus':
        return b.policy === undefined
          ? notFound('NoSuchBucketPolicy', 'The bucket policy does not exist')
          : s3Xml('PolicyStatus', { IsPublic: bool(policyLooksPublic(b.policy)) });
      case 'GetBucketAcl':
        return this.acl(b, owner);
      case 'GetObjectLockConfiguration': {
        const lock = b.object_lock;
        if (lock === undefined) return notFound('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket');
        const r = lock.default_retention;
        const retention: XmlObject | undefined =
          r === undefined ? undefined : { Mode: r.mode, ...(r.days !== undefined ? { Days: r.days } : {}), ...(r.years !== undefined ? { Years: r.years } : {}) };
        return s3Xml('ObjectLockConfiguration', { ObjectLockEnabled: 'Enabled', ...(retention !== undefined ? { Rule: { DefaultRetention: retention } } : {}) });
      }
      case 'GetBucketOwnershipControls':
        return b.ownership === undefined
          ? notFound('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found')
          : s3Xml('OwnershipControls', { Rule: { ObjectOwnership: b.ownership } });
      default:
        return s3Error({ status: 501, code: 'NotImplemented', message: 'A header you provided implies functionality that is not implemented' });
    }
  }

  private acl(b: EstateS3Bucket, owner: EstateAwsAccount): S3Reply {
    const ownerId = canonicalUserId(owner.id);
    const grants: XmlValue[] = [
      { Grantee: { '@_xmlns:xsi': XSI, '@_xsi:type': 'CanonicalUser', ID: ownerId, DisplayName: owner.name }, Permission: 'FULL_CONTROL' },
      ...b.acl.map((g) => ({ Grantee: grantee(g.grantee), Permission: g.permission })),
    ];
    return s3Xml('AccessControlPolicy', { Owner: { ID: ownerId, DisplayName: owner.name }, AccessControlList: { Grant: grants } });
  }

  /** ListBuckets, paginated with `max-buckets` / `continuation-token` (an opaque token; here an offset). */
  private listBuckets(caller: EstateAwsAccount, params: URLSearchParams): S3Reply {
    const now = this.options.now();
    const all = [...(caller.s3?.buckets ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const maxText = params.get('max-buckets');
    const max = maxText === null ? DEFAULT_MAX_BUCKETS : Number(maxText);
    if (!Number.isInteger(max) || max < 1 || max > DEFAULT_MAX_BUCKETS) {
      return s3Error({ status: 400, code: 'InvalidArgument', message: 'Argument max-buckets must be an integer between 1 and 10000', extra: { ArgumentName: 'max-buckets' } });
    }
    const size = Math.min(max, this.options.pageSize ?? max);
    const token = params.get('continuation-token');
    let offset = 0;
    if (token !== null) {
      const decoded = Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^offset:/, ''));
      if (!Number.isInteger(decoded) || decoded < 0 || decoded > all.length) {
        return s3Error({ status: 400, code: 'InvalidArgument', message: 'The continuation token provided is incorrect', extra: { ArgumentName: 'continuation-token' } });
      }
      offset = decoded;
    }
    const end = offset + size;
    const page = all.slice(offset, end);
    const buckets: XmlValue[] = page.map((b) => ({
      Name: b.name,
      CreationDate: s3Timestamp(resolveDate(b.created, now)),
      ...(this.options.listBucketsWithoutRegion === true ? {} : { BucketRegion: bucketRegion(b) }),
    }));
    return s3Xml('ListAllMyBucketsResult', {
      Owner: { ID: canonicalUserId(caller.id), DisplayName: caller.name },
      Buckets: buckets.length === 0 ? '' : { Bucket: buckets },
      ...(end < all.length ? { ContinuationToken: Buffer.from(`offset:${end}`, 'utf8').toString('base64url') } : {}),
    });
  }
}

import { describe, expect, it } from 'vitest';
import type { GetEventSelectorsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { s3DataEvents as fromSelectors } from '../../../collectors/aws-cloudtrail/s3-data-events.js';

/** The SDK output shape around the selectors under test. */
const s3DataEvents = (selectors: Omit<GetEventSelectorsCommandOutput, '$metadata'>) => fromSelectors({ $metadata: {}, ...selectors });

/** Which S3 object-level data events a trail's selectors record, for every bucket or some (CIS 4.8 / 4.9). */

const data = (...extra: { Field: string; Equals?: string[]; StartsWith?: string[]; NotStartsWith?: string[] }[]) => ({
  AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, ...extra] }],
});

describe('S3 data events from event selectors', () => {
  it('basic: DataResources AWS::S3::Object for arn:aws:s3 (all buckets), by ReadWriteType; a named bucket is only some', () => {
    expect(s3DataEvents({ EventSelectors: [{ ReadWriteType: 'All', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] })).toEqual({
      allBucketsRead: true,
      allBucketsWrite: true,
      someBuckets: [],
      selectors: 'basic',
    });
    expect(s3DataEvents({ EventSelectors: [{ ReadWriteType: 'WriteOnly', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::'] }] }] })).toMatchObject({ allBucketsRead: false, allBucketsWrite: true });
    expect(s3DataEvents({ EventSelectors: [{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::logs/'] }, { Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] }] })).toEqual({
      allBucketsRead: false,
      allBucketsWrite: false,
      someBuckets: ['arn:aws:s3:::logs/'],
      selectors: 'basic',
    });
    expect(s3DataEvents({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] })).toMatchObject({ allBucketsRead: false, allBucketsWrite: false, someBuckets: [] });
  });

  it('advanced: eventCategory Data + resources.type AWS::S3::Object, split by readOnly; narrowed selectors are only some', () => {
    expect(s3DataEvents(data())).toMatchObject({ allBucketsRead: true, allBucketsWrite: true });
    expect(s3DataEvents(data({ Field: 'readOnly', Equals: ['false'] }))).toMatchObject({ allBucketsRead: false, allBucketsWrite: true });
    expect(s3DataEvents(data({ Field: 'readOnly', Equals: ['true'] }))).toMatchObject({ allBucketsRead: true, allBucketsWrite: false });
    expect(s3DataEvents(data({ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::'] }))).toMatchObject({ allBucketsRead: true, allBucketsWrite: true });
    expect(s3DataEvents(data({ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::payments/'] }))).toEqual({
      allBucketsRead: false,
      allBucketsWrite: false,
      someBuckets: ['arn:aws:s3:::payments/'],
      selectors: 'advanced',
    });
    // Excluding some buckets, or filtering event names, is not "every bucket".
    expect(s3DataEvents(data({ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::'], NotStartsWith: ['arn:aws:s3:::tmp/'] }))).toMatchObject({ allBucketsRead: false, allBucketsWrite: false });
    expect(s3DataEvents(data({ Field: 'eventName', Equals: ['PutObject'] }))).toMatchObject({ allBucketsWrite: false, someBuckets: ['(narrowed by other fields)'] });
    // A management selector records no data events.
    expect(s3DataEvents({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] })).toMatchObject({ allBucketsRead: false, allBucketsWrite: false });
  });
});

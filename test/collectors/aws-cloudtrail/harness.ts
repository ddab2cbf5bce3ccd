import { awsCloudTrailCollector } from '../../../collectors/aws-cloudtrail/collector.js';
import { CLOUDTRAIL_OBSERVATION_TYPES } from '../../../collectors/aws-cloudtrail/observations.js';
import { parseEstate } from '../../../src/demo/estate/load.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import { find, ids, indentYaml, regionalHarness, type RegionalOptions } from '../aws-regional-harness.js';

/** Set-up for the AWS CloudTrail collector: the real collector and SDK client over HTTP against the protocol fake. */

export { NOW, PROD, SANDBOX, startDemoFake } from '../aws-iam/harness.js';

export type TrailOptions = RegionalOptions;

const harness = regionalHarness(awsCloudTrailCollector, 'cloudtrail', CLOUDTRAIL_OBSERVATION_TYPES);
export const { targetFor, collect, validate } = harness;
export const cloudtrailConfig = harness.configFor;
export { find, ids };

export const TEST_ACCOUNT = '333333333333';

/** A one-account estate with the given CloudTrail part (YAML under `cloudtrail:`), for focused tests. */
export function cloudtrailEstate(cloudtrailYaml: string): Estate {
  const indented = indentYaml(cloudtrailYaml);
  return parseEstate(
    `version: 1
aws:
  accounts:
    - id: "${TEST_ACCOUNT}"
      name: test
      credentials: { access_key_id: AKIATESTTRAIL000001, secret_access_key: test-secret-not-real-0001 }
      root: { created: -400d, mfa: hardware }
      cloudtrail:
${indented}
    - id: "444444444444"
      name: other
      credentials: { access_key_id: AKIATESTOTHER000002, secret_access_key: test-secret-not-real-0002 }
      root: { created: -400d, mfa: hardware }
      cloudtrail:
        regions:
          eu-west-1:
            trails:
              - { name: other-trail, s3_bucket: other-logs, latest_delivery: -1h }
`,
    'test estate',
  );
}

import type { EstateTrail } from '../estate/cloudtrail-schema.js';
import { resolveDate } from '../estate/dates.js';
import type { EstateAwsAccount } from '../estate/schema.js';
import type { FakeReply } from './aws-query.js';
import { epochSeconds, jsonError, JsonError, jsonSuccess, type JsonObject, type JsonValue } from './aws-json.js';

/**
 * The AWS CloudTrail operations the collector calls — DescribeTrails, GetTrailStatus, GetEventSelectors —
 * answered from the estate account in AWS JSON 1.1 shapes (X-Amz-Target `CloudTrail_20131101.<Operation>`,
 * API reference 2013-11-01). The region comes from the request's SigV4 scope: a region sees its own trails and
 * the shadows of multi-region trails created elsewhere, and a shadow is found only by its ARN, as in AWS.
 */

export const CLOUDTRAIL_TARGET_PREFIX = 'CloudTrail_20131101';

type Handler = (account: EstateAwsAccount, region: string, input: JsonObject) => JsonObject;

interface PlacedTrail {
  readonly trail: EstateTrail;
  readonly homeRegion: string;
  readonly arn: string;
}

const TRAIL_ARN = /^arn:aws[\w-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[\w.-]+$/;

/** Omits absent members, as AWS's JSON answers do. */
function compact(entries: Record<string, JsonValue | undefined>): JsonObject {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as JsonObject;
}

export function trailArn(accountId: string, homeRegion: string, name: string): string {
  return `arn:aws:cloudtrail:${homeRegion}:${accountId}:trail/${name}`;
}

/** The trails a region sees: its own, and every multi-region trail created elsewhere (their shadows). */
function visibleTrails(account: EstateAwsAccount, region: string, includeShadows = true): PlacedTrail[] {
  const out: PlacedTrail[] = [];
  for (const [homeRegion, { trails }] of Object.entries(account.cloudtrail?.regions ?? {})) {
    for (const trail of trails) {
      if (homeRegion === region || (includeShadows && trail.multi_region)) out.push({ trail, homeRegion, arn: trailArn(account.id, homeRegion, trail.name) });
    }
  }
  return out;
}

/** A name finds only a trail created in this region; another region's trail needs its ARN. */
function findTrail(account: EstateAwsAccount, region: string, name: JsonValue | undefined): PlacedTrail {
  if (typeof name !== 'string' || name === '') throw new JsonError(400, 'InvalidTrailNameException', 'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).');
  if (name.startsWith('arn:') && !TRAIL_ARN.test(name)) throw new JsonError(400, 'CloudTrailARNInvalidException', `Invalid trail ARN: ${name}`);
  const found = visibleTrails(account, region).find((t) => (name.startsWith('arn:') ? t.arn === name : t.homeRegion === region && t.trail.name === name));
  if (found === undefined) throw new JsonError(400, 'TrailNotFoundException', `Unknown trail: ${name} for the user: ${account.id}`);
  return found;
}

function describe({ trail, homeRegion, arn }: PlacedTrail, account: EstateAwsAccount): JsonObject {
  return compact({
    Name: trail.name,
    S3BucketName: trail.s3_bucket,
    S3KeyPrefix: trail.s3_key_prefix,
    IncludeGlobalServiceEvents: trail.include_global_service_events,
    IsMultiRegionTrail: trail.multi_region,
    HomeRegion: homeRegion,
    TrailARN: arn,
    LogFileValidationEnabled: trail.log_file_validation,
    CloudWatchLogsLogGroupArn: trail.cloudwatch_log_group,
    CloudWatchLogsRoleArn: trail.cloudwatch_log_group !== undefined ? `arn:aws:iam::${account.id}:role/CloudTrail_CloudWatchLogs_Role` : undefined,
    KmsKeyId: trail.kms_key,
    HasCustomEventSelectors: trail.advanced_event_selectors !== undefined || trail.management_events !== 'All' || trail.exclude_management_event_sources.length > 0,
    HasInsightSelectors: false,
    IsOrganizationTrail: trail.organization,
  });
}

export class CloudTrailFake {
  private readonly handlers: Record<string, Handler> = {
    DescribeTrails: (a, r, i) => this.describeTrails(a, r, i),
    GetTrailStatus: (a, r, i) => this.getTrailStatus(a, r, i),
    GetEventSelectors: (a, r, i) => this.getEventSelectors(a, r, i),
  };

  constructor(private readonly now: () => Date) {}

  handle(operation: string, account: EstateAwsAccount, region: string, input: JsonObject): FakeReply {
    const handler = Object.hasOwn(this.handlers, operation) ? this.handlers[operation] : undefined;
    if (handler === undefined) return jsonError(400, 'UnknownOperationException', `Unknown operation ${operation}`);
    return jsonSuccess(handler(account, region, input));
  }

  private at(spec: string): number {
    return epochSeconds(resolveDate(spec, this.now()));
  }

  /** Not paginated. An empty trailNameList means every trail; names that match nothing are left out, not errors. */
  private describeTrails(account: EstateAwsAccount, region: string, input: JsonObject): JsonObject {
    const visible = visibleTrails(account, region, input.includeShadowTrails !== false);
    const list = Array.isArray(input.trailNameList) ? input.trailNameList : [];
    if (list.some((n) => typeof n !== 'string')) throw new JsonError(400, 'InvalidTrailNameException', 'trailNameList must list trail names or ARNs');
    const selected =
      list.length === 0
        ? visible
        : visible.filter((t) => list.some((n) => (String(n).startsWith('arn:') ? t.arn === n : t.homeRegion === region && t.trail.name === n)));
    return { trailList: selected.map((t) => describe(t, account)) };
  }

  private getTrailStatus(account: EstateAwsAccount, region: string, input: JsonObject): JsonObject {
    const { trail } = findTrail(account, region, input.Name);
    const delivered = trail.latest_delivery !== undefined ? this.at(trail.latest_delivery) : undefined;
    return compact({
      IsLogging: trail.logging,
      LatestDeliveryTime: delivered,
      LatestDeliveryError: trail.latest_delivery_error,
      LatestDigestDeliveryTime: trail.log_file_validation ? delivered : undefined,
      StartLoggingTime: this.at('-400d'),
      StopLoggingTime: trail.logging ? undefined : this.at('-3d'),
      // Deprecated members AWS still sends, as empty strings.
      LatestDeliveryAttemptTime: '',
      LatestNotificationAttemptTime: '',
      LatestNotificationAttemptSucceeded: '',
      LatestDeliveryAttemptSucceeded: '',
      TimeLoggingStarted: '',
      TimeLoggingStopped: '',
    });
  }

  private getEventSelectors(account: EstateAwsAccount, region: string, input: JsonObject): JsonObject {
    const { trail, arn } = findTrail(account, region, input.TrailName);
    if (trail.advanced_event_selectors !== undefined) {
      return {
        TrailARN: arn,
        AdvancedEventSelectors: trail.advanced_event_selectors.map((s) =>
          compact({
            Name: s.name,
            FieldSelectors: s.field_selectors.map((f) =>
              compact({
                Field: f.field,
                Equals: f.equals,
                StartsWith: f.starts_with,
                EndsWith: f.ends_with,
                NotEquals: f.not_equals,
                NotStartsWith: f.not_starts_with,
                NotEndsWith: f.not_ends_with,
              }),
            ),
          }),
        ),
      };
    }
    const none = trail.management_events === 'None';
    return {
      TrailARN: arn,
      EventSelectors: [
        {
          ReadWriteType: none ? 'All' : trail.management_events,
          IncludeManagementEvents: !none,
          DataResources: [],
          ExcludeManagementEventSources: trail.exclude_management_event_sources,
        },
      ],
    };
  }
}

import type { EstateConfigRegion, EstateConfigRule } from '../estate/config-schema.js';
import type { EstateAwsAccount } from '../estate/schema.js';
import type { FakeReply } from './aws-query.js';
import { epochSeconds, jsonError, JsonError, jsonSuccess, type JsonObject, type JsonValue } from './aws-json.js';
import {
  CONFORMANCE_PACK_PRINCIPAL,
  configRegion,
  conformancePackArn,
  conformancePackId,
  recorderArn,
  ruleArn,
  ruleCompliance,
  ruleId,
  stringList,
  tokenPage,
  type ComplianceType,
} from './config-model.js';
import { parseSelect, selectRows } from './config-select.js';

/**
 * The AWS Config operations the collector calls, answered from the estate account's region (the region
 * comes from the request's SigV4 scope, as with real regional endpoints) in AWS JSON 1.1 shapes. Any other
 * operation answers UnknownOperationException. Timestamps in answers move with the clock, as AWS's do, so
 * tests can see the collector leave them out.
 */

export interface ConfigFakeOptions {
  readonly now: () => Date;
  /** Server-side cap on page size, so tests can force many pages. */
  readonly pageSize?: number;
}

type Handler = (account: EstateAwsAccount, region: string, input: JsonObject) => JsonObject;

const HOUR_MS = 3_600_000;

/** Omits absent members, as AWS's JSON answers do. */
function compact(entries: Record<string, JsonValue | undefined>): JsonObject {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as JsonObject;
}

function packOf(region: EstateConfigRegion, rule: string): string | undefined {
  return region.conformance_packs.find((p) => p.rules.includes(rule))?.name;
}

function findRule(region: EstateConfigRegion, name: unknown): EstateConfigRule {
  const rule = typeof name === 'string' ? region.rules.find((r) => r.name === name) : undefined;
  if (rule === undefined) throw new JsonError(400, 'NoSuchConfigRuleException', `The ConfigRule '${String(name)}' provided in the request is invalid. Please check the configRule name`);
  return rule;
}

const DETAIL_TYPES = new Set(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);
const RULE_TYPES = new Set(['COMPLIANT', 'NON_COMPLIANT', 'INSUFFICIENT_DATA']);

function complianceFilter(input: JsonObject, allowed: ReadonlySet<string>): Set<string> | undefined {
  const types = stringList(input, 'ComplianceTypes');
  if (types === undefined || types.length === 0) return undefined;
  const bad = types.filter((t) => !allowed.has(t));
  if (bad.length > 0) throw new JsonError(400, 'InvalidParameterValueException', `Invalid ComplianceTypes: ${bad.join(', ')}`);
  return new Set(types);
}

export class ConfigFake {
  private readonly handlers: Record<string, Handler> = {
    DescribeConfigurationRecorders: (a, r, i) => this.describeRecorders(a, r, i),
    DescribeConfigurationRecorderStatus: (a, r, i) => this.describeRecorderStatus(a, r, i),
    DescribeDeliveryChannels: (a, r, i) => this.describeDeliveryChannels(a, r, i),
    DescribeDeliveryChannelStatus: (a, r, i) => this.describeDeliveryChannelStatus(a, r, i),
    DescribeConfigRules: (a, r, i) => this.describeConfigRules(a, r, i),
    DescribeComplianceByConfigRule: (a, r, i) => this.describeComplianceByConfigRule(a, r, i),
    GetComplianceDetailsByConfigRule: (a, r, i) => this.getComplianceDetailsByConfigRule(a, r, i),
    DescribeConformancePacks: (a, r, i) => this.describeConformancePacks(a, r, i),
    DescribeConformancePackCompliance: (a, r, i) => this.describeConformancePackCompliance(a, r, i),
    SelectResourceConfig: (a, r, i) => this.selectResourceConfig(a, r, i),
  };

  constructor(private readonly options: ConfigFakeOptions) {}

  handle(operation: string, account: EstateAwsAccount, region: string, input: JsonObject): FakeReply {
    const handler = Object.hasOwn(this.handlers, operation) ? this.handlers[operation] : undefined;
    if (handler === undefined) return jsonError(400, 'UnknownOperationException', `Unknown operation ${operation}`);
    return jsonSuccess(handler(account, region, input));
  }

  private page<T>(items: readonly T[], input: JsonObject, operation: string, defaultLimit: number, maxLimit: number) {
    return tokenPage(items, input, { operation, defaultLimit, maxLimit, ...(this.options.pageSize !== undefined ? { serverPageSize: this.options.pageSize } : {}) });
  }

  private hoursAgo(hours: number): number {
    return epochSeconds(new Date(this.options.now().getTime() - hours * HOUR_MS));
  }

  /** The named recorders, or every one; a name that does not exist is an error, as in AWS. */
  private recorders(account: EstateAwsAccount, region: string, input: JsonObject) {
    const recorder = configRegion(account, region).recorder;
    const all = recorder !== undefined ? [recorder] : [];
    const names = stringList(input, 'ConfigurationRecorderNames');
    if (names === undefined || names.length === 0) return all;
    for (const name of names) {
      if (!all.some((r) => r.name === name)) {
        throw new JsonError(400, 'NoSuchConfigurationRecorderException', `Cannot find configuration recorder with the specified name '${name}'.`);
      }
    }
    return all.filter((r) => names.includes(r.name));
  }

  private describeRecorders(account: EstateAwsAccount, region: string, input: JsonObject): JsonObject {
    return {
      ConfigurationRecorders: this.recorders(account, region, input).map((r) => ({
        arn: recorderArn(account.id, region, r.name),
        name: r.name,
        roleARN: `arn:aws:iam::${account.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        recordingGroup: {
          allSupported: r.all_supported,
          includeGlobalResourceTypes: r.include_global_resource_types,
          resourceTypes: r.all_supported ? [] : r.resource_types,
          exclusionByResourceTypes: { resourceTypes: [] },
          recordingStrategy: { useOnly: r.all_supported ? 'ALL_SUPPORTED_RESOURCE_TYPES' : 'INCLUSION_BY_RESOURCE_TYPES' },
        },
        recordingMode: { recordingFrequency: r.recording_frequency, recordingModeOverrides: [] },
        recordingScope: 'PAID',
      })),
    };
  }

  private describeRecorderStatus(account: EstateAwsAccount, region: string, input: JsonObject): JsonObject {
    return {
      ConfigurationRecordersStatus: this.recorders(account, region, input).map((r) =>
        compact({
          arn: recorderArn(account.id, region, r.name),
          name: r.name,
          lastStartTime: this.hoursAgo(24 * 30),
          lastStopTime: r.recording ? undefined : this.hoursAgo(24 * 3),
          recording: r.recording,
          lastStatus: r.last_status,
          lastErrorCode: r.last_error_code,
          lastErrorMessage: r.last_error_code !== undefined ? `Recording failed: ${r.last_error_code}` : undefined,
          lastStatusChangeTime: this.hoursAgo(1),
        }),
      ),
    };
  }

  private channels(account: EstateAwsAccount, region: string, input: JsonObject) {
    const channel = configRegion(account, region).delivery_channel;
    const all = channel !== undefined ? [channel] : [];
    const names = stringList(input, 'DeliveryChannelNames');
    if (names === undefined || names.length === 0) return all;
    for (const name of names) {
      if (!all.some((c) => c.name === name)) throw new JsonError(400, 'NoSuchDeliveryChannelException', `Cannot find delivery channel with specified name '${name}'.`);
    }
    return all.filter((c) => names.includes(c.name));
  }

  private describeDeliveryChannels(account: EstateAwsAccount, region: string, input: JsonObject): JsonObject {
    return {
      DeliveryChannels: this.channels(account, region, input).map((c) =>
        compact({
          name: c.name,
          s3BucketName: c.s3_bucket,
          s3KeyPrefix: c.s3_key_prefix,
          snsTopicARN: c.sns_topic,
          configSnapshotDeliveryProperties: { deliveryFrequency: c.snapshot_frequency },
        }),
      ),
    };
  }

  private deliveryInfo(status: 'Success' | 'Failure' | 'Not_Applicable', errorCode: string | undefined): JsonObject {
    const failed = status === 'Failure';
    return compact({
      lastStatus: status,
      lastErrorCode: failed ? (errorCode ?? 'AccessDenied') : undefined,
      lastErrorMessage: failed ? 'Delivery to the S3 bucket failed' : undefined,
      lastAttemptTime: this.hoursAgo(2),
      lastSuccessfulTime: failed ? this.hoursAgo(24 * 6) : this.hoursAgo(2),
      nextDeliveryTime: this.hoursAgo(-22),
    });
  }

  private describeDeliveryChannelStatus(account: EstateAwsAccount, region: string, input: JsonObject): JsonObject {
    return {
      DeliveryChannelsStatus: this.channels(account, region, input).map((c) => ({
        name: c.name,
        configSnapshotDeliveryInfo: this.deliveryInfo(c.snapshot_status, c.last_error_code),
        configHistoryDeliveryInfo: this.deliveryInfo(c.history_status, c.last_error_code),
        configStreamDeliveryInfo: { lastStatus: 'Not_Applicable', lastStatusChangeTime: this.hoursAgo(24 * 30) },
      })),
    };
  }

  /** The rules, optionally only the named ones (an unknown name is NoSuchConfigRuleException). */
  private selectedRules(region: EstateConfigRegion, input: JsonObject): EstateConfigRule[] {
    const names = stringList(input, 'ConfigRuleNames');
    return names === undefined || names.length === 0 ? region.rules : names.map((n) => findRule(region, n));
  }

  private describeConfigRules(account: EstateAwsAccount, region: string, input: JsonObject): JsonObject {
    const state = configRegion(account, region);
    // DescribeConfigRules takes no Limit; AWS answers 25 rules a page.
    const { Limit: _ignored, ...rest } = input;
    const page = this.page(this.selectedRules(state, input), rest, 'DescribeConfigRules', 25, 25);
    return compact({
      ConfigRules: page.items.map((rule) =>
        compact({
          ConfigRuleName: rule.name,
          ConfigRuleArn: ruleArn(account.id, region, rule.name),
          ConfigRuleId: ruleId(account.id, region, rule.name),
          Source: { Owner: rule.owner, SourceIdentifier: rule.identifier },
          ConfigRuleState: rule.state,
          CreatedBy: packOf(state, rule.name) !== undefined ? CONFORMANCE_PACK_PRINCIPAL : undefined,
          EvaluationModes: [{ Mode: 'DETECTIVE' }],
        }),
      ),
      NextToken: page.nextToken,
    });
  }

  private describeComplianceByConfigRule(account: EstateAwsAccount, region: string, input: JsonObject): JsonObject {
    const state = configRegion(account, region);
    const filter = complianceFilter(input, RULE_TYPES);
    const entries = this.selectedRules(state, input)
      .map((rule) => ({ rule, compliance: ruleCompliance(rule) }))
      .filter((e) => filter === undefined || filter.has(e.compliance));
    const { Limit: _ignored, ...rest } = input;
    const page = this.page(entries, rest, 'DescribeComplianceByConfigRule', 25, 25);
    return compact({
      ComplianceByConfigRules: page.items.map(({ rule, compliance }) => {
        const nonCompliant = rule.evaluations.filter((e) => e.compliance === 'NON_COMPLIANT').length;
        return {
          ConfigRuleName: rule.name,
          Compliance: compact({
            ComplianceType: compliance,
            ComplianceContributorCount: compliance === 'NON_COMPLIANT' ? { CappedCount: Math.min(nonCompliant, 100), CapExceeded: nonCompliant > 100 } : undefined,
          }),
        };
      }),
      NextToken: page.nextToken,
    });
  }

  private getComplianceDetailsByConfigRule(account: EstateAwsAccount, region: string, input: JsonObject): JsonObject {
    const rule = findRule(configRegion(account, region), input.ConfigRuleName);
    // INSUFFICIENT_DATA is returned for rules but cannot be used to filter evaluation results.
    const filter = complianceFilter(input, DETAIL_TYPES);
    const results = rule.evaluations.filter((e) => filter === undefined || filter.has(e.compliance));
    const page = this.page(results, input, 'GetComplianceDetailsByConfigRule', 10, 100);
    return compact({
      EvaluationResults: page.items.map((e) =>
        compact({
          EvaluationResultIdentifier: {
            EvaluationResultQualifier: { ConfigRuleName: rule.name, ResourceType: e.resource_type, ResourceId: e.resource_id, EvaluationMode: 'DETECTIVE' },
            OrderingTimestamp: this.hoursAgo(3),
          },
          ComplianceType: e.compliance,
          ResultRecordedTime: this.hoursAgo(3),
          ConfigRuleInvokedTime: this.hoursAgo(3),
          Annotation: e.annotation,
        }),
      ),
      NextToken: page.nextToken,
    });
  }

  private describeConformancePacks(account: EstateAwsAccount, region: string, input: JsonObject): JsonObject {
    const state = configRegion(account, region);
    const names = stringList(input, 'ConformancePackNames');
    for (const name of names ?? []) {
      if (!state.conformance_packs.some((p) => p.name === name)) {
        throw new JsonError(400, 'NoSuchConformancePackException', `Conformance pack '${name}' does not exist`);
      }
    }
    const packs = names === undefined || names.length === 0 ? state.conformance_packs : state.conformance_packs.filter((p) => names.includes(p.name));
    const page = this.page(packs, input, 'DescribeConformancePacks', 20, 20);
    return compact({
      ConformancePackDetails: page.items.map((p) => ({
        ConformancePackName: p.name,
        ConformancePackArn: conformancePackArn(account.id, region, p.name),
        ConformancePackId: conformancePackId(account.id, region, p.name),
        ConformancePackInputParameters: [],
        LastUpdateRequestedTime: this.hoursAgo(24 * 40),
      })),
      NextToken: page.nextToken,
    });
  }

  private describeConformancePackCompliance(account: EstateAwsAccount, region: string, input: JsonObject): JsonObject {
    const state = configRegion(account, region);
    const pack = state.conformance_packs.find((p) => p.name === input.ConformancePackName);
    if (pack === undefined) throw new JsonError(400, 'NoSuchConformancePackException', `Conformance pack '${String(input.ConformancePackName)}' does not exist`);
    const filters = (typeof input.Filters === 'object' && input.Filters !== null && !Array.isArray(input.Filters) ? input.Filters : {}) as JsonObject;
    const only = stringList(filters, 'ConfigRuleNames');
    const type = filters.ComplianceType;
    const rows: { name: string; compliance: ComplianceType }[] = pack.rules
      .filter((name) => only === undefined || only.length === 0 || only.includes(name))
      .map((name) => ({ name, compliance: ruleCompliance(findRule(state, name)) }))
      .filter((r) => type === undefined || r.compliance === type);
    const page = this.page(rows, input, 'DescribeConformancePackCompliance', 100, 1000);
    return compact({
      ConformancePackName: pack.name,
      ConformancePackRuleComplianceList: page.items.map((r) => ({ ConfigRuleName: r.name, ComplianceType: r.compliance, Controls: [] })),
      NextToken: page.nextToken,
    });
  }

  private selectResourceConfig(account: EstateAwsAccount, region: string, input: JsonObject): JsonObject {
    const state = configRegion(account, region);
    if (!state.advanced_query.available) {
      throw new JsonError(
        400,
        'AccessDeniedException',
        `User: arn:aws:iam::${account.id}:user/controlwatch is not authorized to perform: config:SelectResourceConfig on resource: *`,
      );
    }
    if (state.recorder === undefined) {
      throw new JsonError(400, 'NoAvailableConfigurationRecorderException', 'There are no configuration recorders available to provide the configuration item.');
    }
    if (typeof input.Expression !== 'string') throw new JsonError(400, 'ValidationException', "1 validation error detected: Value null at 'expression' failed to satisfy constraint: Member must not be null");
    const query = parseSelect(input.Expression);
    const page = this.page(selectRows(query, state, account, region, this.options.now()), input, 'SelectResourceConfig', 100, 100);
    return compact({
      Results: page.items,
      QueryInfo: { SelectFields: query.fields.map((Name) => ({ Name })) },
      NextToken: page.nextToken,
    });
  }
}

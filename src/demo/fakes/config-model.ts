import { createHash } from 'node:crypto';
import type { EstateConfigRegion, EstateConfigRule } from '../estate/config-schema.js';
import type { EstateAwsAccount } from '../estate/schema.js';
import { JsonError } from './aws-json.js';

/**
 * What the Config fake derives from the estate: stable ARNs and ids (hashed from account, region and name,
 * so they never change between runs), rule compliance computed from evaluations the way AWS Config
 * summarises it, and NextToken pagination.
 */

export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';

/** The service principal AWS Config puts in ConfigRule.CreatedBy for rules a conformance pack deployed. */
export const CONFORMANCE_PACK_PRINCIPAL = 'config-conforms.amazonaws.com';

const EMPTY_REGION: EstateConfigRegion = { rules: [], conformance_packs: [], advanced_query: { available: true } };

/** The estate's Config state for an account region; a region the estate does not mention has Config off. */
export function configRegion(account: EstateAwsAccount, region: string): EstateConfigRegion {
  const regions = account.config?.regions;
  return regions !== undefined && Object.hasOwn(regions, region) ? regions[region]! : EMPTY_REGION;
}

function shortHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 6);
}

export function ruleId(account: string, region: string, name: string): string {
  return `config-rule-${shortHash(account, region, name)}`;
}

export function ruleArn(account: string, region: string, name: string): string {
  return `arn:aws:config:${region}:${account}:config-rule/${ruleId(account, region, name)}`;
}

export function recorderArn(account: string, region: string, name: string): string {
  return `arn:aws:config:${region}:${account}:configuration-recorder/${name}/${shortHash(account, region, name)}`;
}

export function conformancePackId(account: string, region: string, name: string): string {
  return `conformance-pack-${shortHash(account, region, name)}`;
}

export function conformancePackArn(account: string, region: string, name: string): string {
  return `arn:aws:config:${region}:${account}:conformance-pack/${name}/${conformancePackId(account, region, name)}`;
}

/**
 * A rule's overall compliance as DescribeComplianceByConfigRule reports it: NON_COMPLIANT if any resource is,
 * COMPLIANT if some resource is and none is not, INSUFFICIENT_DATA when nothing was evaluated in scope.
 */
export function ruleCompliance(rule: EstateConfigRule): ComplianceType {
  if (rule.evaluations.some((e) => e.compliance === 'NON_COMPLIANT')) return 'NON_COMPLIANT';
  if (rule.evaluations.some((e) => e.compliance === 'COMPLIANT')) return 'COMPLIANT';
  return 'INSUFFICIENT_DATA';
}

export interface TokenPage<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/**
 * NextToken pagination. `limit` is the caller's Limit (0 or absent → the operation's default), capped by
 * the operation's maximum and by the server-side page size tests set to force many pages. The token is
 * opaque to clients, as AWS's is; here it names the operation and the offset, so a token from another
 * operation is rejected like a forged one.
 */
export function tokenPage<T>(
  items: readonly T[],
  input: { Limit?: unknown; NextToken?: unknown },
  options: { operation: string; defaultLimit: number; maxLimit: number; serverPageSize?: number },
): TokenPage<T> {
  const requested = input.Limit === undefined || input.Limit === null || input.Limit === 0 ? options.defaultLimit : input.Limit;
  if (typeof requested !== 'number' || !Number.isInteger(requested) || requested < 0 || requested > options.maxLimit) {
    throw new JsonError(400, 'InvalidLimitException', `Limit must be between 0 and ${options.maxLimit}`);
  }
  const size = Math.min(requested, options.serverPageSize ?? requested);
  let offset = 0;
  if (typeof input.NextToken === 'string' && input.NextToken !== '') {
    const [operation, at] = Buffer.from(input.NextToken, 'base64url').toString('utf8').split(':');
    const decoded = Number(at);
    if (operation !== options.operation || !Number.isInteger(decoded) || decoded < 0 || decoded > items.length) {
      throw new JsonError(400, 'InvalidNextTokenException', 'The nextToken provided is invalid');
    }
    offset = decoded;
  }
  const end = offset + size;
  const page = items.slice(offset, end);
  return end < items.length ? { items: page, nextToken: Buffer.from(`${options.operation}:${end}`, 'utf8').toString('base64url') } : { items: page };
}

/** A string-array input member, or a ValidationException naming it. */
export function stringList(input: Record<string, unknown>, member: string): string[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new JsonError(400, 'ValidationException', `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must be a list of strings`);
  }
  return value as string[];
}

import type { Logger } from 'pino';
import type { AppConfig, AwsAccountConfig } from '../config/schema.js';
import { listOrganizationAccounts } from '../sdk/aws-organizations.js';
import { CallStats } from '../sdk/call-stats.js';
import { errorCode } from '../sdk/aws-call.js';

/** What discovery found, recorded with the run's declared scope so each day's evidence says what was in scope. */
export interface AccountDiscovery {
  readonly status: 'ok' | 'error';
  readonly error: string | null;
  /** Discovered accounts that are collected (ACTIVE, not excluded). */
  readonly collected: readonly string[];
  /** Discovered accounts left out, with why (suspended, excluded by config). */
  readonly skipped: readonly { readonly id: string; readonly why: string }[];
  readonly apiCalls: number;
}

/**
 * The configuration with organization accounts added: every ACTIVE account not excluded and not
 * already configured is collected by assuming `organizations.roleName` in it. Accounts listed in the
 * config keep their own settings. If discovery fails, the configured accounts are still collected and
 * the failure is recorded (a partial scope is better than none, and it is stated, not hidden).
 */
export async function expandAwsAccounts(config: AppConfig, log: Logger): Promise<{ config: AppConfig; discovery: AccountDiscovery | null }> {
  const aws = config.aws;
  const org = aws?.organizations;
  if (aws === undefined || org === undefined) return { config, discovery: null };
  const stats = new CallStats();
  try {
    const found = await listOrganizationAccounts(aws, stats);
    const configured = new Set(aws.accounts.map((a) => a.id));
    const skipped: { id: string; why: string }[] = [];
    const added: AwsAccountConfig[] = [];
    for (const account of found) {
      if (configured.has(account.id)) continue;
      if (org.exclude.includes(account.id)) skipped.push({ id: account.id, why: 'excluded by aws.organizations.exclude' });
      else if (account.status !== 'ACTIVE') skipped.push({ id: account.id, why: `status ${account.status}` });
      else {
        added.push({
          id: account.id,
          name: account.name,
          regions: org.regions,
          assumeRole: {
            roleArn: `arn:aws:iam::${account.id}:role/${org.roleName}`,
            ...(org.externalId !== undefined ? { externalId: org.externalId } : {}),
            sessionName: 'controlwatch',
            durationSeconds: 3600,
          },
        });
      }
    }
    log.info({ discovered: found.length, added: added.length, skipped: skipped.length }, 'organization accounts discovered');
    return {
      config: { ...config, aws: { ...aws, accounts: [...aws.accounts, ...added] } },
      discovery: { status: 'ok', error: null, collected: added.map((a) => a.id), skipped, apiCalls: stats.calls },
    };
  } catch (error) {
    const message = `organizations:ListAccounts failed: ${errorCode(error)}`;
    log.error({ code: errorCode(error) }, 'organization account discovery failed; collecting the configured accounts only');
    return { config, discovery: { status: 'error', error: message, collected: [], skipped: [], apiCalls: stats.calls } };
  }
}

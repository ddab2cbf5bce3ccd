import { stringify } from 'csv-stringify/sync';
import { resolveDate } from '../estate/dates.js';
import type { EstateAccessKey, EstateAwsAccount } from '../estate/schema.js';
import { rootArn, userArn } from './iam-model.js';

/**
 * The IAM credential report as AWS generates it: CSV, the documented column set, a `<root_account>` row
 * first, and AWS's placeholders (`N/A` no such credential, `no_information` never used,
 * `not_supported` for root fields IAM does not report).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

type Row = Record<(typeof CREDENTIAL_REPORT_COLUMNS)[number], string>;

/** The report's timestamp format: `2024-03-01T10:00:00+00:00`. */
const reportTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, '+00:00');

function keyColumns(key: EstateAccessKey | undefined, now: Date): [string, string, string, string, string] {
  if (key === undefined) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const used = key.last_used !== undefined;
  return [
    String(key.active),
    reportTime(resolveDate(key.created, now)),
    used ? reportTime(resolveDate(key.last_used!, now)) : 'N/A',
    used ? (key.last_used_region ?? 'us-east-1') : 'N/A',
    used ? (key.last_used_service ?? 'iam') : 'N/A',
  ];
}

function row(values: Omit<Row, `access_key_${1 | 2}_${string}` | `cert_${string}`>, keys: readonly EstateAccessKey[], now: Date): Row {
  const [a1, r1, u1, g1, s1] = keyColumns(keys[0], now);
  const [a2, r2, u2, g2, s2] = keyColumns(keys[1], now);
  return {
    ...values,
    access_key_1_active: a1,
    access_key_1_last_rotated: r1,
    access_key_1_last_used_date: u1,
    access_key_1_last_used_region: g1,
    access_key_1_last_used_service: s1,
    access_key_2_active: a2,
    access_key_2_last_rotated: r2,
    access_key_2_last_used_date: u2,
    access_key_2_last_used_region: g2,
    access_key_2_last_used_service: s2,
    cert_1_active: 'false',
    cert_1_last_rotated: 'N/A',
    cert_2_active: 'false',
    cert_2_last_rotated: 'N/A',
  };
}

function rows(account: EstateAwsAccount, now: Date): Row[] {
  const root = account.root;
  const out: Row[] = [
    row(
      {
        user: '<root_account>',
        arn: rootArn(account.id),
        user_creation_time: reportTime(resolveDate(root.created, now)),
        password_enabled: 'not_supported',
        password_last_used: root.password_last_used !== undefined ? reportTime(resolveDate(root.password_last_used, now)) : 'no_information',
        password_last_changed: 'not_supported',
        password_next_rotation: 'not_supported',
        mfa_active: String(root.mfa !== 'none'),
      },
      root.access_keys,
      now,
    ),
  ];
  const maxAgeDays = account.password_policy?.max_age_days;
  for (const user of account.users) {
    const created = resolveDate(user.created, now);
    const console = user.console;
    const lastChanged = console !== undefined ? (console.last_changed !== undefined ? resolveDate(console.last_changed, now) : created) : undefined;
    out.push(
      row(
        {
          user: user.name,
          arn: userArn(account.id, user.path, user.name),
          user_creation_time: reportTime(created),
          password_enabled: String(console !== undefined),
          password_last_used:
            console === undefined ? 'N/A' : console.last_used !== undefined ? reportTime(resolveDate(console.last_used, now)) : 'no_information',
          password_last_changed: lastChanged !== undefined ? reportTime(lastChanged) : 'N/A',
          password_next_rotation:
            lastChanged !== undefined && maxAgeDays !== undefined ? reportTime(new Date(lastChanged.getTime() + maxAgeDays * 86_400_000)) : 'N/A',
          mfa_active: String(user.mfa_devices.length > 0),
        },
        user.access_keys,
        now,
      ),
    );
  }
  return out;
}

/**
 * The report's CSV text (RFC 4180 via csv-stringify). Real IAM names cannot hold a comma, quote or newline,
 * but the soak serves hostile names (test/soak/hostile-names.test.ts) and the collector must read a quoted
 * value as IAM would send it, so values are quoted when they need it instead of refused.
 */
export function credentialReportCsv(account: EstateAwsAccount, generatedAt: Date): string {
  const records = rows(account, generatedAt).map((r) => CREDENTIAL_REPORT_COLUMNS.map((column) => r[column]));
  return stringify([[...CREDENTIAL_REPORT_COLUMNS], ...records], { record_delimiter: 'unix' }).replace(/\n$/, '');
}

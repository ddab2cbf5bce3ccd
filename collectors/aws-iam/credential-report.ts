import { GenerateCredentialReportCommand, GetCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';
import { parse } from 'csv-parse/sync';
import { call, CallFailedError } from '../../src/sdk/aws-call.js';
import type { CredentialStateValue } from './observations.js';

/**
 * The IAM credential report: the only source of password and access-key *usage* for every user and for
 * root. Generation is asynchronous (GenerateCredentialReport → STARTED … COMPLETE), so the collector asks
 * for it first, makes its other calls while IAM works, then polls and fetches it.
 */

export const GENERATE = 'iam:GenerateCredentialReport';
export const GET = 'iam:GetCredentialReport';
/** The root user's row name in the report. */
export const ROOT_USER = '<root_account>';

export interface CredentialReportRow {
  /** `<root_account>` for root. */
  readonly user: string;
  readonly arn: string;
  readonly createdAt: string;
  readonly state: CredentialStateValue;
}

export interface PollOptions {
  readonly sleep: (ms: number) => Promise<void>;
  /** How many more GenerateCredentialReport calls to make while waiting for COMPLETE. */
  readonly maxPolls: number;
  readonly intervalMs: number;
}

export const DEFAULT_POLL = { maxPolls: 15, intervalMs: 2_000 } as const;

/** Asks IAM to generate (or reuse) a report; returns its state (`STARTED`, `INPROGRESS`, `COMPLETE`). */
export async function requestCredentialReport(client: IAMClient): Promise<string> {
  const out = await call(GENERATE, () => client.send(new GenerateCredentialReportCommand({})));
  return out.State ?? 'STARTED';
}

/** Waits for the report (bounded), fetches and parses it. */
export async function awaitCredentialReport(client: IAMClient, initialState: string, poll: PollOptions): Promise<CredentialReportRow[]> {
  let state = initialState;
  // A bounded poll, not a retry: there is no SDK waiter for report generation, and an unbounded loop
  // could hold the run forever if IAM never finishes. Each poll is itself a GenerateCredentialReport call,
  // which is how AWS documents checking progress.
  for (let polls = 0; state !== 'COMPLETE'; polls += 1) {
    if (polls >= poll.maxPolls) {
      throw new CallFailedError(GENERATE, `${GENERATE} did not complete after ${poll.maxPolls} polls`, 'ReportNotComplete', undefined);
    }
    await poll.sleep(poll.intervalMs);
    state = await requestCredentialReport(client);
  }
  const out = await call(GET, () => client.send(new GetCredentialReportCommand({})));
  if (out.Content === undefined) throw new CallFailedError(GET, `${GET} returned a malformed response`, 'NoContent', undefined);
  return parseCredentialReport(Buffer.from(out.Content).toString('utf8'));
}

const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
] as const;

/** The report's placeholders: `N/A` (no such credential), `no_information` (never used), `not_supported` (root). */
const NO_VALUE = new Set(['N/A', 'no_information', 'not_supported', '']);

class MalformedReport extends Error {}

function timestamp(value: string | undefined, column: string): string | null {
  if (value === undefined || NO_VALUE.has(value)) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new MalformedReport(`${column} is not a timestamp`);
  return new Date(ms).toISOString();
}

function bool(value: string | undefined, column: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new MalformedReport(`${column} is not true/false`);
}

function toRow(r: Record<string, string>): CredentialReportRow {
  const user = r.user ?? '';
  const slots = ([1, 2] as const).flatMap((slot) => {
    const active = bool(r[`access_key_${slot}_active`], `access_key_${slot}_active`);
    const lastRotated = timestamp(r[`access_key_${slot}_last_rotated`], `access_key_${slot}_last_rotated`);
    // A slot with no key reads `false, N/A`; an inactive key still has its rotation date.
    if (!active && lastRotated === null) return [];
    return [{ slot, active, lastRotated, lastUsed: timestamp(r[`access_key_${slot}_last_used_date`], `access_key_${slot}_last_used_date`) }];
  });
  const createdAt = timestamp(r.user_creation_time, 'user_creation_time');
  if (createdAt === null) throw new MalformedReport('user_creation_time is missing');
  if (user === '' || !(r.arn ?? '').startsWith('arn:')) throw new MalformedReport('a row has no user or ARN');
  return {
    user,
    arn: r.arn ?? '',
    createdAt,
    state: {
      // Root's password is reported `not_supported`; root always has a password credential unless it was
      // centrally removed, so it is read as enabled — the reading under which no check passes by default.
      passwordEnabled: r.password_enabled === 'not_supported' ? true : bool(r.password_enabled, 'password_enabled'),
      passwordLastUsed: timestamp(r.password_last_used, 'password_last_used'),
      passwordLastChanged: timestamp(r.password_last_changed, 'password_last_changed'),
      mfaActive: bool(r.mfa_active, 'mfa_active'),
      accessKeys: slots,
    },
  };
}

/** The header as csv-parse's `columns` hook sees it: every required column, each column once. */
function checkedHeader(header: string[]): string[] {
  const seen = new Set<string>();
  const twice = [...new Set(header.filter((c) => seen.size === seen.add(c).size))];
  if (twice.length > 0) throw new MalformedReport(`duplicate columns ${twice.join(', ')}`);
  const missing = REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length > 0) throw new MalformedReport(`missing columns ${missing.join(', ')}`);
  return header;
}

/** Parses the report CSV (header row, then `<root_account>` and one row per user). */
export function parseCredentialReport(csv: string): CredentialReportRow[] {
  try {
    // The header is checked before any row is read: with duplicate columns csv-parse would let the last
    // one win, and a second `mfa_active` column could turn a fail into a pass.
    const records = parse(csv, { columns: checkedHeader, skip_empty_lines: true }) as Record<string, string>[];
    if (records[0] === undefined) throw new MalformedReport('no rows');
    const rows = records.map(toRow);
    // A user listed twice has two answers for one credential: neither is evidence (never last-one-wins).
    const seen = new Set<string>();
    const twice = new Set(rows.filter((r) => seen.size === seen.add(r.user).size).map((r) => r.user));
    if (twice.size > 0) throw new MalformedReport(`users listed more than once: ${[...twice].sort().join(', ')}`);
    // IAM always lists the root user: a report read without that row was cut or rewritten on the way, so none
    // of it is evidence (the root checks would otherwise fall back to other sources without saying why).
    if (!rows.some((r) => r.user === ROOT_USER)) throw new MalformedReport(`no ${ROOT_USER} row (IAM always lists the root user)`);
    return rows;
  } catch (error) {
    const detail = error instanceof MalformedReport ? error.message : 'not CSV';
    throw new CallFailedError(GET, `${GET} returned a malformed report: ${detail}`, 'MalformedReport', undefined);
  }
}

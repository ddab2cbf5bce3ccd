import type { ExceptionEntry } from '../config/programme-schema.js';

/**
 * The exceptions register as a run stores it (its exceptions blob) and as the runner applies it:
 * every entry with its id, defaults resolved, and nothing else from the config.
 */
export interface RegisteredException {
  readonly id: string;
  readonly check?: string;
  readonly control?: string;
  readonly resource: string;
  readonly reason: string;
  readonly compensatingControl?: string;
  readonly risk?: 'low' | 'medium' | 'high' | 'critical';
  readonly approver: string;
  readonly approved?: string;
  /** First day in force; absent → in force until expiry. */
  readonly starts?: string;
  readonly expires: string;
  readonly covers: readonly ('fail' | 'error')[];
}

/** Config entries → register entries (ids default to EXC-<position>, `justification` is read as `reason`). */
export function registerOf(entries: readonly ExceptionEntry[]): RegisteredException[] {
  return entries.map((e, i) => {
    const starts = e.starts ?? e.approved;
    return {
      id: e.id ?? `EXC-${i + 1}`,
      ...(e.check !== undefined ? { check: e.check } : {}),
      ...(e.control !== undefined ? { control: e.control } : {}),
      resource: e.resource,
      reason: e.reason ?? e.justification ?? '',
      ...(e.compensatingControl !== undefined ? { compensatingControl: e.compensatingControl } : {}),
      ...(e.risk !== undefined ? { risk: e.risk } : {}),
      approver: e.approver,
      ...(e.approved !== undefined ? { approved: e.approved } : {}),
      ...(starts !== undefined ? { starts } : {}),
      expires: e.expires,
      covers: [...e.covers],
    };
  });
}

/**
 * The register a stored run recorded. Runs sealed before the register had ids stored the config
 * entries as they were (`check, resource, justification, approver, expires`): those read with
 * positional ids, as the runner then applied them.
 */
export function storedRegister(blob: unknown): RegisteredException[] {
  if (!Array.isArray(blob)) return [];
  return blob.map((raw: Record<string, unknown>, i) => {
    if (typeof raw['id'] === 'string' && Array.isArray(raw['covers'])) return raw as unknown as RegisteredException;
    return {
      id: `EXC-${i + 1}`,
      check: String(raw['check']),
      resource: String(raw['resource'] ?? '*'),
      reason: String(raw['justification'] ?? raw['reason'] ?? ''),
      approver: String(raw['approver'] ?? ''),
      expires: String(raw['expires']),
      covers: ['fail'],
    };
  });
}

export type ExceptionState = 'in_force' | 'not_started' | 'expired';

export function stateOn(e: RegisteredException, day: string): ExceptionState {
  if (e.starts !== undefined && day < e.starts) return 'not_started';
  return day <= e.expires ? 'in_force' : 'expired';
}

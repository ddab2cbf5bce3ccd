import type { RegisteredException } from '../programme/exceptions-register.js';
import type { ManualControlStatus } from '../programme/manual.js';
import type { OutOfScope, ScopeTally } from '../programme/scope.js';

/**
 * The control programme's part of the report (built by programme.ts), read from what the run stored
 * (its scope blob's `programme` and its exceptions blob): declared scope and drift, owners, the
 * exceptions register's lifecycle and manual controls. Never today's config.
 */
export interface ProgrammeReport {
  /** False for runs sealed before the programme was recorded: nothing below was declared. */
  readonly recorded: boolean;
  readonly scope: ScopeSection;
  readonly owners: readonly OwnerGroup[];
  readonly exceptions: ExceptionsSection;
  readonly manualControls: readonly ManualControlStatus[];
  /** Per framework: controls evidenced by an automated check, by attestation (a declared manual control), or by nothing. */
  readonly frameworkCoverage: readonly FrameworkCoverage[];
}

export interface ScopeSection {
  readonly declared: boolean;
  /** Resources discovered (every observation of the run). */
  readonly discovered: number;
  readonly inScope: number;
  /** inScope / discovered as a whole percentage (100 when nothing was discovered). */
  readonly percent: number;
  readonly byType: readonly ScopeTally[];
  /** Discovered resources outside the declared scope: listed, never judged. */
  readonly drift: readonly OutOfScope[];
}

export interface OwnerGroup {
  readonly owner: string;
  readonly backup: string | null;
  readonly contact: string | null;
  readonly failingControls: readonly { readonly framework: string; readonly controlId: string; readonly title: string; readonly status: string }[];
  readonly findings: readonly { readonly checkId: string; readonly resourceId: string; readonly status: string }[];
}

export interface ExceptionsSection {
  /** Each entry with its state on the run's day, how many results it excepted, and whether it expires within 30 days. */
  readonly register: readonly (RegisteredException & { readonly state: string; readonly matched: number; readonly expiringSoon: boolean })[];
  /** In force and expiring within 30 days of the run's day. */
  readonly expiringSoon: readonly string[];
  /** In force on the day and matching no result: stale entries to retire. */
  readonly stale: readonly string[];
  /** Warning lines: entries that did not apply on the day (expired, not started yet). */
  readonly warnings: readonly string[];
}

export interface FrameworkCoverage {
  readonly framework: string;
  readonly controls: number;
  readonly automated: number;
  readonly attested: number;
  readonly none: number;
}

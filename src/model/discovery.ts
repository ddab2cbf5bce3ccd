import type { Provider } from './collector.js';
import type { Logger } from 'pino';
import type { CallStats } from '../sdk/call-stats.js';

/**
 * Scope discovery: a plugin that finds scopes the configuration does not list (AWS Organizations
 * accounts). It does API I/O, so it lives beside the collectors; the runner only asks it, before any
 * collection, which scopes the run must cover — and when it fails, the runner keeps the last discovered
 * set expected, with the failure as the reason, instead of letting those scopes silently vanish.
 */

/** One discovered unit of scope, e.g. an AWS account: every collector scope equal to `key` or under `key:` belongs to it. */
export interface DiscoveredUnit {
  /** Scope prefix, e.g. `aws:222222222222`. */
  readonly key: string;
  /** How reasons name it, e.g. `account 222222222222`. */
  readonly label: string;
}

export interface DiscoveryResult {
  /** Units to collect this run. */
  readonly found: readonly DiscoveredUnit[];
  /** Units seen but deliberately not collected, with why (excluded by config, suspended). */
  readonly skipped: readonly { readonly key: string; readonly why: string }[];
}

export interface DiscoveryContext {
  readonly log: Logger;
  readonly stats: CallStats;
}

/** `C` is the engine's configuration type; the model does not depend on it. */
export interface ScopeDiscoveryDefinition<C> {
  /** e.g. `aws-organizations` */
  readonly id: string;
  /** The API family whose scopes it adds: a run that collects none of that family's collectors skips it. */
  readonly provider: Provider;
  readonly title: string;
  /** The API actions discovery needs (the controller's policy). */
  readonly permissions: readonly string[];
  /** True when the configuration asks for this discovery. */
  enabled(config: C): boolean;
  /** Lists the units; throws when the listing fails (the runner records the failure). */
  discover(config: C, ctx: DiscoveryContext): Promise<DiscoveryResult>;
  /** The configuration with these units added as collectable scopes (units already configured keep their settings). */
  extend(config: C, units: readonly DiscoveredUnit[]): C;
  /** A short, stable reason for a failed discovery, e.g. `organizations:ListAccounts AccessDeniedException`. Never secrets. */
  describeFailure(error: unknown): string;
}

/** Does collector scope `scope` belong to discovered unit `key`? (`aws:1` owns `aws:1` and `aws:1:eu-west-1`.) */
export function scopeBelongsTo(scope: string, key: string): boolean {
  return scope === key || scope.startsWith(`${key}:`);
}

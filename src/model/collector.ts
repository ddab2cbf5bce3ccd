import type { z } from 'zod';
import type { Logger } from 'pino';
import type { Observation, PopulationGap } from './observation.js';
import type { CallStats } from '../sdk/call-stats.js';
import type { SharedCache } from './run-cache.js';

/** One unit of collection: a collector × scope (an AWS account, a region, a GitHub org). */
export interface CollectTarget {
  /** Scope id recorded with every observation and result, e.g. `aws:123456789012`. */
  readonly scope: string;
}

export interface CollectContext {
  readonly log: Logger;
  /**
   * Counts API calls and throttles for this collection; SDK clients must be built with it. Its `attribute(fn)`
   * gives the operations counted while fn ran: an observation's `source` is built from those, never typed by hand.
   */
  readonly stats: CallStats;
  /** Waits between polls; injectable so tests do not sleep. */
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * The same collector × scope in the latest sealed run, if any, with where each event population's next
   * window starts (`completeThrough`): a collector gathers only what happened since, and a failed
   * collection never moves that start (src/runner/change-window.ts states the rule).
   */
  readonly previous: PreviousCollection | null;
  /**
   * When this collection started, as recorded in the store (UTC ISO-8601). An event window ends here
   * (exclusive), and the next complete collection's window starts here. Collectors use it instead of
   * reading the clock.
   */
  readonly startedAt: string;
  /**
   * Answers shared by every scope of every collector in this run (e.g. AWS-managed policy documents, identical
   * in every account; an account's sts:GetCallerIdentity proof); keys name what they hold. Absent when a collection runs on its own (a test): then nothing is shared.
   */
  readonly runCache?: SharedCache;
}

export interface PreviousCollection {
  readonly runId: number;
  /** When that collection started (UTC ISO-8601). Not a window start: a failed collection has one too. */
  readonly startedAt: string;
  readonly status: 'ok' | 'partial' | 'error';
  /** How long that collection took: the run starts the longest scopes first (src/runner/launch-order.ts). */
  readonly durationMs?: number;
  /** The API calls that collection made: its share of a run's CPU (src/runner/collection-threads.ts). */
  readonly apiCalls?: number;
  /**
   * Per event type (`eventTypes`): the start of the last sealed collection that read that population
   * completely (not `error`, no gap of the type) — this collection's window for the type starts here, so a
   * failure is caught up by the next good run and complete windows tile with no hole or overlap. A type is
   * absent when no sealed collection ever read it completely: the collector uses its configured look-back.
   */
  readonly completeThrough: Readonly<Record<string, string>>;
}

export interface CollectionOutput {
  readonly observations: Observation[];
  /** Types whose population could not be listed here (→ `error` for their checks in this scope). */
  readonly gaps: PopulationGap[];
}

/** Which API family a collector talks to; it is also the configuration section the collector receives. */
export type Provider = 'aws' | 'github';

/**
 * A collector plugin. `T` is its target (one scope to collect); `S` is its slice of the configuration —
 * the parsed section named by `provider` (`aws`, `github`), never the whole configuration, so a collector
 * cannot depend on settings that are not its own and the model does not depend on the config module.
 */
export interface CollectorDefinition<T extends CollectTarget = CollectTarget, S = unknown> {
  /** e.g. `aws-iam` */
  readonly id: string;
  readonly title: string;
  /** The API family, and the configuration section `targets` receives (`config[provider]`). */
  readonly provider: Provider;
  /** zod schema of the attributes of every observation type this collector emits. */
  readonly produces: Readonly<Record<string, z.ZodType>>;
  /**
   * Types that are events in a window (pull requests merged since the previous run), not states: each
   * run sees new ones and the earlier ones are not "gone". Reports treat their results accordingly.
   */
  readonly eventTypes?: readonly string[];
  /** The API clients the collector needs: AWS service keys (`iam`, `s3`, …) or `github`. */
  readonly services: readonly string[];
  /**
   * AWS only: every SDK command the collector can send, keyed `<Client>.<Command>` (e.g.
   * `S3Client.GetBucketEncryptionCommand`), → the IAM action that authorises it. `permissions` is derived
   * from it, and the least-privilege test holds the code to it.
   */
  readonly actionsByOperation?: Readonly<Record<string, string>>;
  /** Every IAM action / API permission the collector's calls need (the least-privilege policy). */
  readonly permissions: readonly string[];
  /** The scopes this collector covers under its configuration section (the runner skips it when the section is absent). */
  targets(section: S): T[];
  /**
   * Collect one scope. Throwing means the whole scope failed: every check of every produced type
   * records `error` for the scope. Partial failures become `Unknown` attributes or gaps instead.
   */
  collect(target: T, ctx: CollectContext): Promise<CollectionOutput>;
}

/** Identity function that gives a collector definition its type (the `defineX` idiom). */
export function defineCollector<T extends CollectTarget, S>(def: CollectorDefinition<T, S>): CollectorDefinition<T, S> {
  return def;
}

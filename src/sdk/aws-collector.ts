import type { z } from 'zod';
import type { Logger } from 'pino';
import type { AwsAccountConfig, AwsConfig } from '../config/schema.js';
import { defineCollector, type CollectContext, type CollectionOutput, type CollectorDefinition, type CollectTarget } from '../model/collector.js';
import { RunCache, type SharedCache } from '../model/run-cache.js';
import { WrongAccountError } from './aws-account-guard.js';
import { attempt, CallFailedError, CredentialsRejectedError, type Traced } from './aws-call.js';
import { AwsClientPool, type AwsClients, type AwsServices, type ClientConfigFor } from './aws-clients.js';
import { awsClientConfig } from './aws.js';
import type { Attributed } from './call-stats.js';
import { PROOF_ACTIONS, PROOF_OPERATION } from './proof-operation.js';

/**
 * The one skeleton every AWS collector is built on. A collector states what it needs — its services,
 * the IAM action of every SDK command it sends, one target per account or per account × region — and
 * writes only `collect(scope)`. The skeleton does the rest, the same way for every collector:
 * - targets from the `aws` configuration section (never the whole configuration);
 * - counted SDK clients built from the configuration (awsClientConfig + attachCallStats), reused per
 *   service × region and destroyed when the scope ends;
 * - proof of the credentials' account with sts:GetCallerIdentity (asked once per account per run, shared
 *   through the run cache) before any collector code runs: another account's keys or an identity that cannot be confirmed fail the scope, because
 *   nothing read with them could be trusted as this account's;
 * - rejected credentials fail the scope with an error naming only the operation and the code;
 * - `scope.attempt` runs one concern: a failed call becomes a failed Outcome (logged) and the operations
 *   counted while it ran come with it, for the observations' `source`.
 */

export { PROOF_ACTIONS, PROOF_OPERATION } from './proof-operation.js';

export type Granularity = 'account' | 'region';

/** One AWS scope: an account (`aws:<id>`) or an account's region (`aws:<id>:<region>`). */
export interface AwsTarget<O = undefined> extends CollectTarget {
  readonly accountId: string;
  /** The scope's region; for account-wide collectors, the account's first configured region (where global services are called). */
  readonly region: string;
  /** Every region configured for the account, in configuration order. */
  readonly regions: readonly string[];
  /** The collector's own per-account settings (AwsCollectorSpec.settings): never credentials. */
  readonly settings: O;
  /** A function, so credentials never show when a target is logged or serialized. */
  readonly clientConfig: ClientConfigFor;
}

/** What `collect` is handed: one proven scope, its clients, and the collection's context. */
export interface AwsScope<Sv extends AwsServices, O> {
  readonly collector: string;
  readonly scope: string;
  readonly accountId: string;
  readonly region: string;
  readonly regions: readonly string[];
  readonly settings: O;
  readonly clients: AwsClients<Sv>;
  readonly log: Logger;
  readonly ctx: CollectContext;
  /** The scope-level calls every observation of the scope rests on (the account proof). */
  readonly proof: readonly string[];
  /** Runs one concern: its Outcome (a CallFailedError becomes a logged failure) and the operations counted while it ran. */
  attempt<T>(run: () => Promise<T>): Promise<Traced<T>>;
  /** Runs any work and returns the operations counted while it ran (e.g. everything read for one bucket). */
  attribute<T>(run: () => Promise<T>): Promise<Attributed<T>>;
}

export interface AwsCollectorSpec<Sv extends AwsServices, O> {
  readonly id: string;
  readonly title: string;
  /** `account`: one scope per account (`aws:<id>`); `region`: one per account × configured region (`aws:<id>:<region>`). */
  readonly granularity: Granularity;
  /** The service keys of the SDK clients the collector uses (its collect module's `clients`), e.g. `['iam']`. */
  readonly services: readonly (keyof Sv & string)[];
  /** `<Client>.<Command>` → IAM action, for every command the collector's code can send (the proof's is added). */
  readonly actions: Readonly<Record<string, string>>;
  readonly produces: Readonly<Record<string, z.ZodType>>;
  readonly eventTypes?: readonly string[];
  /** Per-account settings the collector reads from the `aws` section besides clients (must hold no secret). */
  settings?(aws: AwsConfig, account: AwsAccountConfig): O;
  /**
   * Loads the SDK clients and the collect function when the collector first collects (a dynamic import of its
   * collect module): the AWS SDK's client packages are ~0.4-0.6 s of module loading, which no command that only
   * reads the store (report, period, sample, export, verify) needs (test/architecture/lazy-demo.test.ts).
   */
  readonly implementation: () => Promise<AwsImplementation<Sv, O>>;
}

/** What an AWS collector's collect module exports: its SDK client classes, and what it does with them. */
export interface AwsImplementation<Sv extends AwsServices, O> {
  readonly clients: Sv;
  collect(scope: AwsScope<Sv, O>): Promise<CollectionOutput>;
}

export type AwsCollector<O = undefined> = CollectorDefinition<AwsTarget<O>, AwsConfig>;

function targetsOf<O>(spec: { granularity: Granularity; settings?: (aws: AwsConfig, account: AwsAccountConfig) => O }, aws: AwsConfig): AwsTarget<O>[] {
  return aws.accounts.flatMap((account) => {
    const settings = spec.settings?.(aws, account) as O;
    const clientConfig: ClientConfigFor = (service, region) => awsClientConfig({ aws, account, region, service });
    const base = { accountId: account.id, regions: [...account.regions], settings, clientConfig };
    if (spec.granularity === 'account') return [{ ...base, scope: `aws:${account.id}`, region: account.regions[0] ?? 'us-east-1' }];
    return account.regions.map((region) => ({ ...base, scope: `aws:${account.id}:${region}`, region }));
  });
}

/**
 * The account the credentials belong to, by sts:GetCallerIdentity (which no IAM policy can deny). The answer is
 * the same for every collector and region of the account, so a run asks once per account (the run cache): a
 * failed call is not shared (RunCache), so each scope then asks for itself and fails with its own reason.
 */
async function proveAccount(accountId: string, collector: string, cache: SharedCache, ask: () => Promise<string | undefined>): Promise<void> {
  let account: string | undefined;
  try {
    account = await cache.once(`${PROOF_OPERATION}:${accountId}`, ask);
  } catch (error) {
    if (error instanceof CallFailedError) throw new Error(`${collector}: could not confirm the credentials belong to account ${accountId}: ${error.reason}`);
    throw error;
  }
  if (account === undefined) throw new Error(`${collector}: could not confirm the credentials belong to account ${accountId}: ${PROOF_OPERATION} returned no account`);
  if (account !== accountId) throw new WrongAccountError(accountId, account);
}

export function defineAwsCollector<Sv extends AwsServices, O = undefined>(spec: AwsCollectorSpec<Sv, O>): AwsCollector<O> {
  const actions: Record<string, string> = { ...spec.actions, ...PROOF_ACTIONS };
  const declared = [...spec.services].sort().join(', ');
  const collect = async (target: AwsTarget<O>, ctx: CollectContext): Promise<CollectionOutput> => {
    // The SDK side (the collect module and the STS client) loads while the account proof is claimed.
    const ready = Promise.all([spec.implementation(), import('./account-proof.js')]).then(([implementation, proof]) => {
      const loaded = Object.keys(implementation.clients).sort().join(', ');
      if (loaded !== declared) throw new Error(`${spec.id}: its collect module brings the clients ${loaded}, but it declares ${declared}`);
      return { implementation, proof, clients: new AwsClientPool({ ...implementation.clients, ...proof.PROOF_CLIENTS }, target.clientConfig, ctx.stats, target.region) };
    });
    const where = spec.granularity === 'region' ? ` in ${target.region}` : '';
    const log = ctx.log;
    try {
      // Claimed before anything is awaited, so the first scope of an account to start makes the run's one call, as
      // the runner starts them (outside a run, a test, nothing is shared: a cache of its own).
      await proveAccount(target.accountId, spec.id, ctx.runCache ?? new RunCache(), async () => {
        const { proof, clients } = await ready;
        return proof.callerAccount(clients);
      });
      const { implementation, clients } = await ready;
      return await implementation.collect({
        collector: spec.id,
        scope: target.scope,
        accountId: target.accountId,
        region: target.region,
        regions: target.regions,
        settings: target.settings,
        clients,
        log,
        ctx,
        // Every observation rests on the proof, whichever scope of the run made the call.
        proof: [PROOF_OPERATION],
        attribute: (run) => ctx.stats.attribute(run),
        attempt: async (run) => {
          const { value, operations } = await ctx.stats.attribute(() =>
            attempt(run, (failure) =>
              log.warn({ operation: failure.operation, code: failure.code, status: failure.status }, `${failure.reason}; the attributes it supplies are Unknown`),
            ),
          );
          return { ...value, operations };
        },
      });
    } catch (error) {
      if (error instanceof CredentialsRejectedError) {
        // Only the operation and a safe detail (the code, or the role that could not be assumed): never a key or secret.
        throw new Error(`${spec.id}: ${credentialProblem(error.code)} for account ${target.accountId}${where} (${error.operation}: ${error.detail})`);
      }
      throw error;
    } finally {
      (await ready.catch(() => undefined))?.clients.destroy();
    }
  };
  return defineCollector<AwsTarget<O>, AwsConfig>({
    id: spec.id,
    title: spec.title,
    provider: 'aws',
    produces: spec.produces,
    ...(spec.eventTypes !== undefined ? { eventTypes: spec.eventTypes } : {}),
    services: [...new Set([...spec.services, 'sts'])].sort(),
    actionsByOperation: actions,
    permissions: [...new Set(Object.values(actions))].sort(),
    targets: (aws) => targetsOf(spec, aws),
    collect,
  });
}

/**
 * What is wrong with the credentials, in words that point at the fix: expired ones need refreshing, a
 * credential chain that found nothing needs configuring, anything else was presented and refused.
 */
export function credentialProblem(code: string): string {
  if (code === 'ExpiredToken' || code === 'ExpiredTokenException' || code === 'RequestExpired') return 'the AWS credentials have expired';
  // Reached only without a network cause (aws-call.ts names DNS, refused and the like first): nothing was found to send.
  if (code === 'CredentialsProviderError') return 'no AWS credentials were found (the SDK credential chain: environment, profile, web identity, instance role)';
  return 'AWS rejected the credentials';
}

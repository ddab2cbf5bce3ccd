/**
 * An observation: one resource's normalized state, as a collector saw it.
 * It carries no timestamps of its own (the collection row has them), so an unchanged resource
 * hashes the same every day and the evidence store keeps it once.
 */
export interface Observation<A = Record<string, unknown>> {
  /** e.g. `aws.iam.user` */
  readonly type: string;
  /** Stable identifier: an ARN, `github:org/repo`. */
  readonly id: string;
  /** The account / region / org it came from, e.g. `aws:123456789012`. */
  readonly scope: string;
  /** Normalized plain JSON; values the collector could not obtain are `Unknown`. */
  readonly attributes: A;
  /** API operations that supplied the attributes, e.g. `iam:GetCredentialReport`. */
  readonly source: readonly string[];
}

/**
 * An observation type whose population could not be listed in a scope (the listing call failed).
 * Checks of that type record `error` for the scope instead of silently finding nothing.
 */
export interface PopulationGap {
  readonly type: string;
  readonly reason: string;
}

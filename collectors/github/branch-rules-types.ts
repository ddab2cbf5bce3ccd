import type { Maybe } from '../../src/model/unknown.js';

/**
 * The default branch's rules as read from GitHub, before merging: the same shape whether they came
 * from the GraphQL query or the REST fallback, so one pure merge (normalize.ts) serves both.
 */

export interface ClassicRules {
  readonly approvals: number | null;
  readonly dismissStale: boolean;
  readonly codeOwner: boolean;
  readonly lastPush: boolean;
  readonly statusChecks: string[] | null;
  readonly strict: boolean;
  readonly enforceAdmins: boolean;
  readonly allowForcePushes: boolean;
  readonly allowDeletions: boolean;
  readonly signatures: boolean;
  readonly linearHistory: boolean;
}

export interface RuleEntry {
  /** REST spelling: `pull_request`, `non_fast_forward`, … */
  readonly type: string;
  readonly rulesetId: number;
  readonly approvals?: number;
  readonly dismissStale?: boolean;
  readonly codeOwner?: boolean;
  readonly lastPush?: boolean;
  readonly statusChecks?: string[];
  readonly strict?: boolean;
}

export interface RawBypassActor {
  readonly actorType: string;
  readonly actorId: number | null;
  readonly bypassMode: string;
}

export interface RulesetInfo {
  readonly id: number;
  readonly name: string;
  readonly sourceType: string;
  /** lower case: `active` | `evaluate` | `disabled` */
  readonly enforcement: string;
  /** null: not visible to the token (only ruleset editors see bypass actors). */
  readonly bypassActors: RawBypassActor[] | null;
}

export interface BranchRulesRaw {
  readonly branch: string;
  /** null = no classic protection. */
  readonly classic: Maybe<ClassicRules | null>;
  readonly rules: Maybe<RuleEntry[]>;
  readonly rulesets: RulesetInfo[];
}

import { z } from 'zod';
import { parseCadence, parseDuration } from '../programme/cadence.js';
import { patternProblem } from '../programme/patterns.js';

/**
 * The control programme as configuration (issue 16): declared scope, teams and owners, the exceptions
 * register and manual controls. Shape only; references to check and control ids and to teams are
 * validated with the registry (src/programme/validate.ts), where both the config and the catalogs exist.
 */

const IsoDate = z.iso.date();

/** A resource pattern: `*` matches any run of characters, everything else is literal (src/util/glob.ts). */
export const Pattern = z.string().superRefine((p, ctx) => {
  const problem = patternProblem(p);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

const AccountId = z.string().regex(/^\d{12}$/, 'expected a quoted 12-digit AWS account id');

/**
 * What the certificate's scope says is in scope. Absent → everything discovered is in scope (and the
 * report says so). A resource is in scope when its account / region / organisation is declared, it is
 * not excluded, and it is included by a pattern or by a tag rule.
 */
const DeclaredScope = z
  .object({
    aws: z
      .object({
        /** Accounts in scope; absent → every configured or discovered account. */
        accounts: z.array(AccountId).optional(),
        /** Regions in scope; absent → every configured region. Global scopes (IAM) are not regional. */
        regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as eu-west-1')).optional(),
        /** Resource ids (ARNs) in scope; default every resource of a declared account. */
        include: z.array(Pattern).default(['*']),
        exclude: z.array(Pattern).default([]),
        /** Tag rules: a resource whose tag `key` has one of the values is in scope even when no include names it. */
        tags: z.record(z.string().min(1), z.array(z.string()).min(1)).default({}),
      })
      .strict()
      .optional(),
    github: z
      .object({
        /** Organisations in scope; absent → every configured organisation. */
        organizations: z.array(z.string().min(1)).optional(),
        repositories: z
          .object({
            /** `repo` or `org/repo` patterns. */
            include: z.array(Pattern).default(['*']),
            exclude: z.array(Pattern).default([]),
            /** Archived repositories in scope? */
            archived: z.boolean().default(false),
            /**
             * Tag rules on repository custom properties: a repository whose property `key` has one of the
             * values is in scope even when no include names it (exclusions still win).
             */
            tags: z.record(z.string().min(1), z.array(z.string()).min(1)).default({}),
          })
          .strict()
          .default({ include: ['*'], exclude: [], archived: false, tags: {} }),
      })
      .strict()
      .optional(),
  })
  .strict();

/** A person or a team that owns controls. */
const Team = z
  .object({
    /** Display name; the key is the reference. */
    name: z.string().min(1).optional(),
    /** e-mail, chat channel or pager: who to reach. */
    contact: z.string().min(1),
  })
  .strict();

/** `owners` values: a team name, or a team with a backup. */
const OwnerRef = z.union([
  z.string().min(1),
  z.object({ owner: z.string().min(1), backup: z.string().min(1).optional() }).strict(),
]);

const RISK = ['low', 'medium', 'high', 'critical'] as const;

/**
 * One entry of the exceptions register. `justification` is the older name of `reason`; `id` defaults
 * to EXC-<position> for registers written before ids existed (give real ids: they are what results cite).
 */
const Exception = z
  .object({
    id: z.string().regex(/^[\w.-]{1,64}$/, 'expected an id of letters, digits, dot, dash or underscore').optional(),
    /** The check id the exception covers… */
    check: z.string().min(1).optional(),
    /** …or a control id: every check mapped to it. */
    control: z.string().min(1).optional(),
    /** Resource id or pattern (`*` matches any run of characters). */
    resource: Pattern.default('*'),
    reason: z.string().min(1).optional(),
    justification: z.string().min(1).optional(),
    compensatingControl: z.string().min(1).optional(),
    risk: z.enum(RISK).optional(),
    approver: z.string().min(1),
    /** Day the exception was approved (YYYY-MM-DD). */
    approved: IsoDate.optional(),
    /** First day it applies (audit time zone); absent → from approval, else always. */
    starts: IsoDate.optional(),
    /** Last day it applies (audit time zone). */
    expires: IsoDate,
    /** Which underlying statuses it may cover. `error` only when named: an error means nothing was evaluated. */
    covers: z.array(z.enum(['fail', 'error'])).min(1).default(['fail']),
  })
  .strict()
  .superRefine((e, ctx) => {
    if ((e.check === undefined) === (e.control === undefined)) ctx.addIssue({ code: 'custom', path: ['check'], message: 'give exactly one of check or control' });
    if (e.reason === undefined && e.justification === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'give the reason for the exception' });
    const starts = e.starts ?? e.approved;
    if (starts !== undefined && e.expires < starts) ctx.addIssue({ code: 'custom', path: ['expires'], message: `expires ${e.expires} is before ${e.starts !== undefined ? 'starts' : 'approved'} ${starts}` });
    if (e.approved !== undefined && e.starts !== undefined && e.starts < e.approved) ctx.addIssue({ code: 'custom', path: ['starts'], message: `starts ${e.starts} is before approved ${e.approved}` });
  });

const ManualControl = z
  .object({
    /** A control id in some framework catalog (e.g. A.5.18). */
    control: z.string().min(1),
    title: z.string().min(1).optional(),
    /** daily, weekly, monthly, quarterly, semiannually, annually, or <n>d / <n>w / <n>m / <n>y. */
    cadence: z.string().superRefine((c, ctx) => {
      if (parseCadence(c) === null) ctx.addIssue({ code: 'custom', message: `cadence "${c}" does not parse: use daily, weekly, monthly, quarterly, semiannually, annually or e.g. 90d, 6w, 3m, 1y` });
    }),
    /** Days after the due date before the control fails (e.g. 14d). */
    grace: z
      .string()
      .default('0d')
      .superRefine((g, ctx) => {
        if (parseDuration(g) === null) ctx.addIssue({ code: 'custom', message: `grace "${g}" does not parse: use e.g. 0d, 14d, 2w` });
      }),
    /** A team from `teams`. */
    owner: z.string().min(1).optional(),
    /** What the attestation must contain, shown to whoever attests. */
    evidence: z.string().min(1).optional(),
  })
  .strict();

export const ProgrammeSections = {
  /** Declared scope; absent → everything collected is in scope. */
  scope: DeclaredScope.optional(),
  /** People and teams that own controls, by reference name. */
  teams: z.record(z.string().regex(/^[\w.@-]{1,64}$/, 'expected a team reference of letters, digits, dot, dash, @ or underscore'), Team).default({}),
  /**
   * Owners by control id (A.8.5), check id (iam.user_console_mfa_enabled) or check family (`iam.*`): a
   * team, or `{ owner, backup }`. With `teams` declared every reference must name one of them.
   */
  owners: z.record(z.string(), OwnerRef).default({}),
  exceptions: z.array(Exception).default([]),
  manualControls: z.array(ManualControl).default([]),
};

export type ExceptionEntry = z.infer<typeof Exception>;
export type DeclaredScopeConfig = z.infer<typeof DeclaredScope>;
export type ManualControlConfig = z.infer<typeof ManualControl>;
export type OwnerRefConfig = z.infer<typeof OwnerRef>;
export type TeamConfig = z.infer<typeof Team>;

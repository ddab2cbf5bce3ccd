import { z } from 'zod';

/**
 * How long collection may take. An endpoint that accepts connections and never answers would otherwise
 * hold a run for (request timeout × attempts × calls × scopes); past a deadline the remaining work of a
 * scope (or of the run) is recorded as `error` "deadline exceeded", and the run still evaluates and seals
 * what it collected. Defaults leave room for a large organisation (thousands of IAM users, hundreds of
 * repositories); lower them where the estate is small and a quick, bounded answer matters more.
 */
export const DeadlinesSection = z
  .object({
    /** One collector × scope (an account, a region, an organisation). */
    scopeSeconds: z.number().int().positive().default(900),
    /** The whole collection phase of a run. */
    runSeconds: z.number().int().positive().default(3600),
  })
  .strict();

export type DeadlinesConfig = z.infer<typeof DeadlinesSection>;

import { z } from 'zod';

/**
 * The `github:` section of the configuration (documented in config/controlwatch.example.yaml).
 * Strict like the rest of the config: a misspelt key is an error, never silently ignored.
 */

const TokenAuth = z
  .object({
    /** Fine-grained or classic personal access token; use ${ENV_VAR}, never a literal. */
    token: z.string().min(1),
  })
  .strict();

const AppAuth = z
  .object({
    appId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/, 'expected a numeric GitHub App id')]),
    /** PEM private key of the App; use ${ENV_VAR}. Literal `\n` sequences are accepted. */
    privateKey: z.string().min(1),
    installationId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/, 'expected a numeric installation id')]),
  })
  .strict();

/** Glob patterns on repository names: `*` matches any run of characters. */
const RepositorySelection = z
  .object({
    include: z.array(z.string().min(1)).min(1).default(['*']),
    exclude: z.array(z.string().min(1)).default([]),
  })
  .strict();

const Organization = z
  .object({
    /** The organisation login, e.g. `acme`. */
    name: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'expected a GitHub organisation login'),
    repositories: RepositorySelection.default({ include: ['*'], exclude: [] }),
  })
  .strict();

export const GithubSection = z
  .object({
    /** REST root: https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server. */
    baseUrl: z.url().default('https://api.github.com'),
    auth: z.union([TokenAuth, AppAuth]),
    organizations: z.array(Organization).min(1),
    pullRequests: z
      .object({
        /** First run (no previous collection): how many days of merged pull requests to collect. */
        lookbackDays: z.number().int().min(1).max(366).default(30),
      })
      .strict()
      .default({ lookbackDays: 30 }),
    /** Requests in flight at once per organisation (GitHub asks clients to stay low: secondary limits). */
    concurrency: z.number().int().min(1).max(16).default(4),
    /** Per-request timeout in milliseconds. */
    requestTimeoutMs: z.number().int().positive().default(30_000),
    /** Retries of a throttled (rate-limited) request before its data becomes Unknown. */
    maxThrottleRetries: z.number().int().min(0).max(10).default(2),
  })
  .strict()
  .superRefine((gh, ctx) => {
    const seen = new Set<string>();
    gh.organizations.forEach((o, i) => {
      const key = o.name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['organizations', i, 'name'], message: `organisation ${o.name} is listed twice` });
      seen.add(key);
    });
  });

export type GithubConfig = z.infer<typeof GithubSection>;
export type GithubOrganizationConfig = GithubConfig['organizations'][number];
export type GithubAuthConfig = GithubConfig['auth'];

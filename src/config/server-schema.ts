import { z } from 'zod';

/**
 * The daemon's HTTP server (health, readiness, metrics, JSON API, dashboard). `listen` is host:port;
 * a non-loopback host requires `token` (a bearer token, from ${ENV}) unless `allowUnauthenticated`
 * says otherwise explicitly: the server refuses to start and names the key.
 * Documented in config/controlwatch.example.yaml.
 */
export const ServerSection = z
  .object({
    listen: z
      .string()
      .regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/, 'expected host:port such as 127.0.0.1:8080 or 0.0.0.0:8080 ([::1]:8080 for IPv6)')
      .default('127.0.0.1:8080'),
    /** Bearer token for the API, the dashboard and /metrics (not /healthz, /readyz); use ${CONTROLWATCH_SERVER_TOKEN}. */
    token: z.string().min(16, 'a bearer token of at least 16 characters').optional(),
    /** Serve without a token on a non-loopback address (behind an authenticating proxy only). */
    allowUnauthenticated: z.boolean().default(false),
    /**
     * Behind a TLS-terminating proxy: trust its X-Forwarded-Proto/-For, so a browser that came over https
     * gets a Secure session cookie and logs name the client. Leave false when clients connect directly.
     */
    trustProxy: z.boolean().default(false),
  })
  .strict();

export type ServerConfig = z.infer<typeof ServerSection>;

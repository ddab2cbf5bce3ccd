import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.js';
import type { ServerConfig } from '../config/server-schema.js';
import type { Registry } from '../registry/index.js';
import { apiErrorStatus, registerApi } from './api.js';
import { authorized, authPolicy, type AuthPolicy } from './auth.js';
import { DASHBOARD_STYLE_HASH, renderDashboard, renderWaiting } from './dashboard.js';
import { EvidenceHandle } from './evidence-handle.js';
import { hasSession, registerLogin, renderLogin } from './login.js';
import { sessionSecret } from './session.js';
import { parseListen, type ListenAddress } from './listen-address.js';
import { renderMetrics } from './metrics.js';
import type { LedgerPort } from './ports.js';
import { readiness, scheduledReadiness, type ScheduleAge } from './readiness.js';
import { storeLedger } from './store-ledger.js';
import { catalogueOf, serviceView, type ScheduleRun } from './service-view.js';
import type { SlotView } from './ports.js';

export interface ServerDeps {
  readonly config: AppConfig;
  /** The `server` section (listen, token, allowUnauthenticated, trustProxy: false when absent); the daemon passes config.server. */
  readonly server: Omit<ServerConfig, 'trustProxy'> & { readonly trustProxy?: boolean };
  /** The evidence database; opened read-only. */
  readonly dbPath: string;
  readonly registry: Registry;
  /** The slot ledger; default: the daemon's slots read from the store (src/period/ledger.ts). */
  readonly ledger?: LedgerPort;
  /** The schedule's interval: /readyz wants a sealed run younger than twice this; default 24 h. */
  readonly scheduleIntervalMs?: number;
  /**
   * The daemon's schedules when collectors have their own (schedule.perCollector): /readyz then judges each
   * schedule's latest run by its own interval, and /metrics counts missed slots per schedule.
   */
  readonly schedules?: readonly ScheduleAge[];
  readonly clock?: () => Date;
  readonly log?: Logger;
}

export const DEFAULT_INTERVAL_MS = 24 * 3_600_000;

/**
 * Paths anyone may call: liveness and readiness probes (kubelets and HEALTHCHECKs send no token), and the
 * browser's sign-in and sign-out (login.ts), which check the token themselves.
 */
const OPEN_PATHS = new Set(['/healthz', '/readyz', '/login', '/logout']);

/** Forms may post only to this server (the sign-in form); nothing else is loaded from anywhere. */
const CSP = `default-src 'none'; style-src ${DASHBOARD_STYLE_HASH}; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

/**
 * The HTTP app, not yet listening (tests call inject() or listen()). Throws UnsafeServerConfigError
 * before anything listens when a non-loopback address has no token and no explicit opt-out.
 */
export function buildServer(deps: ServerDeps): { app: FastifyInstance; address: ListenAddress; auth: AuthPolicy } {
  const address = parseListen(deps.server.listen);
  const auth = authPolicy(deps.server, address);
  const clock = deps.clock ?? (() => new Date());
  const handle = new EvidenceHandle(deps.dbPath, deps.config.audit.timezone, deps.registry);
  const catalogue = catalogueOf(deps.registry, deps.config.manualControls);
  const maxAgeMs = 2 * (deps.scheduleIntervalMs ?? DEFAULT_INTERVAL_MS);
  const ledger = deps.ledger ?? storeLedger(handle, clock);

  // trustProxy: behind a TLS-terminating proxy, X-Forwarded-Proto says the browser used https (the session cookie is then Secure).
  const app = Fastify({ logger: false, return503OnClosing: true, trustProxy: deps.server.trustProxy ?? false });
  app.addHook('onClose', async () => handle.close());
  // Cookies are parsed only where the auth hook asks (hook: false), so the order of hooks cannot matter.
  void app.register(fastifyCookie, { hook: false, ...(auth.kind === 'token' ? { secret: sessionSecret(auth.token) } : {}) });
  void app.register(fastifyFormbody, { bodyLimit: 8192 });

  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (OPEN_PATHS.has(path)) return;
    if (authorized(auth, req.headers.authorization) || hasSession(app, req, clock())) return;
    reply.code(401).header('WWW-Authenticate', 'Bearer realm="controlwatch"');
    // A person opening the dashboard gets the sign-in form; programs get the JSON error.
    if (path === '/' && req.method === 'GET') return reply.type('text/html; charset=utf-8').send(renderLogin(null));
    return reply.send({ error: 'a bearer token is required (Authorization: Bearer <server.token>), or sign in at /login' });
  });

  // Every answer: no sniffing, no framing, no caching (evidence changes with each run), a CSP with no external source.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('Content-Security-Policy', CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    // same-origin, not no-referrer: under no-referrer a browser posts forms with `Origin: null`, and the sign-in
    // form's origin check (login.ts) needs the real one; other sites still get no referrer at all.
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    reply.header('Cache-Control', 'no-store');
    return payload;
  });

  app.setErrorHandler((err, req, reply) => {
    const { code, message } = apiErrorStatus(err);
    if (code === 500) deps.log?.error({ err, url: req.url }, 'HTTP request failed');
    return reply.code(code).send({ error: message });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  registerLogin(app, { auth, clock, log: deps.log });

  app.get('/readyz', async (_req, reply) => {
    const r = deps.schedules && deps.schedules.length > 1 ? scheduledReadiness(handle, clock(), deps.schedules, () => ledger.slots()) : readiness(handle, clock(), maxAgeMs);
    return reply.code(r.ready ? 200 : 503).send({ status: r.ready ? 'ready' : 'not ready', ...r });
  });

  app.get('/metrics', async (_req, reply) => {
    const evidence = handle.evidence();
    const { contentType, body } = await renderMetrics({ evidence, source: handle.source(), catalogue, config: deps.config, ledger, now: clock(), scheduleIds: (deps.schedules ?? []).map((s) => s.id) });
    return reply.type(contentType).send(body);
  });

  app.get('/', async (req, reply) => {
    const now = clock();
    let evidence;
    try {
      evidence = handle.evidence();
    } catch (err) {
      // No database yet (the first run has not created it): say so on the page, not as a bare 500.
      handle.close();
      return reply.code(503).type('text/html; charset=utf-8').send(renderWaiting(`The evidence store cannot be read yet: ${(err as Error).message}`, now));
    }
    const signedIn = auth.kind === 'token' && !authorized(auth, req.headers.authorization);
    const scheduleRuns = deps.schedules && deps.schedules.length > 1 ? latestRunPerSchedule(deps.schedules, ledger.slots()) : [];
    return reply.type('text/html; charset=utf-8').send(renderDashboard(serviceView(evidence, catalogue, deps.config, now, scheduleRuns), now, 60, { signOut: signedIn }));
  });

  registerApi(app, { handle, catalogue, ledger, clock });
  return { app, address, auth };
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8080 (the real port when listen asked for 0). */
  readonly url: string;
  readonly auth: AuthPolicy;
  close(): Promise<void>;
}

/** Builds the app and listens on server.listen. */
export async function startServer(deps: ServerDeps): Promise<RunningServer> {
  const { app, address, auth } = buildServer(deps);
  await app.listen({ host: address.host, port: address.port });
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound ? bound.port : address.port;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  deps.log?.info({ url: `http://${host}:${port}`, auth: auth.kind === 'token' ? 'bearer token' : auth.why }, 'HTTP server listening');
  return { url: `http://${host}:${port}`, auth, close: () => app.close() };
}

/** Each schedule's latest run and the one before it, from the slot ledger's `ran` slots (schedules not run yet are left out). */
export function latestRunPerSchedule(schedules: readonly ScheduleAge[], slots: readonly SlotView[]): ScheduleRun[] {
  return schedules.flatMap((schedule) => {
    const ran = slots.filter((s) => s.schedule === schedule.id && s.status === 'ran' && s.runId !== null).map((s) => s.runId!);
    const runId = ran[ran.length - 1];
    return runId === undefined ? [] : [{ schedule: schedule.id, runId, previousRunId: ran[ran.length - 2] ?? null }];
  });
}

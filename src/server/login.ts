import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authorizedToken, type AuthPolicy } from './auth.js';
import { page } from './dashboard.js';
import { esc } from './html.js';
import { SESSION_COOKIE, SESSION_SECONDS, sessionLive, sessionValue } from './session.js';

/**
 * The browser's way in: `GET /login` is a form (no script) that POSTs the token in the request body —
 * never in a URL, so it is not in history, bookmarks, proxy logs or Referer headers — and a right token
 * gets the signed session cookie (session.ts): HttpOnly (no script reads it), SameSite=Strict (no other
 * site's page sends it), Secure when the request came over TLS (directly, or from a proxy trusted by
 * `server.trustProxy`), scoped to `/`. A wrong token gets 401 and the form again, and a log line without
 * the token. `POST /logout` ends the session. Both POSTs refuse another origin.
 */

const LoginForm = z.object({ token: z.string().max(4096) }).strict();

export interface LoginDeps {
  readonly auth: AuthPolicy;
  readonly clock: () => Date;
  readonly log?: Logger | undefined;
}

/** Whether the request carries a live, correctly signed session cookie (after @fastify/cookie is registered). */
export function hasSession(app: FastifyInstance, req: FastifyRequest, now: Date): boolean {
  const raw = app.parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
  if (raw === undefined) return false;
  const unsigned = app.unsignCookie(raw);
  return unsigned.valid && sessionLive(unsigned.value, now);
}

export function renderLogin(message: string | null): string {
  return page(
    `<section id="login"><h2>Sign in</h2>
${message ? `<p class="warn" role="alert">${esc(message)}</p>` : ''}
<p>Enter the server's token (<code>server.token</code>, e.g. from <code>CONTROLWATCH_SERVER_TOKEN</code>). It is sent once in this form's body and a session cookie is kept for ${SESSION_SECONDS / 3600} hours.</p>
<form method="post" action="/login"><label for="token">Token</label> <input id="token" name="token" type="password" autocomplete="current-password" required> <button type="submit">Sign in</button></form>
</section>`,
    null,
  );
}

export function registerLogin(app: FastifyInstance, deps: LoginDeps): void {
  const { auth } = deps;
  app.get('/login', async (_req, reply) => {
    if (auth.kind === 'open') return reply.redirect('/', 303);
    return reply.type('text/html; charset=utf-8').send(renderLogin(null));
  });

  app.post('/login', async (req, reply) => {
    if (auth.kind === 'open') return reply.redirect('/', 303);
    if (!sameOrigin(req)) return reply.code(403).send({ error: 'the login form must be posted from this server\'s own page' });
    const parsed = LoginForm.safeParse(req.body);
    if (!parsed.success || !authorizedToken(auth, parsed.data.token)) {
      deps.log?.warn({ ip: req.ip }, 'dashboard sign-in refused: wrong token');
      return reply.code(401).type('text/html; charset=utf-8').send(renderLogin('That is not the server\'s token.'));
    }
    const now = deps.clock();
    reply.setCookie(SESSION_COOKIE, sessionValue(now), {
      signed: true,
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
      path: '/',
      maxAge: SESSION_SECONDS,
    });
    return reply.redirect('/', 303);
  });

  app.post('/logout', async (req, reply) => {
    if (!sameOrigin(req)) return reply.code(403).send({ error: 'sign out from this server\'s own page' });
    clearSession(reply, req.protocol === 'https');
    return reply.redirect('/login', 303);
  });
}

function clearSession(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

/**
 * A browser names the page a form came from in `Origin`; a cross-site form post (login CSRF, forced
 * logout) carries another one. No Origin (curl, an old browser) is allowed: SameSite=Strict already
 * keeps the session cookie out of cross-site requests.
 */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `${req.protocol}://${req.headers.host ?? ''}`;
}

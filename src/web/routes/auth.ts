// Login and logout pages: password check with a failed-login rate limit counted in the account store before the check,
// a cap on password checks at once, a fresh session id on login, CSRF on both forms.
import { AppError } from '../../errors.ts';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { Gate, MemoryAttemptCounter, type AttemptCounter } from '../../auth/rate-limit.ts';
import { userOf } from '../locals.ts';
import { parseWith } from '../middleware.ts';
import { authOf, checkCsrf, sessionCookie, type WebSecurity } from '../security.ts';

const loginForm = z.object({
  name: z.string().trim().max(64).default(''),
  password: z.string().max(1024).default(''),
  next: z.string().max(2000).default('/'),
});

/** Only local paths are followed after login (no open redirect to another site). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) && !/[\r\n]/.test(next) ? next : '/';
}

export interface LoginLimits {
  /** Failures allowed per address and name, and per address, in one window. */
  perName: number;
  perAddress: number;
  windowMs: number;
  /** Password checks (scrypt, 32 MB each) running at once in this process, and waiting for a place; more get 429. */
  concurrentChecks?: number;
  queuedChecks?: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perName: 5, perAddress: 20, windowMs: 15 * 60_000, concurrentChecks: 2, queuedChecks: 32 };

const tooMany = (seconds: number, message: string): AppError => new AppError('TOO_MANY_REQUESTS', message, { headers: { 'Retry-After': String(seconds) } });

/** The /login and /logout routes. */
export function authRouter(sec: WebSecurity, limits: LoginLimits = DEFAULT_LOGIN_LIMITS): Router {
  const r = Router();
  // In the account store, so every process sharing it counts the same attempts (an app without one counts here).
  const counter: AttemptCounter = sec.accounts ?? new MemoryAttemptCounter();
  const checks = new Gate(limits.concurrentChecks ?? DEFAULT_LOGIN_LIMITS.concurrentChecks!, limits.queuedChecks ?? DEFAULT_LOGIN_LIMITS.queuedChecks!);

  const render = (res: Response, status: number, values: { error: string; name: string; next: string }): void => {
    res.status(status).render('pages/login', { title: 'Log in', ...values });
  };

  r.get('/login', (req: Request, res: Response) => {
    if (userOf(res)) {
      res.redirect(303, safeNext(req.query.next));
      return;
    }
    render(res, 200, { error: '', name: '', next: safeNext(req.query.next) });
  });

  r.post('/login', async (req: Request, res: Response) => {
    checkCsrf(sec, req, res);
    const form = parseWith(loginForm, req.body ?? {}, 'login');
    const address = req.ip ?? 'unknown';
    const nameKey = `name|${address}|${form.name.toLowerCase()}`;
    const addressKey = `address|${address}`;
    // The attempt is counted before the password is checked: of many guesses sent at once, only as many as the
    // limit allows get a check; the others are refused without one.
    const limited = await counter.takeAttempt(
      [
        { key: nameKey, max: limits.perName },
        { key: addressKey, max: limits.perAddress },
      ],
      limits.windowMs,
      Date.now(),
    );
    if (limited.blocked) {
      const minutes = Math.max(1, Math.ceil(limited.retryAfter / 60));
      throw tooMany(limited.retryAfter, `Too many failed logins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    }
    const checked = await checks.run(async () => (sec.accounts && form.name ? sec.accounts.checkPassword(form.name, form.password) : null));
    if (checked.busy) {
      // Not checked, so not a failure: the attempt is given back.
      await counter.releaseAttempt([nameKey, addressKey], Date.now());
      throw tooMany(5, 'Too many logins at once. Try again in a few seconds.');
    }
    const user = checked.value;
    if (!user) {
      render(res, 401, { error: 'The user name or the password is wrong.', name: form.name, next: safeNext(form.next) });
      return;
    }
    // A success is not a failure: the address gets its attempt back and the name's failures are forgotten.
    await counter.clearAttempts([nameKey]);
    await counter.releaseAttempt([addressKey], Date.now());
    const old = authOf(res).sessionId;
    if (old) await sec.sessions.logout(old);
    const { cookie } = await sec.sessions.login(user);
    res.setHeader('Set-Cookie', sessionCookie(sec, req, cookie, Math.round(sec.sessions.lifetimeMs / 1000)));
    res.redirect(303, safeNext(form.next));
  });

  r.post('/logout', async (req: Request, res: Response) => {
    checkCsrf(sec, req, res);
    const sid = authOf(res).sessionId;
    // Removed from the store: the cookie stops working in every process, not only this one.
    if (sid) await sec.sessions.logout(sid);
    const fresh = sec.sessions.issue();
    res.setHeader('Set-Cookie', sessionCookie(sec, req, fresh.cookie, null));
    res.redirect(303, '/login');
  });

  return r;
}

// Login and logout pages: password check with a failed-login rate limit, a fresh session id on login, CSRF on both forms.
import { AppError } from '../../errors.ts';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { FailureLimiter } from '../../auth/rate-limit.ts';
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
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perName: 5, perAddress: 20, windowMs: 15 * 60_000 };

/** The /login and /logout routes. */
export function authRouter(sec: WebSecurity, limits: LoginLimits = DEFAULT_LOGIN_LIMITS): Router {
  const r = Router();
  const byName = new FailureLimiter(limits.perName, limits.windowMs);
  const byAddress = new FailureLimiter(limits.perAddress, limits.windowMs);

  const render = (res: Response, status: number, values: { error: string; name: string; next: string }): void => {
    res.status(status).render('pages/login', { title: 'Log in', ...values });
  };

  r.get('/login', (req: Request, res: Response) => {
    if (authOf(res).user) {
      res.redirect(303, safeNext(req.query.next));
      return;
    }
    render(res, 200, { error: '', name: '', next: safeNext(req.query.next) });
  });

  r.post('/login', async (req: Request, res: Response) => {
    checkCsrf(sec, req, res);
    const form = parseWith(loginForm, req.body ?? {}, 'login');
    const address = req.ip ?? 'unknown';
    const nameKey = `${address}|${form.name.toLowerCase()}`;
    const limited = [byName.check(nameKey), byAddress.check(address)].find((s) => s.blocked);
    if (limited) {
      const minutes = Math.max(1, Math.ceil(limited.retryAfter / 60));
      throw new AppError('TOO_MANY_REQUESTS', `Too many failed logins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, { headers: { 'Retry-After': String(limited.retryAfter) } });
    }
    const user = sec.accounts && form.name ? await sec.accounts.checkPassword(form.name, form.password) : null;
    if (!user) {
      byName.fail(nameKey);
      byAddress.fail(address);
      render(res, 401, { error: 'The user name or the password is wrong.', name: form.name, next: safeNext(form.next) });
      return;
    }
    byName.reset(nameKey);
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

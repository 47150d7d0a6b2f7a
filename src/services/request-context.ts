// Who is acting in a request and on which version of a consultation: set once per request by the web app, read by every service.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '../store/schema.ts';

/** Per request: the version (consultation.updatedAt) a change was based on, and the logged-in account acting. */
interface RequestContext {
  version?: string;
  user?: string;
}

const requestContext = new AsyncLocalStorage<RequestContext>();

/** Roles in order of what they allow. */
export const ROLE_RANK: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };

/** Whether `has` allows what `needs` allows. */
export function roleAllows(has: Role | null, needs: Role): boolean {
  return has !== null && ROLE_RANK[has] >= ROLE_RANK[needs];
}

/**
 * Run `task` as a change based on `version` (the consultation's updatedAt the facilitator saw): a change made
 * inside it to a consultation changed since then fails with CONFLICT (409) instead of overwriting the other change.
 */
export function basedOn<R>(version: string | undefined, task: () => R): R {
  return version ? requestContext.run({ ...requestContext.getStore(), version }, task) : task();
}

/** Run `task` for a logged-in account: it becomes the owner of what it creates, and lists only its consultations. */
export function actingAs<R>(user: string | null | undefined, task: () => R): R {
  return user ? requestContext.run({ ...requestContext.getStore(), user }, task) : task();
}

/** Run `task` outside the request (work that outlives it, such as a queued analysis, is no change based on its version). */
export function outsideRequest<R>(task: () => R): R {
  return requestContext.exit(task);
}

/** The logged-in account acting, if any. */
export function actingUser(): string | undefined {
  return requestContext.getStore()?.user;
}

/** Who is acting: the logged-in account, or "facilitator" in the open mode without accounts. History and audit lines name them. */
export function actor(): string {
  return actingUser() ?? 'facilitator';
}

/** The version the request's change was based on, if it said. */
export function expectedVersion(): string | undefined {
  return requestContext.getStore()?.version;
}

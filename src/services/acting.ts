// Who is acting on a consultation, and on which version of it: passed explicitly to every service call that changes
// something (the web app builds it once per request; the CLI and tests act in the open mode).
import type { Role } from '../store/schema.ts';

/** The logged-in account acting (none in the open mode without accounts) and the version a change was based on. */
export interface Acting {
  /** The account; absent in the open mode (history and audit lines then say "facilitator"). */
  readonly user?: string;
  /** The consultation's updatedAt the facilitator saw: a change to a consultation changed since fails with CONFLICT. */
  readonly version?: string;
}

/** Acting without an account and without a version to check: the CLI, the sample loader, background work. */
export const OPEN_MODE: Acting = Object.freeze({});

/** Roles in order of what they allow. */
export const ROLE_RANK: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };

/** Whether `has` allows what `needs` allows. */
export function roleAllows(has: Role | null, needs: Role): boolean {
  return has !== null && ROLE_RANK[has] >= ROLE_RANK[needs];
}

/** Who is acting, as history and audit lines name them: the account, or "facilitator" in the open mode. */
export function actorName(acting: Acting): string {
  return acting.user ?? 'facilitator';
}

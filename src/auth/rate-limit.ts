// Failed-login rate limit: a fixed window of attempts per key (address + name, and address alone), counted in the
// account store before the password is checked, and a cap on the password checks running at once in this process.
import { createHash } from 'node:crypto';

export interface LimitState {
  /** True when the key may not try again yet. */
  blocked: boolean;
  /** Seconds until it may try again (0 when not blocked). */
  retryAfter: number;
}

/** One key to count an attempt against, and how many attempts it may make in a window. */
export interface AttemptKey {
  key: string;
  max: number;
}

/**
 * Where login attempts are counted. The account stores implement it, so every process using the same store shares
 * one count. Keys are stored as hashes (attemptKeyHash): the store keeps no address or name in clear.
 */
export interface AttemptCounter {
  /**
   * Count one attempt against every key, all or none: when a key already has `max` attempts in its current window,
   * nothing is counted and the answer is blocked, with the seconds until that window ends. A key whose window ended
   * (or that has none) starts a new window of `windowMs` at `now`. Atomic: of many callers at once, at most `max` pass.
   */
  takeAttempt(keys: readonly AttemptKey[], windowMs: number, now: number): Promise<LimitState>;
  /** Give back one counted attempt of each key (a login that succeeded, or a check that did not run, is no failure). */
  releaseAttempt(keys: readonly string[], now: number): Promise<void>;
  /** Forget the keys' counts (a successful login clears its name's failures). */
  clearAttempts(keys: readonly string[]): Promise<void>;
}

/** The stored form of a key: SHA-256, so the store holds no client address or user name. */
export const attemptKeyHash = (key: string): string => createHash('sha256').update(key).digest('hex');

/** A counted window of one key. */
export interface AttemptWindow {
  count: number;
  resetAt: number;
}

/**
 * The decision shared by the stores that count in memory or in a file: given the current windows of the keys
 * (hashed), either the new windows to keep, or blocked. Pure, so both stores apply the same window semantics.
 */
export function nextWindows(current: ReadonlyMap<string, AttemptWindow>, keys: readonly AttemptKey[], windowMs: number, now: number): { state: LimitState; next: Map<string, AttemptWindow> | null } {
  const next = new Map<string, AttemptWindow>();
  for (const { key, max } of keys) {
    const h = attemptKeyHash(key);
    const w = current.get(h);
    if (!w || w.resetAt <= now) next.set(h, { count: 1, resetAt: now + windowMs });
    else if (w.count >= max) return { state: { blocked: true, retryAfter: Math.max(1, Math.ceil((w.resetAt - now) / 1000)) }, next: null };
    else next.set(h, { count: w.count + 1, resetAt: w.resetAt });
  }
  return { state: { blocked: false, retryAfter: 0 }, next };
}

/** Attempts counted in this process only: for an app without an account store (nobody can log in there anyway). */
export class MemoryAttemptCounter implements AttemptCounter {
  private readonly windows = new Map<string, AttemptWindow>();

  async takeAttempt(keys: readonly AttemptKey[], windowMs: number, now: number): Promise<LimitState> {
    const { state, next } = nextWindows(this.windows, keys, windowMs, now);
    if (next) for (const [h, w] of next) this.windows.set(h, w);
    if (this.windows.size > 10_000) for (const [h, w] of this.windows) if (w.resetAt <= now) this.windows.delete(h);
    return state;
  }

  async releaseAttempt(keys: readonly string[], now: number): Promise<void> {
    for (const key of keys) {
      const w = this.windows.get(attemptKeyHash(key));
      if (w && w.resetAt > now && w.count > 0) w.count--;
    }
  }

  async clearAttempts(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.windows.delete(attemptKeyHash(key));
  }
}

/**
 * At most `running` tasks at once, and at most `waiting` more queued; a task beyond both is refused at once
 * (run returns `busy`) rather than queued without end. Password checks are scrypt: 32 MB and tens of ms each on the
 * libuv pool that file reads share, so a flood of logins must not take the whole server.
 */
export class Gate {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly running: number,
    private readonly waiting: number,
  ) {}

  /** Run `task` when a place is free; `busy` without running it when the queue is full too. */
  async run<R>(task: () => Promise<R>): Promise<{ busy: true } | { busy: false; value: R }> {
    if (this.active >= this.running) {
      if (this.queue.length >= this.waiting) return { busy: true };
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else this.active++;
    try {
      return { busy: false, value: await task() };
    } finally {
      // The place passes to the next waiting task (active stays the same), or is freed.
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

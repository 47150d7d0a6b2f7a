// Failed-login rate limit: a fixed window of failures per key (address + name, and address alone), in memory.

export interface LimitState {
  /** True when the key may not try again yet. */
  blocked: boolean;
  /** Seconds until it may try again (0 when not blocked). */
  retryAfter: number;
}

/** Counts failures per key in a window; after `max` failures the key is blocked until the window ends. */
export class FailureLimiter {
  private readonly entries = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(key: string): LimitState {
    const e = this.entries.get(key);
    const t = this.now();
    if (!e || e.resetAt <= t) return { blocked: false, retryAfter: 0 };
    return e.count >= this.max ? { blocked: true, retryAfter: Math.ceil((e.resetAt - t) / 1000) } : { blocked: false, retryAfter: 0 };
  }

  fail(key: string): void {
    const t = this.now();
    const e = this.entries.get(key);
    if (!e || e.resetAt <= t) this.entries.set(key, { count: 1, resetAt: t + this.windowMs });
    else e.count++;
    if (this.entries.size > 10_000) for (const [k, v] of this.entries) if (v.resetAt <= t) this.entries.delete(k);
  }

  reset(key: string): void {
    this.entries.delete(key);
  }
}

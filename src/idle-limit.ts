// When a pool of warm threads (the pipeline's workers, the server's analysis threads) has been unused long enough to
// stop them: measured in this thread's event loop idle time, not wall time. A busy or loaded machine, where an
// analysis, a test or a request takes longer, adds no idle time; a process with nothing to do adds it as time passes.
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** How often (wall time) a pool reads its event loop's idle time. */
const CHECK_MS = 5_000;

export class IdleLimit {
  /** The event loop's times when the pool was last used (null: it holds no idle thread). */
  private usedAt: EventLoopUtilization | null = null;
  private timer: NodeJS.Timeout | null = null;

  /** `onLimit` (stop the idle threads) is called once the event loop has been idle `limitMs` since the pool was last used. */
  constructor(
    readonly limitMs: number,
    private readonly onLimit: () => void,
  ) {}

  /** The pool was used: its idle threads' idle time counts from now; `holding` false: it holds none, nothing to count. */
  used(holding: boolean): void {
    this.usedAt = holding ? performance.eventLoopUtilization() : null;
    if (!holding && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    } else if (holding && !this.timer) this.timer = setInterval(() => this.check(), CHECK_MS).unref();
  }

  /** How long (ms) the event loop has been idle since the pool was last used (0 when it holds no idle thread). */
  idleTime(): number {
    return this.usedAt ? performance.eventLoopUtilization(this.usedAt).idle : 0;
  }

  /** Call onLimit when `idleMs` (by default the idle time since the pool was last used) reaches the limit. */
  check(idleMs = this.idleTime()): void {
    if (this.usedAt && idleMs >= this.limitMs) this.onLimit();
  }
}

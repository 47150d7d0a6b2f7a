// Tests' time limits are hang detectors, not speed checks: a limit that a quiet machine meets with room to spare can be
// outlasted when the machine is busy (two CPUs, other work at a load average of 10-20 makes every step 5-10 times
// slower). Every mocha limit (see root-hooks.ts) and every wait a test makes for a job, a page or a child process is
// multiplied by HARVEST_TEST_PATIENCE (default 3; 1 restores the written limits). A real hang still fails, only later.

const raw = Number(process.env.HARVEST_TEST_PATIENCE ?? '3');

/** The factor applied to every time limit of the tests (at least 1). */
export const PATIENCE = Number.isFinite(raw) && raw >= 1 ? raw : 3;

/** A time limit of `ms` milliseconds as written, stretched by PATIENCE. */
export function patient(ms: number): number {
  return Math.round(ms * PATIENCE);
}

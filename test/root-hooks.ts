// Mocha root hooks (loaded by .mocharc.json's "require", in every worker of a parallel run): before a file's tests
// run, every suite's, test's and hook's time limit is stretched by PATIENCE (see patience.ts), so a busy machine
// outlasting a limit is not reported as a failure. Limits a test sets inside its own body are not seen here.
import type { Context, Runnable, Suite } from 'mocha';
import { PATIENCE } from './patience.ts';

type Hooks = Record<'_beforeAll' | '_beforeEach' | '_afterEach' | '_afterAll', Runnable[] | undefined>;

/** Every suite under (and with) `suite`, and every test and hook, with the limit each has now. */
function limitsUnder(suite: Suite, out: { suites: [Suite, number][]; runnables: [Runnable, number][] }): void {
  out.suites.push([suite, suite.timeout()]);
  const hooks = suite as unknown as Hooks;
  for (const list of [hooks._beforeAll, hooks._beforeEach, hooks._afterEach, hooks._afterAll]) {
    for (const hook of list ?? []) out.runnables.push([hook, hook.timeout()]);
  }
  for (const test of suite.tests) out.runnables.push([test, test.timeout()]);
  for (const child of suite.suites) limitsUnder(child, out);
}

/** Root suites already stretched (a parallel worker runs several files, each with its own root). */
const stretched = new WeakSet<Suite>();

export const mochaHooks = {
  beforeAll(this: Context): void {
    let root = this.test?.parent;
    while (root?.parent) root = root.parent;
    if (!root || stretched.has(root) || PATIENCE === 1) return;
    stretched.add(root);
    // Read every limit first, then write each alone: Suite#timeout(ms) would also overwrite its children's own limits.
    const limits = { suites: [] as [Suite, number][], runnables: [] as [Runnable, number][] };
    limitsUnder(root, limits);
    for (const [suite, ms] of limits.suites) if (ms > 0) (suite as unknown as { _timeout: number })._timeout = Math.round(ms * PATIENCE);
    for (const [runnable, ms] of limits.runnables) if (ms > 0) runnable.timeout(Math.round(ms * PATIENCE));
  },
};

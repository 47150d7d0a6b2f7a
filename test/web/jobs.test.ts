// The analysis job queue: states, progress, failures and the concurrency limit, with stand-in runners.
import { expect } from 'chai';
import { AppError } from '../../src/errors.ts';
import { JobQueue, type AnalysisRunner, type WorkerInput } from '../../src/services/jobs.ts';
import type { Analysis } from '../../src/pipeline/index.ts';

const input = {} as WorkerInput;
const analysis = { synthesis: {}, documents: [] } as unknown as Analysis;

describe('job queue', () => {
  it('reports progress, then done after the result is saved', async () => {
    const runner: AnalysisRunner = async (_in, onProgress) => {
      onProgress('annotate', 0.5);
      onProgress('annotate', 0.4); // progress never goes back
      return analysis;
    };
    const queue = new JobQueue(runner, 1);
    const saved: Analysis[] = [];
    const job = queue.submit('c1', async () => input, async (a) => void saved.push(a));
    expect(job.state).to.equal('running');
    await queue.idle();
    expect(job).to.include({ state: 'done', progress: 1, stage: 'done' });
    expect(saved).to.deep.equal([analysis]);
  });

  const failures: [string, AnalysisRunner, { code: string; message: string }][] = [
    ['an AppError', async () => { throw new AppError('VERIFICATION_FAILED', 'quote q1 differs'); }, { code: 'VERIFICATION_FAILED', message: 'quote q1 differs' }],
    ['anything else', async () => { throw new TypeError('x is undefined'); }, { code: 'INTERNAL', message: 'x is undefined' }],
  ];
  for (const [what, runner, error] of failures) {
    it(`fails the job with its code and message when the runner throws ${what}`, async () => {
      const queue = new JobQueue(runner, 1);
      const job = queue.submit('c1', async () => input, async () => {});
      await queue.idle();
      expect(job.state).to.equal('failed');
      expect(job.error).to.deep.equal(error);
      expect(queue.active('c1')).to.equal(undefined);
      expect(queue.latest('c1')).to.equal(job);
    });
  }

  it('runs at most `concurrency` jobs; the others wait as queued', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const queue = new JobQueue(async () => { await gate; return analysis; }, 1);
    const first = queue.submit('a', async () => input, async () => {});
    const second = queue.submit('b', async () => input, async () => {});
    await new Promise((r) => setTimeout(r, 10));
    expect([first.state, second.state]).to.deep.equal(['running', 'queued']);
    expect(queue.active('b')).to.equal(second);
    release();
    await queue.idle();
    expect([first.state, second.state]).to.deep.equal(['done', 'done']);
  });
});

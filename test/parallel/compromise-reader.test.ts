// compromise's helper thread (a small analysis's): its readings, and the annotations made with it, equal this thread's.
import { expect } from 'chai';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { readWithCompromise } from '../../src/pipeline/annotate/compromise.ts';
import { annotateSegments } from '../../src/pipeline/parallel/annotate-segments.ts';
import { lendCompromiseReaderToPool, readShared, sharedCompromiseReader, startCompromiseReader, stopCompromiseReader } from '../../src/pipeline/parallel/compromise-reader.ts';
import { idleWorkerCount, stopIdleWorkers } from '../../src/pipeline/parallel/worker-pool.ts';
import type { Annotation, Segment } from '../../src/model/index.ts';
import { generateSurvey } from '../../bench/generate.ts';

function segmentsOf(texts: string[]): Segment[] {
  return texts.map((text, i) => ({
    id: `s${i + 1}`,
    kind: 'note' as const,
    text,
    section: null,
    respondentId: null,
    attributes: {},
    provenance: { documentId: 'd1', document: 'notes.txt', line: i + 1, start: 0, end: text.length, column: null },
  }));
}

describe('compromise helper thread', function () {
  this.timeout(120_000);
  let resources: Resources;
  const long = 'The Ministry of Education in Skopje and UNICEF should fund school buses for Roma children in rural areas, said Ana Petrović. '.repeat(3);
  const texts = [
    ...generateSurvey(60, 3).answers.map((a) => a.text),
    long,
    long,
    'Rural roads are closed in winter.',
    'Rural roads are closed in winter.',
    'Nedostatak finansija za opštine i škole u ruralnim sredinama.',
    'N/A',
  ];
  let alone: Annotation[];
  // One helper for the three cases (its start from the sources takes seconds); the annotations without it first.
  before(async () => {
    resources = await loadResources();
    alone = annotateSegments(segmentsOf(texts), resources, { workers: 0 });
    stopIdleWorkers(); // workers another test file left idle
    startCompromiseReader(true);
  });
  after(() => {
    stopCompromiseReader();
    stopIdleWorkers();
  });

  it('reads texts as this thread does (the helper reading every one)', () => {
    const some = texts.slice(55, 63);
    // (Annotation's readings keep each text's tags for the label grammar: asked for here too.)
    expect(readShared(some, true)).to.deep.equal(some.map((t) => readWithCompromise(t, true, true)));
  });

  it('gives the annotations of this thread alone, repeats and other languages included', () => {
    expect(sharedCompromiseReader()).to.not.equal(null);
    const shared = annotateSegments(segmentsOf(texts), resources, { workers: 0 });
    expect(shared).to.deep.equal(alone);
    expect(alone.some((a) => a.people.length > 0 && a.nounPhrases.length > 0)).to.equal(true);
    expect(alone.some((a) => a.language === 'sh')).to.equal(true);
  });

  it('joins the worker pool for the themes stage once annotation is done, and is then no longer shared', () => {
    expect(idleWorkerCount()).to.equal(0);
    lendCompromiseReaderToPool();
    expect(sharedCompromiseReader()).to.equal(null);
    expect(idleWorkerCount()).to.equal(1);
  });
});

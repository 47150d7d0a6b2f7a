// compromise's helper thread (a small analysis's): its readings, and the annotations made with it, equal this thread's.
import { expect } from 'chai';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { readWithCompromise, taggedOf } from '../../src/pipeline/annotate/compromise.ts';
import { annotateAndTagSegments, annotateSegments } from '../../src/pipeline/parallel/annotate-segments.ts';
import { lendCompromiseReaderToPool, readShared, runTaggedJob, sharedCompromiseReader, startCompromiseReader, stopCompromiseReader } from '../../src/pipeline/parallel/compromise-reader.ts';
import { giveBackWorkers, idleWorkerCount, takeWorkers } from '../../src/pipeline/parallel/worker-pool.ts';
import type { Annotation, Coding, Segment } from '../../src/model/index.ts';
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
  // Several of annotateWithHelper's chunks (100 segments each), texts repeated across chunks.
  const many = [...texts, ...generateSurvey(240, 4).answers.map((a) => a.text), ...texts.slice(0, 30), long];
  let alone: Annotation[];
  let aloneTagged: { annotations: Annotation[]; codings: Coding[] };
  // One helper for the cases (its start from the sources takes seconds); the annotations without it first.
  before(async () => {
    resources = await loadResources();
    alone = annotateSegments(segmentsOf(texts), resources, { workers: 0 });
    aloneTagged = annotateAndTagSegments(segmentsOf(many), resources, { workers: 0 });
    startCompromiseReader(true); // (a warm worker another test file left idle, when there is one)
  });
  // (The helper, lent to the pool by the last test, stays warm there for the next file in this process.)
  after(() => stopCompromiseReader());

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

  it("runs this thread's other work once the helper has the texts, with the same readings", () => {
    const some = texts.slice(40, 60);
    const order: string[] = [];
    const readings = readShared(some, false, () => order.push('meanwhile'));
    expect(order).to.deep.equal(['meanwhile']);
    expect(readings).to.deep.equal(some.map((t) => readWithCompromise(t, true, true)));
  });

  it('gives the annotations and codings of this thread alone with the chunks interleaved (tagging, finishing, first readings while the helper reads)', () => {
    expect(many.length).to.be.greaterThan(300);
    expect(annotateAndTagSegments(segmentsOf(many), resources, { workers: 0 })).to.deep.equal(aloneTagged);
    const reports: number[] = [];
    expect(annotateAndTagSegments(segmentsOf(many), resources, { workers: 0, onProgress: (done) => reports.push(done) })).to.deep.equal(aloneTagged);
    expect(reports).to.deep.equal([100, 200, 300, many.length]);
    expect(aloneTagged.codings.some((c) => c.category !== 'other')).to.equal(true);
  });

  it("keeps the tags of the texts another thread read, for the label grammar (the helper's side of shareTags)", () => {
    const text = 'Parents in the hill villages cannot pay for the school bus this winter.';
    const terms = readWithCompromise(text, true, true).terms!;
    expect(terms.length).to.be.greaterThan(5);
    runTaggedJob({ kind: 'tagged', texts: [text], terms: [terms] });
    expect(taggedOf(text)).to.deep.equal(terms);
  });

  it('joins the worker pool for the themes stage once annotation is done, and is then no longer shared', () => {
    // (Warm workers another test file left idle are set aside meanwhile, then handed back.)
    const others = takeWorkers(idleWorkerCount());
    lendCompromiseReaderToPool();
    expect(sharedCompromiseReader()).to.equal(null);
    expect(idleWorkerCount()).to.equal(1);
    giveBackWorkers(others, true);
  });
});

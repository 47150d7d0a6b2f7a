// Annotation in worker threads gives exactly the single-thread result, repeated texts included.
import { expect } from 'chai';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { answerPhrasesLeftToLabels, mayNameSomeone } from '../../src/pipeline/annotate/index.ts';
import { annotateAndTagSegments, annotateSegments } from '../../src/pipeline/parallel/annotate-segments.ts';
import { tagSegments } from '../../src/pipeline/tag/index.ts';
import type { Annotation, Coding, Segment } from '../../src/model/index.ts';
import { generateSurvey } from '../../bench/generate.ts';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { annotateJobFor, runAnnotateJob, type AnnotateBatchResult } from '../../src/pipeline/parallel/annotate-parallel.ts';
import { newSharedCounter } from '../../src/pipeline/parallel/shared-counter.ts';

function segmentsOf(texts: string[]): Segment[] {
  return texts.map((text, i) => ({
    id: `g${i + 1}`,
    kind: 'answer' as const,
    text,
    section: 'Q',
    respondentId: `R${i + 1}`,
    attributes: {},
    provenance: { documentId: 'd1', document: 'survey.csv', line: i + 2, start: 0, end: text.length, column: 'Q' },
  }));
}

describe('annotate in parallel', function () {
  this.timeout(120_000);
  let resources: Resources;
  // 400 generated answers with repeats and notes-like lines, over two questions (the section is part of tagging: a
  // question's cue words count for its answers), and their single-thread annotation: the reference of both tests
  // below, computed once (the threads' results are each computed anew).
  const CONTACT = 'Contact Ana Petrović at ana@example.org or +381 64 123 4567.';
  const SERBIAN = 'Nedostatak finansija za opštine i škole u ruralnim sredinama.';
  const knownPeople = ['Ana Petrović'];
  let texts: string[];
  let segments: Segment[];
  let single: Annotation[];
  before(async () => {
    resources = await loadResources();
    texts = generateSurvey(400, 7).answers.map((a) => a.text);
    texts.push(texts[0]!, texts[1]!, CONTACT, 'N/A', 'UNDP and the municipality should fund libraries.', SERBIAN);
    segments = segmentsOf(texts).map((seg, i) => ({ ...seg, section: i % 2 ? 'What are the main barriers?' : 'Who should be involved?' }));
    single = annotateSegments(segments, resources, { knownPeople, workers: 0 });
  });

  it('equals the single-thread annotation on 400 generated answers, with repeats and notes-like lines', () => {
    const parallel = annotateSegments(segments, resources, { knownPeople, workers: 2 });
    expect(parallel).to.have.length(texts.length);
    expect(parallel).to.deep.equal(single);
    const contact = parallel[texts.indexOf(CONTACT)]!;
    expect(contact.pii.map((p) => p.kind)).to.deep.equal(['person', 'email', 'phone']);
    expect(parallel[texts.indexOf(SERBIAN)]!.language).to.equal('sh');
  });

  it('tags in the same threads as it annotates: the codings of tagSegments after annotateSegments, sections included', () => {
    const codings = tagSegments(segments, single, resources);
    expect(new Set(codings.map((c) => c.category)).size).to.be.at.least(2);
    expect(codings.some((c) => c.evidence.some((e) => /^trained model: /.test(e)))).to.equal(true);
    for (const [workers, fullEntitiesMax] of [[0, undefined], [2, undefined], [2, 0]] as const) {
      const both = annotateAndTagSegments(segments, resources, { knownPeople, workers, fullEntitiesMax });
      if (fullEntitiesMax === undefined) {
        expect(both.codings, `workers ${workers}`).to.deep.equal(codings);
        expect(both.annotations).to.deep.equal(single);
      } else {
        // A large input's annotation reads fewer entities (so other words can remain), and its codings are those of
        // that annotation tagged in one thread.
        const large = annotateSegments(segments, resources, { knownPeople, workers: 0, fullEntitiesMax });
        expect(both.annotations).to.deep.equal(large);
        expect(both.codings, `workers ${workers}, large`).to.deep.equal(tagSegments(segments, large, resources));
      }
    }
  });

  it('a worker tags with every resource this thread tags with: answers in BCMS, Albanian, Macedonian and Italian read through the glossary there too', () => {
    // The worker's side of the job, run here on a structured clone of what a worker is sent, so every batch is
    // tagged as a worker tags it (which thread takes which batch otherwise depends on timing).
    const foreign = [
      SERBIAN,
      'Internet je preskup za porodice na selu, a signal je slab.',
      'Interneti është shumë i shtrenjtë për familjet në fshat.',
      'Интернетот е прескап за семејствата во селата.',
      'Mancano corsi di formazione digitale per le donne nei villaggi.',
    ];
    const mixed = segmentsOf([...texts.slice(0, 40), ...foreign]).map((seg, i) => ({ ...seg, section: i % 2 ? 'What are the main barriers?' : 'Who should be involved?' }));
    const annotations = annotateSegments(mixed, resources, { knownPeople, workers: 0 });
    expect(annotations.slice(-5).map((a) => a.language)).to.deep.equal(['sh', 'sh', 'sq', 'mk', 'it']);
    const { stopwords, codebook, gazetteer, sentenceCues, categoryModel, wordVectors } = resources;
    const { job, resources: held } = annotateJobFor(mixed.map((s) => s.text), { stopwords, knownPeople }, newSharedCounter(), {
      sections: mixed.map((s) => s.section ?? null),
      codebook, gazetteer, sentenceCues, categoryModel, wordVectors, stopwords,
    });
    const { port1, port2 } = new MessageChannel();
    runAnnotateJob({ ...job, resources: structuredClone(held()) }, port1);
    const codings: Coding[] = [];
    for (let m = receiveMessageOnPort(port2); m; m = receiveMessageOnPort(port2)) {
      const r = m.message as AnnotateBatchResult;
      expect(r.error).to.equal(undefined);
      r.codings!.forEach((c, i) => (codings[r.start + i] = c));
    }
    port1.close();
    expect(codings).to.have.length(mixed.length);
    expect(codings).to.deep.equal(tagSegments(mixed, annotations, resources));
  });

  it('gives a repeated text its own copy of the arrays', () => {
    const segments = segmentsOf(['Rural roads are closed in winter.', 'Rural roads are closed in winter.']);
    const [a, b] = annotateSegments(segments, resources, { workers: 0 });
    expect(a).to.deep.equal(b);
    expect(a!.tokens).to.not.equal(b!.tokens);
    expect(a!.tokens).to.deep.equal(['rural', 'roads', 'closed', 'winter']);
  });

  describe('large inputs: compromise where it earns its cost', () => {
    const cases: [string, boolean][] = [
      ['We met Ana Petrović at the centre.', true],
      ['The roads are closed in winter.', false],
      ['I think the roads are bad, and I said so.', false],
      ['Prices rose. Nobody helped.', false],
      ['write to info@example.org', true],
      ['Ana Petrović chaired the group.', true],
      ['The Ministry of Health never answered.', true],
      ['UNDP Serbia should fund it.', true],
      // One capitalised word or acronym is no full name; a one-word organisation is the gazetteer's job.
      ['UNDP should fund it.', false],
      ['Forms are not in Albanian', false],
      ['Run TV messages and IT courses.', false],
      // A name does not run across a sentence break.
      ['Forms are only in Albanian. Nobody helps.', false],
    ];
    for (const [text, expected] of cases) {
      it(`mayNameSomeone(${JSON.stringify(text)}) is ${expected}`, () => {
        expect(mayNameSomeone(text, resources.stopwords.en!)).to.equal(expected);
      });
    }

    it('leaves answers\' noun phrases to the labels, finds entities where a name may be, and reads notes in full', () => {
      const texts = [
        'Rural women lack digital skills and affordable devices.',
        'Training courses in community centres would help older women.',
        'We met Ana Petrović from the Ministry of Health at the centre.',
        'Internet prices are too high for poor families in villages.',
        'Operators ignore mountain villages with weak mobile coverage.',
        'Simpler government websites would save time for everyone.',
      ];
      const segments = [...segmentsOf(texts), { ...segmentsOf(['Municipal budgets for digital skills training are too small.'])[0]!, id: 'n1', kind: 'note' as const }];
      const full = annotateSegments(segments, resources, { workers: 0 });
      const scaled = annotateSegments(segments, resources, { workers: 0, fullEntitiesMax: 0 });
      expect(answerPhrasesLeftToLabels(segments.length, 0)).to.equal(true);
      expect(answerPhrasesLeftToLabels(segments.length)).to.equal(false);
      expect(scaled.slice(0, 6).map((a) => a.nounPhrases)).to.deep.equal([[], [], [], [], [], []]);
      expect(full.slice(0, 6).every((a) => a.nounPhrases.length > 0)).to.equal(true);
      expect(scaled[2]!.people).to.deep.equal(full[2]!.people);
      expect(scaled[2]!.people).to.deep.equal(['Ana Petrović']);
      expect(scaled[6]).to.deep.equal(full[6]);
      expect(scaled[6]!.nounPhrases.length).to.be.greaterThan(0);
      // Everything but compromise's phrases and entities is the same.
      for (let i = 0; i < 6; i++) expect({ ...scaled[i]!, nounPhrases: [], people: [], organisations: [], places: [], pii: [] }).to.deep.equal({ ...full[i]!, nounPhrases: [], people: [], organisations: [], places: [], pii: [] });
    });
  });
});

// Unit tests for the corpus loader: the shipped data, stop-word merging, and errors for broken codebooks.
import { expect } from 'chai';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadResources, parseWordList, type Resources } from '../../src/corpus.ts';
import { AppError } from '../../src/errors.ts';

describe('corpus loader', () => {
  const VALID_CODEBOOK = {
    categories: [
      { id: 'barrier', label: 'Barrier', plural: 'Barriers', keywords: ['cost'], patterns: ['lack of'], sectionCues: ['barriers'] },
      { id: 'idea', label: 'Idea', plural: 'Ideas', keywords: ['idea'] },
    ],
  };
  const VALID_GAZETTEER = { types: [{ id: 'government', label: 'Government', terms: ['ministry'] }] };

  let dir: string;
  let shipped: Resources;

  before(async () => {
    shipped = await loadResources();
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'harvest-corpus-'));
    await writeFile(join(dir, 'codebook.json'), JSON.stringify(VALID_CODEBOOK));
    await writeFile(join(dir, 'stakeholders.json'), JSON.stringify(VALID_GAZETTEER));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The AppError a promise rejects with (fails the test if it resolves or throws something else). */
  async function rejection(p: Promise<unknown>): Promise<AppError> {
    try {
      await p;
    } catch (err) {
      expect(err).to.be.instanceOf(AppError);
      return err as AppError;
    }
    throw new Error('expected the promise to reject');
  }

  describe('loadResources: the shipped corpus', () => {
    it('has the six categories in order', () => {
      expect(shipped.codebook.categories.map((c) => c.id)).to.deep.equal(['barrier', 'stakeholder', 'intervention', 'capacity_gap', 'opportunity', 'outcome', 'action']);
      expect(shipped.codebook.categories.find((c) => c.id === 'intervention')!.label).to.equal('Intervention');
      expect(shipped.codebookName).to.equal('harvest-default');
    });

    it('has cues, keywords and patterns named in the brief', () => {
      const byId = Object.fromEntries(shipped.codebook.categories.map((c) => [c.id, c]));
      expect(byId.barrier!.patterns).to.include.members(['lack of', 'there is no', 'hard to', 'difficult to', 'prevent', 'keep them from']);
      expect(byId.barrier!.keywords).to.include.members(['cost', 'stereotype', 'harassment', 'no internet']);
      expect(byId.intervention!.patterns).to.include.members(['should', 'need to', 'must', 'recommend', 'we propose', 'establish', 'provide', 'support', 'fund']);
      expect(byId.outcome!.sectionCues).to.include.members(['outcomes', 'results', 'lessons learned', 'learnings', 'impact']);
      expect(byId.stakeholder!.sectionCues).to.include.members(['stakeholders', 'actors', 'partners', 'who should be involved']);
    });

    it('has the eleven stakeholder types', () => {
      expect(shipped.gazetteer.types.map((t) => t.id)).to.deep.equal([
        'government', 'civil_society', 'private_sector', 'academia', 'education', 'media', 'international', 'donor', 'community', 'family', 'health',
      ]);
    });

    it('keeps meaning-carrying words out of the English stop words', () => {
      const en = shipped.stopwords.en!;
      for (const w of ['the', 'and', 'of', 'their', 'which', 'would']) expect(en.has(w), w).to.equal(true);
      for (const w of ['need', 'lack', 'should', 'must', 'access', 'support', 'more', 'no', 'not', 'without', 'cost']) expect(en.has(w), w).to.equal(false);
    });

    it('reads the regional lists from corpus/stopwords and the rest from stopwords-iso', () => {
      const sw = shipped.stopwords;
      expect(sw.sr!.has('je')).to.equal(true);
      expect(sw.sr!.has('је')).to.equal(true); // Cyrillic
      expect(sw.sr!.has('nije')).to.equal(false);
      expect(sw.sq!.has('dhe')).to.equal(true);
      expect(sw.sq!.has('nuk')).to.equal(false);
      expect(sw.mk!.has('и')).to.equal(true);
      expect(sw.mk!.has('не')).to.equal(false);
      expect(sw.it!.has('della')).to.equal(true);
      expect(sw.en!.size).to.be.within(150, 400);
    });

    it('gives Croatian and Bosnian the Serbian list too', () => {
      expect(shipped.stopwords.hr!.has('је')).to.equal(true);
      expect(shipped.stopwords.bs!.has('takođe')).to.equal(true);
    });

    it('reads the notes vocabulary: metadata keys, group keys, name particles, abbreviations', () => {
      expect(shipped.notesVocabulary.metadataKeys.has('facilitator')).to.equal(true);
      expect(shipped.notesVocabulary.groupKeys[0]).to.equal('group');
      expect(shipped.notesVocabulary.nameParticles.has('van')).to.equal(true);
      expect(shipped.notesVocabulary.abbreviations.has('e.g')).to.equal(true);
    });

    it('reads the attendee table column headers: a names column first, others after separators', () => {
      const header = shipped.notesVocabulary.attendeeTableHeader;
      for (const line of ['First and Last Name', 'Name / Organization / Title', 'Organization\tE-mail', 'Participant names:']) expect(header.test(line), line).to.equal(true);
      for (const line of ['Organization / Name', 'Names of the ministries we met', 'Marta Kovač / UNDP']) expect(header.test(line), line).to.equal(false);
    });

    it('reads the non-answers without comments', () => {
      expect(shipped.nonAnswers).to.include.members(['n/a', "don't know", 'nothing to add', '-']);
      expect(shipped.nonAnswers.some((l) => l.startsWith('#'))).to.equal(false);
    });
  });

  describe('loadResources: a corpus directory and a codebook path', () => {
    it('reads another corpus directory; a file stop list replaces stopwords-iso for that language', async () => {
      await mkdir(join(dir, 'stopwords'));
      await writeFile(join(dir, 'stopwords', 'en.txt'), '# mine\nfoo\nBar\n\n');
      await writeFile(join(dir, 'non-answers.txt'), '# comment\nnope\n');
      const r = await loadResources({ corpusDir: dir });
      expect([...r.stopwords.en!]).to.deep.equal(['foo', 'bar']);
      expect(r.stopwords.de!.has('und')).to.equal(true);
      expect(r.stopwords.sq).to.equal(undefined);
      expect(r.nonAnswers).to.deep.equal(['nope']);
      expect(r.codebookName).to.equal('codebook');
      expect(r.codebook.categories[1]).to.deep.equal({ id: 'idea', label: 'Idea', plural: 'Ideas', description: '', keywords: ['idea'], patterns: [], sectionCues: [] });
    });

    it("reads the folder's own notes vocabulary, or the shipped one when it has none", async () => {
      expect((await loadResources({ corpusDir: dir })).notesVocabulary.metadataKeys.has('rapporteur')).to.equal(true);
      await writeFile(join(dir, 'notes-vocabulary.json'), JSON.stringify({ metadataKeys: ['Chef de File'], groupKeys: ['table'], nameParticles: [], abbreviations: ['cf'] }));
      const own = (await loadResources({ corpusDir: dir })).notesVocabulary;
      expect([...own.metadataKeys]).to.deep.equal(['chef de file']);
      expect(own.groupKeys).to.deep.equal(['table']);
    });

    it('uses codebookPath and names the codebook after the file when it has no name', async () => {
      const path = join(dir, 'my-codebook.json');
      await writeFile(path, JSON.stringify(VALID_CODEBOOK));
      const r = await loadResources({ codebookPath: path });
      expect(r.codebookName).to.equal('my-codebook');
      expect(r.codebook.categories.map((c) => c.id)).to.deep.equal(['barrier', 'idea']);
      expect(r.gazetteer.types).to.have.length(11);
    });
  });

  describe('loadResources: broken codebooks', () => {
    async function loadWith(content: string, name = 'my-codebook.json'): Promise<AppError> {
      const path = join(dir, name);
      await writeFile(path, content);
      return rejection(loadResources({ corpusDir: dir, codebookPath: path }));
    }

    it('names the file and the field of a wrong type', async () => {
      const broken = structuredClone(VALID_CODEBOOK) as { categories: unknown[] };
      broken.categories.push({ id: 'third', label: 'Third', plural: 'Thirds', keywords: 'cost, price' });
      const err = await loadWith(JSON.stringify(broken));
      expect(err.code).to.equal('BAD_CODEBOOK');
      expect(err.status).to.equal(422);
      expect(err.message).to.match(/^my-codebook\.json: categories\.2\.keywords: expected array/);
      expect(err.file).to.equal('my-codebook.json');
    });

    it('names a missing field', async () => {
      const err = await loadWith(JSON.stringify({ categories: [{ id: 'x', plural: 'Xs', keywords: [] }] }));
      expect(err.message).to.match(/^my-codebook\.json: categories\.0\.label: expected string/);
    });

    it('names a bad id', async () => {
      const err = await loadWith(JSON.stringify({ categories: [{ id: 'Bad Id', label: 'B', plural: 'Bs', keywords: [] }] }));
      expect(err.message).to.equal('my-codebook.json: categories.0.id: use lower-case letters, digits, - or _');
    });

    it('rejects an empty category list', async () => {
      const err = await loadWith(JSON.stringify({ categories: [] }));
      expect(err.message).to.match(/^my-codebook\.json: categories: /);
    });

    it('rejects duplicate ids and the reserved id "other"', async () => {
      const dup = await loadWith(JSON.stringify({ categories: [VALID_CODEBOOK.categories[0], VALID_CODEBOOK.categories[0]] }));
      expect(dup.message).to.equal('my-codebook.json: categories.1.id: duplicate id "barrier"');
      const other = await loadWith(JSON.stringify({ categories: [{ id: 'other', label: 'O', plural: 'Os', keywords: [] }] }));
      expect(other.message).to.equal('my-codebook.json: categories.0.id: "other" is reserved for segments that fit no category');
    });

    it('reports invalid JSON', async () => {
      const err = await loadWith('{ "categories": [ }', 'broken.json');
      expect(err.code).to.equal('BAD_CODEBOOK');
      expect(err.message).to.match(/^broken\.json: not valid JSON/);
    });

    it('reports a missing codebook file', async () => {
      const err = await rejection(loadResources({ corpusDir: dir, codebookPath: join(dir, 'missing.json') }));
      expect(err.code).to.equal('BAD_CODEBOOK');
      expect(err.message).to.equal('missing.json: file not found');
    });

    it('reports a broken notes vocabulary by file and field', async () => {
      await writeFile(join(dir, 'notes-vocabulary.json'), JSON.stringify({ metadataKeys: 'date', groupKeys: [], nameParticles: [], abbreviations: [] }));
      const err = await rejection(loadResources({ corpusDir: dir }));
      expect(err.code).to.equal('BAD_CODEBOOK');
      expect(err.message).to.match(/^notes-vocabulary\.json: metadataKeys: /);
    });

    it('reports a broken stakeholder gazetteer by file and field', async () => {
      await writeFile(join(dir, 'stakeholders.json'), JSON.stringify({ types: [{ id: 'media', label: 'Media', terms: 'press' }] }));
      const err = await rejection(loadResources({ corpusDir: dir }));
      expect(err.code).to.equal('BAD_CODEBOOK');
      expect(err.message).to.match(/^stakeholders\.json: types\.0\.terms: expected array/);
    });
  });

  describe('loadResources: broken non-answer rules', () => {
    // A rule the matcher would misread (a gap inside brackets used to be dropped silently) is refused with its line.
    const cases: [string, RegExp][] = [
      ['thanks [for {4}|]', /a gap inside brackets \("\[for \{4\}\|\]"\)/],
      ['no [idea', /a "\[" is never closed/],
      ['nothing] to add', /a "\]" closes no "\["/],
      ['same as {x}', /"\{x\}" is no gap/],
      ['see {12} email', /the gap \{12\} must span 1 to 8 words/],
      ['no [|] comment', /empty brackets/],
    ];
    for (const [rule, message] of cases) {
      it(`names the file and line of "${rule}"`, async () => {
        await writeFile(join(dir, 'non-answers.txt'), `# header\nn/a\n\n${rule}\n`);
        const err = await rejection(loadResources({ corpusDir: dir }));
        expect(err.code).to.equal('BAD_CODEBOOK');
        expect(err.file).to.equal('non-answers.txt');
        expect(err.message).to.match(new RegExp(`^non-answers\\.txt line 4 \\(`));
        expect(err.message).to.match(message);
      });
    }

    it('checks the filler list too, and accepts the shipped rules', async () => {
      await writeFile(join(dir, 'non-answers.txt'), 'n/a\nthank[s|] you for {4}\n');
      await writeFile(join(dir, 'non-answer-fillers.txt'), 'sorry\n[at the moment\n');
      const err = await rejection(loadResources({ corpusDir: dir }));
      expect(err.message).to.match(/^non-answer-fillers\.txt line 2 \("\[at the moment"\): a "\[" is never closed/);
      expect(shipped.nonAnswers.length).to.be.greaterThan(300);
    });
  });

  describe('parseWordList', () => {
    it('trims, lower-cases, normalises and skips comments and blank lines', () => {
      expect(parseWordList('\uFEFF# list\r\n  The \r\n\r\nDON\u2019T\nšta\n')).to.deep.equal(['the', "don't", 'šta']);
    });
  });
});

// Unit tests for which actors a line names as acting (src/pipeline/tag/actors.ts: lists, barriers, speakers), the acronyms a document defines (local-actors.ts) and the stakeholder-role sentence cues.
import { expect } from 'chai';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { actorsNamedAsActing, compileGazetteer, findActors } from '../../src/pipeline/tag/actors.ts';
import { readLocalAcronyms, withLocalActors } from '../../src/pipeline/tag/local-actors.ts';
import { compileSentenceCues, matchSentenceCues } from '../../src/pipeline/sentence-cues.ts';
import { normaliseText, tokeniseWithOffsets } from '../../src/pipeline/text.ts';

describe('actors named as acting', () => {
  let resources: Resources;
  before(async () => {
    resources = await loadResources();
  });

  function acting(text: string, category: string): string[] {
    const gazetteer = compileGazetteer(resources.gazetteer);
    const norm = normaliseText(text);
    const actors = findActors(norm, tokeniseWithOffsets(norm), gazetteer);
    return [...new Set(actorsNamedAsActing(norm, actors, gazetteer, category).map((a) => a.type))].sort();
  }

  const rows: Array<[string, string, string[]]> = [
    // A list is read as one: what comes after its last actor holds for all of them.
    ['intervention', 'Police, teachers and parents should walk the route together on Friday nights', ['education', 'family', 'government']],
    ['intervention', 'companies + teachers must agree on the placements', ['education', 'private_sector']],
    // ... and a place word before its first makes all of them places.
    ['intervention', 'Courses in schools, libraries and hospitals in the evening', []],
    // A group acts where it signs, agrees, offers, or works with others ("bureau + schools together").
    ['intervention', 'career guidance from grade 7, bureau + schools together', ['education', 'government']],
    ['opportunity', 'Parents offered to run the reading club on Saturdays', ['family']],
    // Without a list, a group is an actor only where it acts.
    ['intervention', 'A fund for parents, run by the ministry', ['government']],
    // A barrier names an organisation as an actor where the clause is about it, not in passing ...
    ['barrier', 'The employment agency refuses to register people without an address', ['government']],
    ['barrier', 'Forms are only online and the wait for the ministry is three months', []],
    // ... and not the one who reports it.
    ['barrier', 'Housing associations told us the planning process is slow', []],
    ['barrier', 'Employers assume a deaf worker will be slower', ['private_sector']],
    // A group word that opens an organisation's name is not the group.
    ['stakeholder', 'Housing and Communities Directorate', ['government']],
    ['stakeholder', 'The Vietnamese Community Association', ['civil_society']],
    // Elsewhere an organisation named in passing still counts.
    ['intervention', 'A help desk with the ministry in every town', ['government']],
  ];
  for (const [category, text, expected] of rows) {
    it(`${category}: ${text} -> ${expected.join(', ') || '(none)'}`, () => expect(acting(text, category)).to.deep.equal(expected));
  }
});

describe('acronyms a document defines', () => {
  let resources: Resources;
  before(async () => {
    resources = await loadResources();
  });

  const coding = (category: string) => ({ category, confidence: 1, secondary: [], stakeholderTypes: [] as string[], evidence: [] });
  const segment = (text: string, documentId = 'd1') => ({ text, provenance: { documentId, document: 'notes.md', line: 1, start: 0, end: text.length, column: null } });

  it('reads an acronym after its long form, and a long form after its acronym', () => {
    const gazetteer = compileGazetteer(resources.gazetteer);
    const acronyms = readLocalAcronyms('The Regional Water Agency (RWAX) was present.\nZKPR (Ministria e Financave) sent a note.', gazetteer);
    expect(Object.fromEntries([...acronyms].map(([k, v]) => [k, [...v]]))).to.deep.equal({ RWAX: ['government'], ZKPR: ['government'] });
  });

  it('reads a definition in a quoted CSV cell', () => {
    const gazetteer = compileGazetteer(resources.gazetteer);
    const acronyms = readLocalAcronyms('1,Who should act?,"ZKPR (Ministria e Financave, Punës) – owns the fund",6', gazetteer);
    expect([...acronyms.keys()]).to.deep.equal(['ZKPR']);
  });

  it('types a later line that names the acronym as acting, in that document only', () => {
    const text = 'Present: the Regional Water Agency (RWAX), two villages.\n- RWAX to send the pipe maps by Friday';
    const segments = [segment('RWAX to send the pipe maps by Friday'), segment('RWAX to send the pipe maps by Friday', 'd2')];
    const out = withLocalActors(segments, [coding('action'), coding('action')], [{ id: 'd1', text }, { id: 'd2', text: 'Nothing defined here.' }], resources.gazetteer);
    expect(out.map((c) => c.stakeholderTypes)).to.deep.equal([['government'], []]);
  });

  it('leaves an acronym named in passing in a barrier line untyped', () => {
    const text = 'The Regional Water Agency (RWAX) came.';
    const [c] = withLocalActors([segment('Villages wait months for an answer from RWAX')], [coding('barrier')], [{ id: 'd1', text }], resources.gazetteer);
    expect(c!.stakeholderTypes).to.deep.equal([]);
  });
});

describe('stakeholder-role and staffing sentence cues (corpus/sentence-cues.json)', () => {
  let resources: Resources;
  before(async () => {
    resources = await loadResources();
  });

  const rows: Array<[string, string]> = [
    ['2. DPOs to co-chair all working groups of the new strategy', 'actor with a role'],
    ['The public utility must come to the next dialogue', 'actor with a role'],
    ['Shop owners and the police should agree together on the camera positions', 'actor with a role'],
    ['the health house must sit with us and the police', 'involve / seat at the table'],
    ['LAG can be co-applicant on any grant', 'involve / seat at the table'],
    ['Social work centre has 2 case workers for all of the district', 'few staff for many'],
    ['only 2 plumbers for 14 villages -> repairs take wks', 'few staff for many'],
  ];
  for (const [text, cue] of rows) {
    it(`${text} -> ${cue}`, () => {
      const found = matchSentenceCues(normaliseText(text), compileSentenceCues(resources.sentenceCues!)).map((c) => c.cue.name);
      expect(found).to.include(cue);
    });
  }
});

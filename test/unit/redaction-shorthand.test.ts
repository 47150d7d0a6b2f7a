// Names in live-typed shorthand notes (src/privacy/): an attendee list continued over lines, a given name that is
// also a word ("Will Ashby"), initials of a name written "Tom H", a name before "+" or a spaced dash, and the streets
// and institutes that carry a person's name.
import { expect } from 'chai';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { segmentDocument } from '../../src/pipeline/segment/index.ts';
import { gatherPeople, matcherOf } from '../../src/privacy/redact.ts';
import { createNameMatcher } from '../../src/privacy/name-matcher.ts';
import { redactPersonalData } from '../../src/privacy/personal-data.ts';

const NOTES = [
  'ESTATE FORUM - notes (rough)',
  'fac: Priya + Tom H',
  'present: Bernadette Okafor, Kwame Mensah, Dawn Fletcher,',
  'Gareth Pryce, Sandra Lowe,',
  'Will Ashby (youth club)',
  'cllr Whitfield arrived late',
  '',
  'Dawn - new tenant, the bidding app is confusing',
  'Will says teenagers hang round the garages',
  'Hope the council reads this. Will the council translate the forms?',
  'Hope + Will to walk the estate and map dark spots',
  'TH to confirm the date of the new damp rules',
  '',
  'we will meet at dawn on Keats Walk, by the Pryce Institute',
].join('\n');

describe('privacy: names in shorthand notes', () => {
  let resources: Resources;
  before(async () => {
    resources = await loadResources();
  });

  it('reads an attendee field continued over lines ending in a comma as attendees, not as content', async () => {
    const doc = await ingestFile('forum.txt', new TextEncoder().encode(NOTES));
    const { info, segments } = segmentDocument(doc, 'd1', { nonAnswers: resources.nonAnswers, vocabulary: resources.notesVocabulary });
    expect(info.metadata.present).to.deep.equal(['Bernadette Okafor, Kwame Mensah, Dawn Fletcher,', 'Gareth Pryce, Sandra Lowe,', 'Will Ashby (youth club)']);
    expect(segments.map((s) => s.provenance.line)).to.not.include.members([4, 5]);
    expect(segments.map((s) => s.provenance.line)).to.include(6);
    // After a blank line the list has ended: the next paragraph is content.
    const apart = segmentDocument(await ingestFile('f.txt', new TextEncoder().encode('present: Ana Lukić, Goran Ilić,\n\nThe group discussed bus fares.')), 'd2', { nonAnswers: resources.nonAnswers, vocabulary: resources.notesVocabulary });
    expect(apart.segments.map((s) => s.text)).to.deep.equal(['The group discussed bus fares.']);
    const people = gatherPeople([info], segments);
    expect(people.names).to.include.members(['Will Ashby', 'Gareth Pryce', 'Sandra Lowe', 'Tom H']);
  });

  it('finds given names that are also words where they are written as names, and leaves the words alone', async () => {
    const doc = await ingestFile('forum.txt', new TextEncoder().encode(NOTES));
    const { info, segments } = segmentDocument(doc, 'd1', { nonAnswers: resources.nonAnswers, vocabulary: resources.notesVocabulary });
    const matcher = matcherOf(gatherPeople([info], segments))!;
    const found = (line: string): string[] => matcher.find(line).map((s) => s.text);
    expect(found('Dawn - new tenant, the bidding app is confusing')).to.deep.equal(['Dawn']);
    expect(found('Will says teenagers hang round the garages')).to.deep.equal(['Will']);
    expect(found('Hope the council reads this. Will the council translate the forms?')).to.deep.equal([]);
    expect(found('TH to confirm the date of the new damp rules')).to.deep.equal(['TH']);
    expect(found('we will meet at dawn on Keats Walk, by the Pryce Institute')).to.deep.equal([]);
  });

  it('finds a known name before "+" at the start of a sentence, and none before an organisation or place word', () => {
    const matcher = createNameMatcher(['Hope Adeyemi', 'Janet Keats'], (w) => w === 'hope');
    expect(matcher.find('Hope + Janet to walk the estate').map((s) => s.text)).to.deep.equal(['Hope', 'Janet']);
    expect(matcher.find('Hope the lights get fixed').map((s) => s.text)).to.deep.equal([]);
    expect(matcher.find('Hope could you share the photos?').map((s) => s.text)).to.deep.equal(['Hope']);
    expect(matcher.find('Hope you can all come').map((s) => s.text)).to.deep.equal([]);
    expect(matcher.find('lights broken on Keats Walk again; Janet Keats reported it').map((s) => s.text)).to.deep.equal(['Janet Keats']);
  });

  it('finds an ordinary word that is a known name where it is written as one, and none in a place named after someone', () => {
    const matcher = createNameMatcher(['Grace Atieno', 'Mark Whitby', 'Amber Reyes', 'Queen', 'Terry Fox', 'King', 'Paul', 'San Simón'], (w) => ['grace', 'mark', 'amber'].includes(w));
    const found = (t: string): string[] => matcher.find(t).map((s) => s.text);
    expect(found('3.1 Grace described brown water at dawn')).to.deep.equal(['Grace']);
    expect(found('Community garden plots (Grace\'s grandma)')).to.deep.equal(['Grace']);
    expect(found('Room 2: farming (Grace).')).to.deep.equal(['Grace']);
    expect(found('Hi, late, sorry. Amber from Open Streets Initiative')).to.deep.equal(['Amber']);
    expect(found('Share results online (Mark the date: Oct 4)')).to.deep.equal([]);
    expect(found('it would shade Queen Victoria Park and the Terry Fox memorial garden')).to.deep.equal([]);
    expect(found('the path to Martin Luther King Jr. Park is dark')).to.deep.equal([]);
    expect(found('surveys by Universidad San Simón and the St. Vincent de Paul food bank')).to.deep.equal([]);
  });

  it('finds initials of known people after "by", before a reporting verb, in a table cell, beside another name and signing a note', () => {
    const matcher = createNameMatcher(['M Kilonzo', 'Wanjiru Kamau', 'María José de la Cruz', 'Rosa', 'Dawn Whitaker', 'J. K. Mutua'], () => false);
    const found = (t: string): string[] => matcher.find(t).map((s) => s.text);
    expect(found('- Fiona suggested an allowance - M.K. agreed')).to.deep.equal(['M.K.']);
    expect(found('J.K. asked why results are not shared')).to.deep.equal(['J.K.']);
    expect(found('| Follow up meter delivery | WK | 22 May |')).to.deep.equal(['WK']);
    expect(found('room 1 MJ + Rosa')).to.deep.equal(['MJ', 'Rosa']);
    expect(found("Frank's point about rents needs its own session - DW")).to.deep.equal(['DW']);
    expect(found('pasted by WK, 2 Feb')).to.deep.equal(['WK']);
    expect(found('DW and MK are acronyms here')).to.deep.equal([]);
  });

  it('finds a speaker\'s initials opening a line, and names as BCMS, Macedonian and Albanian decline them', () => {
    const matcher = createNameMatcher(['Wanjiru N', 'Dragan', 'Jelena', 'Agim', 'Ђорђе', 'Marković'], () => false);
    const found = (t: string): string[] => matcher.find(t).map((s) => s.text);
    expect(found('WN: Karibuni. Thank you all for coming.')).to.deep.equal(['WN']);
    expect(found('Razgovarali smo sa Jelenom i Draganu smo poslali mejl; Markovićeva ideja')).to.deep.equal(['Jelenom', 'Draganu', 'Markovićeva']);
    expect(found('SQ: pajtohen me propozimin e Agimit')).to.deep.equal(['Agimit']);
    expect(found('Разговаравмо са Ђорђем')).to.deep.equal(['Ђорђем']);
    expect(found('the draganu river')).to.deep.equal([]);
    const short = createNameMatcher(['Nina', 'Lina', 'Rosa'], () => false);
    expect(short.find('Nine families came. Line 3 says so. Rose Street is closed.').map((x) => x.text)).to.deep.equal([]);
  });

  it('takes a name a shorthand people line lists in lower case for the person where written so, and no other given name', () => {
    const text = ['present: ana, goran, grace (new)', 'ask ana re budget; per goran: pumps cost 2x', 'grace period ends May', 'Foster said the foster care list is long'].join('\n');
    const people = gatherPeople([{ metadata: { facilitator: ['Sam Foster'] }, text }], text.split('\n').map((t) => ({ text: t })));
    const matcher = matcherOf(people)!;
    const found = (t: string): string[] => matcher.find(t).map((s) => s.text);
    expect(found('ask ana re budget; per goran: pumps cost 2x')).to.deep.equal(['ana', 'goran']);
    expect(found('grace period ends May')).to.deep.equal([]);
    // "foster" is a given name compromise knows, but the notes list no one so in lower case: "foster care" stays.
    expect(found('Foster said the foster care list is long')).to.deep.equal(['Foster']);
  });

  it('finds a BCMS or Macedonian name in the other script, and none inside a foundation named after someone', () => {
    const matcher = createNameMatcher(['Goran Ilić', 'Ђорђе', 'Nikola'], () => false);
    const found = (t: string): string[] => matcher.find(t).map((s) => s.text);
    expect(found('Горан Илић и Đorđe су дошли')).to.deep.equal(['Горан Илић', 'Đorđe']);
    expect(found('уз подршку фондације „Никола Тесла“ и града')).to.deep.equal([]);
    expect(found('Nikola Tesla Primary School')).to.deep.equal([]);
    expect(found('we sent the draft via Nikola and the ministry')).to.deep.equal(['Nikola']);
  });

  it('finds a given name that is also a word after a name shape, not after an article ("the Summer fair")', () => {
    const matcher = createNameMatcher(['Summer', 'Frank', 'Dawn'], (w) => w === 'summer' || w === 'frank' || w === 'dawn');
    const found = (t: string): string[] => matcher.find(t).map((s) => s.text);
    expect(found('Summer offered the minibus, free after the Summer fair; a Frank answer, and Frank agreed.')).to.deep.equal(['Summer', 'Frank']);
    // At a sentence's start, before "is", "was", "has" or "had" and a participle ("Frank is stepping down").
    expect(found('Frank is stepping down. Dawn has expressed interest. Frank is the answer.')).to.deep.equal(['Frank', 'Dawn']);
  });

  it("redacts a chat's mentions of people by handle, not a channel-wide mention, an acronym's account or an address", () => {
    const redacted = redactPersonalData('@Tomasz can you check? thx @amina.k. @here the room is booked; see @UNDP, mail ana@example.org', null);
    expect(redacted).to.equal('[name] can you check? thx [name]. @here the room is booked; see @UNDP, mail [email]');
  });

  it("finds a known name an OCR wrote with a zero or a one for a letter, not a code or a number", () => {
    const matcher = createNameMatcher(['Ochieng Otieno', 'Kevin'], () => false);
    const found = (t: string): string[] => matcher.find(t).map((s) => s.text);
    expect(found('Mr 0chieng said the tank leaks; Kev1n to fix it. Tank 10, plot A10.')).to.deep.equal(['0chieng', 'Kev1n']);
  });

  it("keeps a place named after someone with a regnal number or a name's particles before the place word", () => {
    const matcher = createNameMatcher(['Abdullah Haddad', 'Khalid Omar', 'Ninoy Reyes'], () => false);
    const found = (t: string): string[] => matcher.find(t).map((s) => s.text);
    expect(found('We met at King Abdullah II Park, on Khalid bin al-Walid Street and at the Ninoy Aquino Covered Court. Abdullah came.')).to.deep.equal(['Abdullah']);
  });
});

// Unit tests for the shared text utilities (normalise, tokenise, stem) and the annotate stage.
import { expect } from 'chai';
import { createRequire } from 'node:module';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { detectLanguage, findPii } from '../../src/pipeline/annotate/index.ts';
import { annotateSegments } from '../../src/pipeline/parallel/annotate-segments.ts';
import { naturalStemmer, normaliseText, serbianToLatin, stemmerFor, tokenise, tokeniseWithOffsets } from '../../src/pipeline/text.ts';
import { annotation as annotationSchema, type Segment } from '../../src/model/index.ts';

describe('annotate stage and text utilities', () => {
  function seg(text: string, id = 's1'): Segment {
    return {
      id,
      kind: 'answer',
      text,
      section: null,
      respondentId: null,
      attributes: {},
      provenance: { documentId: 'd1', document: 'test.csv', line: 2, start: 0, end: text.length, column: 'Q1' },
    };
  }

  let resources: Resources;
  before(async () => {
    resources = await loadResources();
  });

  describe('normaliseText', () => {
    const rows: Array<[string, string, string]> = [
      ['curly double quotes', '\u201CQuoted\u201D text', '"Quoted" text'],
      ['curly apostrophe', 'women\u2019s rights', "women's rights"],
      ['low-9 and reversed quotes', '\u201EDa\u201C, \u201AJa\u2018', '"Da", \'Ja\''],
      ['guillemets', '\u00ABDa\u00BB', '"Da"'],
      ['no-break and thin spaces', 'a\u00A0b\u2009c\u202Fd', 'a b c d'],
      ['tab', 'a\tb', 'a b'],
      ['en dash in a range', '2021\u20132025', '2021-2025'],
      ['em dash between words', 'one \u2014 two', 'one - two'],
      ['minus sign', '\u22125', '-5'],
      ['ligature (NFKC)', '\uFB01nance', 'finance'],
      ['full-width letters (NFKC)', '\uFF26\uFF55\uFF4C\uFF4C', 'Full'],
      ['soft hyphen removed', 'soft\u00ADware', 'software'],
      ['zero-width space removed', 'zero\u200Bwidth', 'zerowidth'],
      ['byte order mark removed', '\uFEFFText', 'Text'],
      ['line breaks kept', 'a\nb', 'a\nb'],
      ['Serbian Latin letters kept', 'Đukanović žena', 'Đukanović žena'],
      ['backtick to apostrophe', 'it`s', "it's"],
      ['plain ASCII unchanged', 'Plain text: 42 words, (no) changes!\r\n', 'Plain text: 42 words, (no) changes!\r\n'],
    ];
    for (const [name, input, expected] of rows) {
      it(name, () => expect(normaliseText(input)).to.equal(expected));
    }
  });

  describe('tokenise', () => {
    const rows: Array<[string, string[]]> = [
      ["Women's organisations", ['women', 'organisations']],
      ['e-commerce and e-governance', ['e-commerce', 'and', 'e-governance']],
      ['gender-based violence', ['gender', 'based', 'violence']],
      ['COVID-19 pandemic', ['covid-19', 'pandemic']],
      ["don't know", ["don't", 'know']],
      ["l'accesso a internet", ['accesso', 'a', 'internet']],
      ['Žene u ruralnim sredinama', ['žene', 'u', 'ruralnim', 'sredinama']],
      ['Жените во руралните', ['жените', 'во', 'руралните']],
      ['Gratë në zonat rurale', ['gratë', 'në', 'zonat', 'rurale']],
      ['Françoise, Ëlla', ['françoise', 'ëlla']],
      ['2021-2025, 40%!', ['2021', '2025', '40']],
      ['STEM/ICT (sectors)', ['stem', 'ict', 'sectors']],
      ['  ', []],
    ];
    for (const [input, expected] of rows) {
      it(JSON.stringify(input), () => expect(tokenise(input)).to.deep.equal(expected));
    }

    it('gives offsets into the string, skipping a possessive', () => {
      expect(tokeniseWithOffsets("Women's centre")).to.deep.equal([
        { token: 'women', start: 0, end: 5 },
        { token: 'centre', start: 8, end: 14 },
      ]);
    });

    it('gives offsets of the parts of a split hyphenated word', () => {
      expect(tokeniseWithOffsets('life-long')).to.deep.equal([
        { token: 'life', start: 0, end: 4 },
        { token: 'long', start: 5, end: 9 },
      ]);
    });
  });

  describe('stemmerFor', () => {
    const rows: Array<[string, string, string]> = [
      ['en', 'barriers', 'barrier'],
      ['en', 'stakeholders', 'stakehold'],
      ['en', 'funding', 'fund'],
      ['en', 'organisations', 'organ'],
      ['en', 'organizations', 'organ'],
      ['it', 'donne', 'donn'],
      ['es', 'mujeres', 'mujer'],
      ['de', 'Frauen', 'frau'],
      ['ru', 'женщины', 'женщин'],
      ['sr', 'ženama', 'žen'],
      ['sr', 'žene', 'žen'],
      ['sr', 'женама', 'žen'],
      ['hr', 'ženama', 'žen'],
      ['mk', 'жените', 'жен'],
      ['sq', 'organizatat', 'organizat'],
      ['sq', 'organizata', 'organizat'],
      ['sq', 'shoqërisë', 'shoqër'],
      ['und', 'barriers', 'barrier'],
      ['xx', 'places', 'plac'],
    ];
    for (const [lang, word, expected] of rows) {
      it(`${lang}: ${word} -> ${expected}`, () => expect(stemmerFor(lang)(word)).to.equal(expected));
    }

    it('gives British and American spellings one stem', () => {
      const stem = stemmerFor('en');
      expect(stem('digitalisation')).to.equal(stem('digitalization'));
      expect(stem('prioritise')).to.equal(stem('prioritize'));
    });

    it('is memoised per language, and Croatian/Bosnian share the Serbian stemmer', () => {
      expect(stemmerFor('en')).to.equal(stemmerFor('en'));
      expect(stemmerFor('hr')).to.equal(stemmerFor('sr'));
      expect(stemmerFor('bs')).to.equal(stemmerFor('sr'));
    });

    it('transliterates Serbian Cyrillic to Latin', () => {
      expect(serbianToLatin('Љиљана Ђукановић, Џон')).to.equal('Ljiljana Đukanović, Džon');
    });
  });

  describe('detectLanguage', () => {
    const rows: Array<[string, string, string]> = [
      ['English sentence', 'Women in rural areas cannot afford smartphones or a stable internet connection.', 'en'],
      ['English naming a Serbian organisation', 'We met Udruženje žena Peščanik and Autonomni ženski centar in Beograd to discuss funding.', 'en'],
      ['English with few stop words', 'Media should include more women in STEM fields, as role models.', 'en'],
      ['BCMS Latin (Serbian, ekavian)', 'Žene u ruralnim sredinama nemaju pristup internetu i digitalnim uređajima, a obuke su retke.', 'sh'],
      ['BCMS Latin 2', 'Potrebno je više obuka za devojke u oblasti informacionih tehnologija i podrška lokalnih samouprava.', 'sh'],
      ['BCMS Cyrillic', 'Жене у руралним срединама немају приступ интернету и дигиталним уређајима.', 'sh'],
      ['BCMS Latin (Croatian): one language with Serbian', 'Djevojke u ruralnim područjima nemaju pristup računalima, a škole nemaju dovoljno opreme.', 'sh'],
      ['Albanian', 'Gratë në zonat rurale nuk kanë qasje në internet dhe pajisje digjitale.', 'sq'],
      ['Albanian 2', 'Organizatat e shoqërisë civile kanë nevojë për trajnime dhe financim.', 'sq'],
      ['Macedonian', 'Жените во руралните средини немаат пристап до интернет и дигитални уреди.', 'mk'],
      ['Macedonian with ѓ', 'Граѓанските организации имаат потреба од обуки и финансиска поддршка.', 'mk'],
      ['Italian', 'Le donne nelle aree rurali non hanno accesso a internet e ai dispositivi digitali.', 'it'],
      ['short Italian answer', 'Mancanza di competenze digitali tra le donne anziane', 'it'],
      ['short French answer', 'Le coût des appareils et de la connexion reste trop élevé', 'fr'],
      ['English title with a French-looking word', 'Change default XML comment snippet in Visual Studio', 'en'],
      ['English title with Dutch/Italian-looking stop words', 'Do I need a separate server to implement an ESB (e.g. Apache Camel, Mule) ?', 'en'],
      ['English title that stopwords-iso reads as German', 'Change default author in local svn repo', 'en'],
      // franc said Spanish: "multi" is a Romanian stop word, "I" a Spanish one; no Spanish word is there.
      ['long English answer franc reads as Spanish', 'I think donors should provide multi-year money to local NGOs. Give local NGOs multi-year money.', 'en'],
      ['English title with French stop words that are English too', 'SVN commit problems on Mac OSX Terminal', 'en'],
      ['Russian', 'Женщины в сельской местности не имеют доступа к интернету.', 'ru'],
      ['short English answer', 'Cost of devices', 'en'],
      ['one English word', 'Donors', 'en'],
      ['short Serbian answer', 'Ne znam', 'und'],
      ['short Cyrillic with ђ', 'Ђаци и родитељи', 'sh'],
      ['short Cyrillic with ќ', 'Ќерките', 'mk'],
      ['attendee line with names only', 'Flutra Bektashi, EcoKosWomen EKW', 'und'],
      ['no letters', '2021 / 40%', 'und'],
    ];
    for (const [name, text, expected] of rows) {
      it(`${name} -> ${expected}`, () => expect(detectLanguage(text, resources.stopwords)).to.equal(expected));
    }
  });

  describe('findPii', () => {
    const none = new Set<string>();

    it('finds an e-mail, an international phone number and a known attendee, with offsets', () => {
      const text = 'Contact Marina Tucović at marina.t@example.org or +381 64 123 4567; the plan covers 2021-2025.';
      expect(findPii(text, ['Marina Tucović'], [], none)).to.deep.equal([
        { kind: 'person', start: 8, end: 22, text: 'Marina Tucović' },
        { kind: 'email', start: 26, end: 46, text: 'marina.t@example.org' },
        { kind: 'phone', start: 50, end: 66, text: '+381 64 123 4567' },
      ]);
    });

    it('finds local phone numbers but not dates, year ranges, resolutions or coordinates', () => {
      const text = 'Call 011/234-5678 or 0038971234567 before 22/11/2024 (UNSCR 1244/1999), site 44.2221476,20.7892, years 2021-2025.';
      expect(findPii(text, [], [], none)).to.deep.equal([
        { kind: 'phone', start: 5, end: 17, text: '011/234-5678' },
        { kind: 'phone', start: 21, end: 34, text: '0038971234567' },
      ]);
    });

    it('matches a full name case- and accent-insensitively, and a last name alone unless it is an ordinary word here', () => {
      const text = 'MARINA TUCOVIC opened; later Tucović said the young women agreed.';
      // "young" is written in lower case in the consultation: alone, it is a name only where written as one.
      expect(findPii(text, ['Marina Tucović', 'Jane Young'], [], new Set(['young']))).to.deep.equal([
        { kind: 'person', start: 0, end: 14, text: 'MARINA TUCOVIC' },
        { kind: 'person', start: 29, end: 36, text: 'Tucović' },
      ]);
    });

    it('ignores short last names and single-word names found by the parser', () => {
      const text = 'Ana Li and Kudzai spoke; Li agreed.';
      expect(findPii(text, ['Ana Li'], ['Kudzai'], none)).to.deep.equal([{ kind: 'person', start: 0, end: 6, text: 'Ana Li' }]);
    });

    it('keeps offsets exact in text with curly apostrophes and no-break spaces', () => {
      const text = 'It\u2019s\u00A0Nina\u00A0Đukanović\u2019s idea: nina@x.org';
      const spans = findPii(text, ['Nina Dukanovic'], [], none);
      expect(spans.map((s) => [s.kind, s.start, s.end])).to.deep.equal([
        ['person', 5, 19],
        ['email', 28, 38],
      ]);
      expect(spans.map((s) => text.slice(s.start, s.end))).to.deep.equal(['Nina\u00A0Đukanović', 'nina@x.org']);
    });
  });

  describe('annotateSegments', () => {
    it('tokenises, removes stop words, stems and builds bigrams within clauses', () => {
      const [a] = annotateSegments([seg('Lack of affordable internet in rural areas; high cost of devices.')], resources);
      expect(a!.language).to.equal('en');
      expect(a!.tokens).to.deep.equal(['lack', 'affordable', 'internet', 'rural', 'areas', 'high', 'cost', 'devices']);
      expect(a!.stems).to.deep.equal(['lack', 'afford', 'internet', 'rural', 'area', 'high', 'cost', 'devic']);
      expect(a!.bigrams).to.deep.equal(['lack_afford', 'afford_internet', 'internet_rural', 'rural_area', 'high_cost', 'cost_devic']);
    });

    it('keeps words that carry meaning in consultations (need, no, without, should)', () => {
      const [a] = annotateSegments([seg('Girls need support: no laptops, without access, schools should help.')], resources);
      expect(a!.tokens).to.deep.equal(['girls', 'need', 'support', 'no', 'laptops', 'without', 'access', 'schools', 'should', 'help']);
    });

    it('uses the language of the segment for stop words and stems', () => {
      const [sr, sq] = annotateSegments(
        [seg('Žene u ruralnim sredinama nemaju pristup internetu i digitalnim uređajima, a obuke su retke.'), seg('Gratë në zonat rurale nuk kanë qasje në internet dhe pajisje digjitale.', 's2')],
        resources,
      );
      expect(sr!.language).to.equal('sh');
      expect(sr!.tokens).to.deep.equal(['žene', 'ruralnim', 'sredinama', 'nemaju', 'pristup', 'internetu', 'digitalnim', 'uređajima', 'obuke', 'retke']);
      expect(sr!.stems.slice(0, 3)).to.deep.equal(['žen', 'ruraln', 'sredin']);
      expect(sr!.nounPhrases).to.deep.equal([]);
      expect(sr!.sentiment).to.equal(0);
      expect(sq!.language).to.equal('sq');
      expect(sq!.tokens).to.deep.equal(['gratë', 'zonat', 'rurale', 'nuk', 'qasje', 'internet', 'pajisje', 'digjitale']);
    });

    it('finds English noun phrases, organisations and places, cleaned', () => {
      const [a] = annotateSegments([seg('The Ministry of Information and Society met the University of Belgrade about digital equipment.')], resources);
      expect(a!.nounPhrases).to.include('digital equipment');
      expect(a!.nounPhrases).to.include('ministry of information and society');
      expect(a!.nounPhrases.every((p) => p === p.toLowerCase() && !/^(the|a|an) /.test(p) && !/[.,;]$/.test(p))).to.equal(true);
      expect(a!.organisations).to.deep.equal(['University of Belgrade']);
    });

    it('drops pronouns from noun phrases', () => {
      const [a] = annotateSegments([seg('They said it helped them.')], resources);
      expect(a!.nounPhrases).to.deep.equal([]);
    });

    it('scores sentiment for English only, about -1..1', () => {
      const [neg, pos, sr] = annotateSegments(
        [seg('This is a terrible problem and a failure.'), seg('A great success, participants loved it.', 's2'), seg('Ovo je užasan problem za sve devojke u selu.', 's3')],
        resources,
      );
      expect(neg!.sentiment).to.be.below(-0.5).and.at.least(-1);
      expect(pos!.sentiment).to.be.above(0.5).and.at.most(1);
      expect(sr!.sentiment).to.equal(0);
    });

    it("scores sentiment as natural's AFINN analyzer does, with negations and inflected words", () => {
      const require = createRequire(import.meta.url);
      const Analyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer.js') as new (language: string, stemmer: unknown, type: string) => { getSentiment(words: string[]): number };
      const reference = new Analyzer('English', naturalStemmer('en'), 'afinn');
      const texts = ['This is not good at all.', 'Good, good, good!', 'The failures hurt and nobody helped.', 'Loved the trainers but hated the waiting.', "We don't like the costs."];
      const annotations = annotateSegments(texts.map((t, i) => seg(t, `s${i}`)), resources);
      texts.forEach((text, i) => {
        const mean = reference.getSentiment(tokenise(normaliseText(text)));
        expect(annotations[i]!.language).to.equal('en');
        expect(annotations[i]!.sentiment, text).to.equal(Math.round(Math.tanh(2 * mean) * 1000) / 1000);
      });
      expect(annotations[0]!.sentiment).to.be.below(0);
      expect(annotations[1]!.sentiment).to.be.above(0);
    });

    it('gives answers that share a sentence naming someone equal but separate entity lists (large inputs)', () => {
      const texts = ['We met Ana Petrović from UNDP in Belgrade. Costs are high.', 'We met Ana Petrović from UNDP in Belgrade. Roads are bad.'];
      const [a, b] = annotateSegments(texts.map((t, i) => seg(t, `s${i}`)), resources, { fullEntitiesMax: 0, workers: 0 });
      // A large input's answers get no noun phrases: only the sentence that may name someone was read.
      expect(a!.nounPhrases).to.deep.equal([]);
      expect(b!.nounPhrases).to.deep.equal([]);
      expect(a!.people).to.deep.equal(['Ana Petrović']);
      expect(b!.people).to.deep.equal(a!.people);
      expect(b!.people).to.not.equal(a!.people);
      expect(b!.organisations).to.deep.equal(a!.organisations);
      expect(b!.organisations).to.not.equal(a!.organisations);
    });

    it('marks attendees and e-mails as personal data', () => {
      const text = 'Blerta Cela (blerta@example.org) presented the survey.';
      const [a] = annotateSegments([seg(text)], resources, { knownPeople: ['Blerta Cela'] });
      expect(a!.pii).to.deep.equal([
        { kind: 'person', start: 0, end: 11, text: 'Blerta Cela' },
        { kind: 'email', start: 13, end: 31, text: 'blerta@example.org' },
      ]);
    });

    it('leaves the words of the people a text names out of its tokens, stems, bigrams and noun phrases', () => {
      const text = 'Nedim Hasić said the budget portal in Tuzla is updated every month, and Grace agreed.';
      const [a] = annotateSegments([seg(text)], resources, { knownPeople: ['Nedim Hasić', 'Grace Atieno'] });
      expect(a!.pii.map((p) => p.text)).to.include.members(['Nedim Hasić', 'Grace']);
      for (const list of [a!.tokens, a!.nounPhrases]) expect(list.join(' ')).to.not.match(/nedim|hasić|grace/);
      expect(a!.bigrams.join(' ')).to.not.match(/nedim|hasić|grace/);
      expect(a!.tokens).to.include.members(['budget', 'portal', 'tuzla']);
      expect(a!.stems).to.have.length(a!.tokens.length);
      // Where no one is named, an ordinary word that is also a first name keeps its place (the consultation writes
      // "grace" in lower case, so it is an ordinary word there: see gatherPeople).
      const [b] = annotateSegments([seg('Tenants asked for a grace period on rent arrears.')], resources, { knownPeople: ['Grace Atieno'], ordinaryNameWords: ['grace'] });
      expect(b!.tokens).to.include('grace');
    });

    it('does not take an organisation compromise reads as a person for personal data', () => {
      const [a] = annotateSegments([seg('We met Udruženje žena Peščanik and Autonomni ženski centar in Beograd to discuss funding.')], resources);
      expect(a!.people).to.deep.equal([]);
      expect(a!.pii).to.deep.equal([]);
    });

    it('returns one valid annotation per segment, deterministically', () => {
      const segments = [seg('Cost of devices'), seg('Donors', 's2'), seg('n/a', 's3'), seg('', 's4')];
      const first = annotateSegments(segments, resources);
      const second = annotateSegments(segments, resources);
      expect(first).to.have.length(4);
      expect(first).to.deep.equal(second);
      for (const a of first) annotationSchema.parse(a);
      expect(first[3]).to.deep.include({ language: 'und', tokens: [], stems: [], bigrams: [], sentiment: 0, pii: [] });
    });
  });
});

// Tests for labels of two points: a theme whose members share no phrase that names it is labelled by what they share;
// and for labels that name no topic: a date, a document's furniture or one role word alone (corpus/label-words.json).
import { expect } from 'chai';
import path from 'node:path';
import { labelThemes } from '../../src/pipeline/label.ts';
import { weakLabel } from '../../src/pipeline/label-points.ts';
import { loneRole, notTopicWords, onlyFrame, opensWithMeetingWord } from '../../src/pipeline/label-topics.ts';
import { type Candidate, type LabelItem } from '../../src/pipeline/label-candidates.ts';
import { endsOnNounAlone, joinWrappedLines, mostlyNotNoun, nounOrGerundAlone } from '../../src/pipeline/label-grammar.ts';
import { stemmerFor } from '../../src/pipeline/text.ts';
import { readCodedAnswers } from '../../src/eval/blind-surveys.ts';

const stem = stemmerFor('en');
type Resources = Awaited<ReturnType<typeof import('../../src/corpus.ts')['loadResources']>>;
let resources: Resources;
let nounPhrases: (text: string) => string[];

before(async () => {
  const { loadResources } = await import('../../src/corpus.ts');
  const { englishNounPhrases } = await import('../../src/pipeline/annotate/index.ts');
  resources = await loadResources();
  nounPhrases = (text) => englishNounPhrases(text, resources.stopwords.en!);
});

const items = (texts: readonly string[]): LabelItem[] => texts.map((text) => ({ text, nounPhrases: nounPhrases(text) }));
const label = (groups: number[][], texts: readonly string[]): string[] =>
  labelThemes(groups, items(texts), resources.stopwords.en!, stem, resources.genericWords, { endsOnNoun: endsOnNounAlone }).map((l) => l.label);
/** How many of the texts write a phrase, as a whole word sequence, case aside. */
const writers = (phrase: string, texts: readonly string[]): number => {
  const re = new RegExp(`(^|[^\\p{L}])${phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u');
  return texts.filter((t) => re.test(t.toLowerCase())).length;
};

describe('label points: which labels leave their theme unnamed', () => {
  const candidate = (key: string, df: number): Candidate => ({ key, words: key.split(' ').length, df, followed: 0, annotatedDf: df, nounDf: df, surface: key, surfaceCount: df, otherSurfaces: null });
  const cases: [string, number, Candidate, boolean, boolean, boolean][] = [
    ['a word two of eight write', 8, candidate('roof', 2), false, true, true],
    ['a word four of seven write', 7, candidate('parent', 4), false, true, false],
    ['a name its writers capitalise', 11, candidate('august', 3), true, true, false],
    ['a word that is no noun', 5, candidate('too', 2), false, false, true],
    ['a shared phrase of two words', 29, candidate('lack of confid', 3), false, true, false],
    ['a theme of two', 2, candidate('roof', 1), false, true, false],
  ];
  for (const [what, size, chosen, isName, noun, weak] of cases) {
    it(`${what}: ${weak ? 'weak' : 'names its theme'}`, () => expect(weakLabel(size, chosen, isName, noun)).to.equal(weak));
  }
});

describe('label points: labels of real answers', () => {
  // Answers of the tune survey on community energy (blind, written by a helper who never saw Harvest), as Harvest
  // grouped them: what stops a cooperative (roofs nobody may use, no money, no trust), and the law.
  const roofAndMoney = [
    'same as everything here - no money and nobody trusts anybody',
    'Money. Nobody here has 5-10k euro to put in at the start',
    'our school has a big roof but the Province owns the building and nobody wants to take the decision',
    "the roof is there but in a condominium you need everybody to agree, and there's always one who says no",
    'unclear what happens with surplus energy - can we sell it back, at what price? nobody at the ministry could answer',
    'ppl don\'t trust anything called "cooperative", they remember how the old ones ended',
    'grid connection!! we waited 14 months for a permit for a 50 kW plant, and the bank wanted our house as collateral',
    'panels + inverter + batteries.. the upfront cost is too much for families here',
  ];
  const law = [
    'there is no law that even recognises energy cooperatives in Montenegro, so legally we dont exist',
    'there is no legal basis for community energy, and people dont trust collective things after the socialist era',
    'energy law does not mention cooperatives at all',
    'mostly people simply dont know this is possible, they think solar is only for rich people or companies',
    'banks dont lend to associations or coops, only to companies with a track record',
    'rules on sharing the energy and on the incentives keep changing, very hard to plan anything',
  ];

  it('names a theme whose members share no phrase by two points, each written by two or more of them', () => {
    const texts = [...roofAndMoney, ...law];
    const [mixed] = label([[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13]], texts);
    const points = mixed!.split('; ');
    expect(points, mixed).to.have.length(2);
    for (const p of points) expect(writers(p, roofAndMoney), p).to.be.at.least(2);
  });

  it('never names a theme of the tune surveys by a word that is no noun, and a single word only where many write it', () => {
    const file = path.join(import.meta.dirname, '../fixtures/blind-surveys/tune/women-safe-public-transport.labels.csv');
    const answers = readCodedAnswers(file).filter((a) => a.group === 'q1' && a.language === 'en' && a.theme !== 'No substantive answer');
    const byTheme = new Map<string, number[]>();
    answers.forEach((a, i) => byTheme.set(a.theme, [...(byTheme.get(a.theme) ?? []), i]));
    const groups = [...byTheme.values()].filter((g) => g.length >= 3);
    const texts = answers.map((a) => a.text);
    const labels = label(groups, texts);
    expect(labels.length).to.be.at.least(3);
    labels.forEach((l, t) => {
      const members = groups[t]!.map((i) => texts[i]!);
      if (l.includes('; ')) for (const p of l.split('; ')) expect(writers(p, members), `${p} of ${l}`).to.be.at.least(1);
      else if (!l.includes(' ')) {
        expect(nounOrGerundAlone(l), l).to.equal(true);
      }
    });
  });
});

const keyOf = (phrase: string): string => phrase.toLowerCase().split(' ').map((w) => (resources.stopwords.en!.has(w) ? w : stem(w))).join(' ');

describe('label topics: which phrases say when, where or who but not what', () => {
  const frame: [string, boolean][] = [
    ['August', true], ['fourth week', true], ['next month', true], ['note taker translation', true], ['photos', true],
    ['second workshop', false], ['hail nets', false], ['photos copied into fake profiles', false], ['evenings and weekends', false],
  ];
  for (const [phrase, expected] of frame) {
    it(`"${phrase}" ${expected ? 'names no topic' : 'may name one'}`, () => {
      expect(onlyFrame(keyOf(phrase), notTopicWords(stem), resources.stopwords.en!, () => false)).to.equal(expected);
    });
  }
  it('a word of the scope\'s background does not make a date a topic ("farmers in August")', () => {
    expect(onlyFrame(keyOf('farmers in August'), notTopicWords(stem), resources.stopwords.en!, (w) => w === stem('farmers'))).to.equal(true);
  });
  const roles: [string, boolean][] = [
    ['trainer', true], ['participants', true], ['girls', true], ['local trainer', false], ['funding', false],
    // The people a consultation is about, one or many ("Families; woman" was a label of the sample's barriers).
    ['woman', true], ['women', true], ['girl', true], ['child', true], ['man', true], ['woman of about fifty', false],
    // A meeting's groups ("The group agreed...", "raised by Group D": once a sub-theme label of the sample's barriers).
    ['group', true], ['groups', true], ['youth groups', false], ['working group on data', false],
  ];
  for (const [phrase, expected] of roles) {
    it(`"${phrase}" ${expected ? 'is' : 'is not'} one role word alone`, () => expect(loneRole(keyOf(phrase), notTopicWords(stem))).to.equal(expected));
  }
});

describe('label topics: labels of real answers', () => {
  // The opportunities of corpus/sample's breakout notes, as Harvest grouped them (a theme once labelled "Fourth week"),
  // and the support an organisation needs (once "Trainer").
  const worked = [
    "A chat line run by a women's organisation for girls facing online harassment, with a lawyer available once a week.",
    'Weekly "digital afternoons" in a village school, where girls from the upper grades helped older women to book doctor appointments and pay bills online.',
    'A radio series of ten-minute episodes on online scams and privacy settings, followed by a phone-in hour; calls doubled by the fourth week.',
    'Participants described several initiatives that worked and could be scaled. What they had in common was a trusted local person, a regular schedule and a practical first task that women wanted to do anyway.',
  ];
  const support = [
    'Monitoring and evaluation tools simple enough for a small team, and help to use them.',
    'Core funding for at least two years so we can keep our trainer.',
    'Small grants without co-financing, we simply cannot match funds.',
    'Methods for teaching adults who start from zero; our trainers are used to students.',
    'Better coordination between donors so we stop funding the same villages twice.',
    'Someone to help us build a simple website and manage our social media page.',
    'Guidance on accessibility for women with disabilities, and a budget for assistive tools.',
  ];
  const other = [
    'Mobile data is too expensive for rural households.',
    'There is no signal in the mountain villages.',
    'No signal above the school, people walk up the hill.',
    'Mobile data runs out after a few days.',
  ];

  it('never labels a theme by a date or by one role word alone', () => {
    const texts = [...worked, ...support, ...other];
    const groups = [[0, 1, 2, 3], [4, 5, 6, 7, 8, 9, 10], [11, 12, 13, 14]];
    const labels = label(groups, texts);
    const words = notTopicWords(stem);
    labels.forEach((l, t) => {
      for (const point of l.split('; ')) {
        expect(onlyFrame(keyOf(point), words, resources.stopwords.en!, () => false), `${point} of theme ${t}`).to.equal(false);
        expect(loneRole(keyOf(point), words), `${point} of theme ${t}`).to.equal(false);
      }
    });
    expect(labels[0]!, 'was "Fourth week"').not.to.match(/\bweek\b/i);
  });

  it('does not fall back on a date alone when no other phrase is allowed: the members\' own phrases name the theme', () => {
    const texts = [
      'A help line run by a women\'s group for girls facing online abuse, with a lawyer there once a week.',
      'Weekly "digital afternoons" in the village school, where older pupils helped older women book appointments.',
      'A radio series of short episodes on scams, followed by a phone-in hour each week.',
      'Several initiatives could be scaled; what they shared was a trusted local person.',
      'A small grant scheme for women\'s groups in the villages.',
      'Small grants for village clubs of women and girls.',
    ];
    const labels = label([[0, 1, 2, 3], [4, 5]], texts);
    expect(labels[0]!.toLowerCase()).to.not.equal('week');
    expect(onlyFrame(keyOf(labels[0]!), notTopicWords(stem), resources.stopwords.en!, () => false)).to.equal(false);
  });
});

describe('label points: a word grown into one member\'s phrase', () => {
  // Who should act, as in the sample's stakeholders (a theme once labelled "Rural primary school": "school" is written by
  // four of seven, the grown phrase by one, "ministries" by three others).
  const texts = [
    'Online safety should be taught in every rural primary school, with trained teachers.',
    'Schools, which can open their computer rooms to mothers in the afternoon.',
    'schools: afternoon sessions where pupils teach their grandmothers',
    'A local partnership in each municipality, with schools opening their doors in the evening.',
    'The ministries in charge of agriculture should run a joint programme with advisers.',
    'The ministries should put rural women into the national digital strategy and its budget.',
    'Invite the ministries of agriculture next time',
    'Mobile operators should offer a cheaper data tariff in the villages.',
    'Operators must build masts where the signal is weak.',
    'Mobile operators and banks could fund small grants for women.',
    'The police should take online threats seriously and act fast.',
    'Prosecutors and the police need training on online abuse.',
    'The police should have a contact person for online violence.',
  ];
  const groups = [[0, 1, 2, 3, 4, 5, 6], [7, 8, 9], [10, 11, 12]];

  it('names the word with a second point other members share, not the one member\'s phrase', () => {
    const labels = label(groups, texts);
    const theme = groups[0]!.map((i) => texts[i]!);
    const points = labels[0]!.split('; ');
    expect(points, labels[0]).to.have.length(2);
    // Each point is written by three or more of the theme's seven members.
    const stemsOf = (t: string): string[] => t.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean).map(stem);
    for (const point of points) {
      const wanted = stemsOf(point);
      expect(theme.filter((t) => wanted.every((w) => stemsOf(t).includes(w))).length, point).to.be.at.least(3);
    }
    expect(labels[0]!.toLowerCase()).not.to.contain('rural primary school');
  });

  it('keeps a grown phrase in a small group, where one member is a fifth of it', () => {
    const small = [0, 1, 2, 3, 4];
    const labels = label([small, [7, 8, 9], [10, 11, 12]], texts);
    expect(labels[0]!).not.to.contain(';');
  });
});

describe('label topics: a note-taker\'s framing words and wrapped lines', () => {
  it('reads a phrase opening with a framing word as no topic (corpus/label-words.json, meeting)', () => {
    const words = notTopicWords(stem);
    for (const framed of ['Expressed concern', 'Thank', 'thanked the hosts', 'Raised questions']) expect(opensWithMeetingWord(framed, words), framed).to.equal(true);
    for (const topic of ['Concern over transparency', 'Thankless tasks', 'Shared spaces', 'Express bus']) expect(opensWithMeetingWord(topic, words), topic).to.equal(false);
  });

  it('labels a theme of worries by what worries them, not "Expressed concern"', () => {
    const texts = [
      'Expressed concern about trust', 'Expressed concern over costs', 'Several expressed concern', 'Expressed concern again about the timetable',
      'Libraries could host the open data training.', 'Open data training for librarians at the county library.', 'Train library staff on open data portals.',
      'The bus timetable changes every winter.', 'Late buses and the timetable.', 'Cost of the monthly bus pass.',
    ];
    const labels = label([[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]], texts);
    expect(labels[0]!.toLowerCase()).to.not.match(/^expressed/);
    // Still a phrase its members write ("Concern over costs").
    for (const point of labels[0]!.split('; ')) expect(writers(point, texts.slice(0, 4)), labels[0]).to.be.at.least(1);
  });

  it('reads a flipchart\'s wrapped lines as one sentence: "involved" broken onto its own line is a participle, not a noun', () => {
    const wrapped = ['scan for who \nshould be \ninvolved in the\nFACA', 'keep the unions \ninvolved'];
    expect(mostlyNotNoun('involved', wrapped)).to.equal(true);
    expect(joinWrappedLines('should be \ninvolved in the\nfund')).to.equal('should be involved in the fund');
    // A line that opens with a capital is a new point, not a continuation.
    expect(joinWrappedLines('No signal\nToo expensive')).to.equal('No signal\nToo expensive');
  });
});

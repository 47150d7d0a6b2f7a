// Unit tests for the tag stage: categories from section cues, keywords, patterns and actors; stakeholder types.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { annotateSegments } from '../../src/pipeline/parallel/annotate-segments.ts';
import { createTagger, stakeholderTypesIn, tagSegments } from '../../src/pipeline/tag/index.ts';
import { compileSentenceCues, matchSentenceCues } from '../../src/pipeline/sentence-cues.ts';
import { compileCodebook, sectionReading, withoutHeadingLabel } from '../../src/pipeline/tag/codebook-index.ts';
import { coding as codingSchema, type Annotation, type Coding, type Segment } from '../../src/model/index.ts';

describe('tag stage', () => {
  function seg(text: string, section: string | null, id = 's1'): Segment {
    return {
      id,
      kind: 'note',
      text,
      section,
      respondentId: null,
      attributes: {},
      provenance: { documentId: 'd1', document: 'notes.md', line: 1, start: 0, end: text.length, column: null },
    };
  }

  let resources: Resources;
  before(async () => {
    resources = await loadResources();
  });

  /** The sentence cues the trained model would read for a text (see ModelInput.cues). */
  function cuesOf(text: string): string[] {
    const seen: string[] = [];
    const segments = [seg(text, null)];
    const tagger = createTagger({ codebook: resources.codebook, gazetteer: resources.gazetteer, sentenceCues: resources.sentenceCues }, (input) => seen.push(...input.cues));
    tagger(segments[0]!, annotateSegments(segments, resources)[0]);
    return seen;
  }

  function tag(text: string, section: string | null = null, annotation?: Partial<Annotation>, withCues = true): Coding {
    const segments = [seg(text, section)];
    const [a] = annotateSegments(segments, resources);
    return tagSegments(segments, [{ ...a!, ...annotation }], { codebook: resources.codebook, gazetteer: resources.gazetteer, sentenceCues: withCues ? resources.sentenceCues : undefined })[0]!;
  }

  // Headings and bullets in the style of a breakout-group write-up (written for these tests).
  const INTERVENTIONS = '1. Which key interventions could address these obstacles?';
  const STAKEHOLDERS = '2. Who are the key stakeholders to involve when addressing those obstacles?';
  const CAPACITY = '3. What capacity gaps do civil society organisations have?';

  it('codes the same when the texts were read ahead (prepare), repeats and long lines included', () => {
    const lines = readFileSync(new URL('../../corpus/sample/breakout-b-notes.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((l) => l.replace(/^[-*#\d.\s]+/, '').trim())
      .filter((l) => l.length > 3);
    const segments = [...lines, ...lines.slice(0, 3)].map((t, i) => seg(t, i % 2 ? STAKEHOLDERS : null, `s${i}`));
    expect(segments.some((s) => s.text.length > 120)).to.equal(true);
    const annotations = annotateSegments(segments, resources);
    const all = { codebook: resources.codebook, gazetteer: resources.gazetteer, sentenceCues: resources.sentenceCues, categoryModel: resources.categoryModel, wordVectors: resources.wordVectors };
    const plain = createTagger(all);
    const ahead = createTagger(all);
    for (const s of segments) ahead.prepare(s.text);
    ahead.prepare(segments[0]!.text);
    expect(segments.map((s, i) => ahead(s, annotations[i]))).to.deep.equal(segments.map((s, i) => plain(s, annotations[i])));
  });

  describe('tagSegments: categories', () => {
    const rows: Array<[string | null, string, string]> = [
      // Bullets under a numbered discussion question about interventions.
      [INTERVENTIONS, 'Map local needs and pay for equipment in rural communities, with help on using the devices.', 'intervention'],
      [INTERVENTIONS, 'Governments should adopt a gender-responsive digital strategy.', 'intervention'],
      [INTERVENTIONS, 'Media ought to feature more women from STEM as role models.', 'intervention'],
      [INTERVENTIONS, "Fund women's organisations that work on online violence and build their capacity.", 'intervention'],
      [INTERVENTIONS, 'Online gender-based violence must be prevented and survivors supported.', 'intervention'],
      // Bullets under the stakeholder question.
      [STAKEHOLDERS, 'Media, as a key stakeholder for challenging stereotypes', 'stakeholder'],
      [STAKEHOLDERS, 'Municipalities where the organisations are based', 'stakeholder'],
      [STAKEHOLDERS, 'Donors', 'stakeholder'],
      [STAKEHOLDERS, 'Ministries, e.g. the ministry responsible for the information society', 'stakeholder'],
      [STAKEHOLDERS, 'ICT companies with social responsibility programmes could help close some capacity gaps', 'stakeholder'],
      [STAKEHOLDERS, 'Parents, who influence whether girls choose STEM', 'stakeholder'],
      // Bullets under the capacity question.
      [CAPACITY, 'Smaller NGOs are rarely recognised and seldom network across the region', 'capacity_gap'],
      [CAPACITY, 'Too little digital equipment and infrastructure since the pandemic', 'capacity_gap'],
      [CAPACITY, 'Staff do not know how to use e-government services safely', 'capacity_gap'],
      // The heading is a prior: a bullet shaped like a proposal is an intervention even under a capacity question.
      [CAPACITY, 'Skill building on advocacy, how to advocate in front of institutions, and funding for it', 'intervention'],
      // Survey questions are sections too.
      ['What are the main barriers that keep women from digital jobs?', 'Cost of devices', 'barrier'],
      ['What are the main barriers that keep women from digital jobs?', 'Family expectations and childcare', 'barrier'],
      ['What are the main barriers that keep women from digital jobs?', 'Nema interneta u selu', 'barrier'],
      ['What should be done first?', 'Free coding clubs for girls in every town', 'intervention'],
      ['Who should be involved in the programme?', 'Universities and local schools', 'stakeholder'],
      ['What were the main successes of the project?', 'Strong interest from girls in rural schools', 'opportunity'],
      ['What are the lessons learned?', 'Mentoring works better in small groups', 'outcome'],
      ['Main challenges and priorities', 'Set up a mentoring programme for women entrepreneurs', 'intervention'],
      ['Main challenges and priorities', 'Girls are afraid of online harassment', 'barrier'],
      ['Outcomes', 'Over 300 girls took part in the coding camps', 'outcome'],
      ['Opportunities', 'Municipal libraries offer free space for courses', 'opportunity'],
      // Headings phrased other ways ("needs" in "who needs to" is not a capacity cue; "what has worked" is an opportunity).
      ['Who needs to be involved', 'Police units and prosecutors, so that reports are followed up', 'stakeholder'],
      ['Who must be involved?', 'Local radio stations', 'stakeholder'],
      ['What has worked', 'A radio series on privacy settings, followed by a phone-in hour', 'opportunity'],
      ['Support needs', 'A second laptop for the office', 'capacity_gap'],
      ['Staff and equipment', 'Salaries depend on short projects, so trained people leave', 'capacity_gap'],
      // A heading without a cue: the text decides.
      ['Session 2 notes', 'There is no public transport to the training centre in the evening.', 'barrier'],
      [null, 'Harassment online makes girls leave social networks.', 'barrier'],
      [null, 'Lack of affordable internet in rural areas', 'barrier'],
      [null, 'Staff lack the skills and know-how to run online services.', 'capacity_gap'],
      [null, 'We recommend a national scholarship scheme for women in ICT.', 'intervention'],
      [null, 'The workshop resulted in three new partnerships between schools and companies.', 'outcome'],
      [null, 'Participants reported feeling more confident after the course.', 'outcome'],
      [null, 'Young women are a huge opportunity for the ICT sector, and many are willing to learn.', 'opportunity'],
      [null, 'Donors and embassies', 'stakeholder'],
      [null, 'Ministry of Education', 'stakeholder'],
      [null, 'Civil society organisations are among the crucial stakeholders', 'stakeholder'],
      [null, 'The weather was nice.', 'other'],
      // A negation in the notes' own language is a barrier cue.
      [null, 'Le donne non hanno accesso a internet.', 'barrier'],
      [null, 'Der Bus fährt abends selten.', 'other'],
    ];
    for (const [section, text, expected] of rows) {
      it(`${section ?? '(no section)'} | ${text} -> ${expected}`, () => {
        expect(tag(text, section).category).to.equal(expected);
      });
    }
  });

  describe('tagSegments: the sentence decides, the heading is a prior', () => {
    // Sentences written for these tests: each says what it is whatever heading it sits under.
    const rows: Array<[string | null, string, string]> = [
      ['Barriers', 'Last spring the evening course trained 40 farmers and 25 of them now sell online.', 'outcome'],
      ['Main problems', 'Attendance at the Saturday sessions rose from 12 to 31 after the timetable changed.', 'outcome'],
      [null, 'Agreed target: 60 volunteers trained by the end of next year.', 'outcome'],
      ['Discussion', 'Petra to email the attendance list to the district office by Thursday.', 'action'],
      ['Discussion', 'follow up with the library about room bookings', 'action'],
      ['Recommendations', 'Tomas will circulate the draft letter tomorrow.', 'action'],
      ['Next steps', 'Photos of the flipcharts', 'action'],
      ['Stakeholders', 'We propose a rotating fund for bus tickets for trainees.', 'intervention'],
      ['Who should be involved', 'Set up a help desk in every village hall.', 'intervention'],
      ['Recommendations', 'The regional chamber of crafts must lead the apprenticeship scheme.', 'stakeholder'],
      ['Outcomes', 'Clinic staff have no training on the new booking software.', 'capacity_gap'],
      ['Proposals', 'Buses stop running at six, so mothers cannot attend evening classes.', 'barrier'],
    ];
    for (const [section, text, expected] of rows) {
      it(`${section ?? '(no section)'} | ${text} -> ${expected}`, () => {
        expect(tag(text, section, {}, true).category).to.equal(expected);
      });
    }

    it('says which sentence cues decided', () => {
      const c = tag('Petra to email the attendance list to the district office by Thursday.', 'Discussion', {}, true);
      expect(c.evidence).to.include.members(['sentence: owner + to/will + task', 'sentence: deadline']);
    });

    it('reads no owner in a question word: "How to ask the right questions" is a topic, "Ana to send the photos" a task', () => {
      const sentenceCues = resources.sentenceCues!;
      const names = (text: string): string[] => matchSentenceCues(text, compileSentenceCues(sentenceCues)).map((m) => m.cue.name);
      for (const text of ['How to ask the right questions', 'What to do when the grant ends', 'Where to report abuse -> police or NGO']) {
        expect(names(text), text).to.not.include('owner + to/will + task').and.not.include('owner -> task');
      }
      expect(names('Ana to send the photos by Friday')).to.include('owner + to/will + task');
      expect(names('HOW to send the photos')).to.include('owner + to/will + task');
    });

    it('without sentence cues the heading decides as before', () => {
      expect(tag('Last spring the evening course trained 40 farmers and 25 of them now sell online.', 'Barriers', {}, false).category).to.equal('barrier');
    });

    it('rejects a cue with an unknown macro or a broken regex, naming it', () => {
      expect(() => compileSentenceCues({ macros: [], cues: [{ category: 'action', name: 'x', pattern: '{NOPE}', weight: 1, caseSensitive: false }] })).to.throw(/cues\.0 \(x\): unknown macro \{NOPE\}/);
      expect(() => compileSentenceCues({ macros: [], cues: [{ category: 'action', name: 'y', pattern: '(', weight: 1, caseSensitive: false }] })).to.throw(/cues\.0 \(y\)/);
      // A Unicode property is not a macro.
      expect(compileSentenceCues({ macros: [], cues: [{ category: 'action', name: 'z', pattern: '\\p{Lu}', weight: 1, caseSensitive: true }] })[0]!.re.test('A')).to.equal(true);
    });

    it('types only actors the line names as actors', () => {
      // A place ("in schools") and a group merely affected ("girls", "families") are not actors here.
      expect(tag('Courses in schools are far too short for real practice.', null, {}, true).stakeholderTypes).to.deep.equal([]);
      expect(tag('Families in the hills cannot pay for the bus.', null, {}, true).stakeholderTypes).to.deep.equal([]);
      // Where someone goes is a place too ("going to an office in person"), but an office that must act is an actor.
      expect(tag('Every form still means going to an office in person, often twice.', null, {}, true).stakeholderTypes).to.deep.equal([]);
      expect(tag('The municipal office should answer every request within a week.', null, {}, true).stakeholderTypes).to.deep.equal(['government']);
      // A group that must act is one; so is every actor of a stakeholder line.
      expect(tag('Parents should sit on the project board.', null, {}, true).stakeholderTypes).to.deep.equal(['family']);
      expect(tag('Telcos and the MoE, also the općina', 'Who should be involved', {}, true).stakeholderTypes).to.deep.equal(['government', 'private_sector']);
    });

    it('types schools and their people as actors only where they act, and a group that only speaks is not one', () => {
      // Students and a school as the place or the people affected; residents who only report what happened.
      expect(tag('Many students cannot afford the bus to school since fares doubled.', null, {}, true)).to.deep.include({ category: 'barrier', stakeholderTypes: [] });
      expect(tag('Residents said repairs take too long.', null, {}, true).stakeholderTypes).to.deep.equal([]);
      // Teachers who must act are an actor; the city and civil protection are government.
      expect(tag('Teachers should run the coding clubs.', null, {}, true).stakeholderTypes).to.deep.equal(['education']);
      expect(tag('The city must publish its register; civil protection should warn the villages.', null, {}, true).stakeholderTypes).to.deep.equal(['government']);
      // In a capacity gap, the one the clause is about lacks it: an actor there, even a group.
      expect(tag('Teachers have no training in teaching Serbian as a second language.', null, {}, true)).to.deep.include({ category: 'capacity_gap', stakeholderTypes: ['education'] });
    });
  });

  describe('tagSegments: evidence, confidence, secondary', () => {
    it('explains a section cue and a pattern', () => {
      const c = tag('Governments should adopt a gender-responsive digital strategy.', INTERVENTIONS);
      expect(c.evidence).to.deep.equal([
        'section "1. Which key interventions could address these obstacles?" -> intervention',
        'pattern "should"',
        'sentence: proposal',
        'keyword "strategy"',
      ]);
      expect(c.stakeholderTypes).to.deep.equal(['government']);
    });

    it('explains a segment that names only actors', () => {
      const c = tag('Donors and embassies');
      expect(c).to.deep.include({ category: 'stakeholder', stakeholderTypes: ['donor'] });
      expect(c.evidence).to.deep.equal(['actor "donors" (donor)', 'actor "embassy" (donor)', 'names only actors']);
    });

    it('lets a longer pattern win over a shorter one inside it', () => {
      const c = tag('Lack of skills among trainers');
      expect(c.category).to.equal('capacity_gap');
      expect(c.evidence).to.deep.equal(['pattern "lack of skills"', 'sentence: lacks staff / data / budget']);
    });

    it('says why a segment is other', () => {
      expect(tag('The weather was nice.')).to.deep.equal({
        category: 'other',
        confidence: 0,
        secondary: [],
        stakeholderTypes: [],
        evidence: ['no section cue, keyword or pattern matched'],
      });
      expect(tag('Esmeralda Hoxha, Gender Alliance for Development').evidence).to.deep.equal(['below threshold: stakeholder 0.75']);
    });

    it('reads a scheme said to be missing as no proposal, proposals in the region\'s languages, and offers as opportunities', () => {
      expect(tag('The tax office has no simple guide for home-based sellers.').evidence).to.not.include('sentence: a fund / scheme for');
      expect(tag('A simple guide for home-based sellers.').evidence).to.include('sentence: a fund / scheme for');
      expect(tag('Predlažemo časove srpskog jezika dva puta nedeljno.')).to.deep.include({ category: 'intervention' });
      expect(tag('Предлог: јавен регистар на практиканти.')).to.deep.include({ category: 'intervention' });
      expect(cuesOf('Retired teachers would volunteer to teach basic classes.')).to.include('an offer');
      expect(cuesOf('The municipalities have unused halls that could host evening classes.')).to.include('something there already that could serve');
      expect(cuesOf('The municipalities have no halls that could host evening classes.')).to.not.include('something there already that could serve');
    });

    it("names the cues of a class outside the codebook (a question, the meeting's own course) and hands them to the model", () => {
      expect(tag('Marija moved on.').evidence).to.deep.equal(["sentence: the meeting's own course", 'no section cue, keyword or pattern matched']);
      expect(tag('Someone asked why the buses stop at nine.').evidence).to.include('sentence: reported question');
      expect(cuesOf('Parents asked whether the buses will run at night?')).to.include.members(['question', 'reported question']);
    });

    it('reads a thing that needs a document as a requirement, a date after a reported result as no due date, and owners who propose or meet as actions', () => {
      expect(tag('The parking permit needs a signed form from the landlord every year.')).to.deep.include({ category: 'barrier' });
      expect(cuesOf('To renew it you need a valid ID card and two photos.')).to.include('a requirement');
      expect(cuesOf('Il certificato B1 serve per la cittadinanza.')).to.include('a requirement');
      expect(cuesOf('We need a mentoring scheme for new arrivals.')).to.not.include('a requirement');
      expect(cuesOf('40 signed up in March, 25 finished the course by June.')).to.not.include('deadline');
      expect(cuesOf('Send the attendance list by June.')).to.include('deadline');
      expect(cuesOf('Their own follow-up by phone found most still employed.')).to.not.include('follow up');
      expect(tag('Marko (youth council) to propose dates for the next round')).to.deep.include({ category: 'action' });
      expect(tag('Lela → meeting w/ the school director re the gym')).to.deep.include({ category: 'action' });
    });

    it('is more confident with a section cue and agreeing text than with one keyword', () => {
      const strong = tag('Governments should adopt a gender-responsive digital strategy.', INTERVENTIONS);
      const weak = tag('The initiative continues next year.');
      expect(weak.category).to.equal('intervention');
      expect(strong.confidence).to.be.above(0.75).and.at.most(1);
      expect(weak.confidence).to.be.below(0.4).and.above(0);
    });

    it('lists a substantial second category as secondary', () => {
      const c = tag('There is a lack of digital skills, so we need to provide training for women.');
      expect(c.category).to.equal('intervention');
      expect(c.secondary).to.include('capacity_gap');
    });

    it('gives a cue after "address" (the object of the heading) little weight', () => {
      // "obstacles" is what the interventions address, not what the bullets are.
      const c = tag('Awareness raising about digital tools in schools', INTERVENTIONS);
      expect(c.category).to.equal('intervention');
      expect(c.secondary).to.deep.equal([]);
    });

    it('returns valid codings in segment order', () => {
      const segments = [seg('Donors', STAKEHOLDERS, 'a'), seg('Cost of devices', 'What are the main barriers?', 'b'), seg('Hello', null, 'c')];
      const annotations = annotateSegments(segments, resources);
      const codings = tagSegments(segments, annotations, { codebook: resources.codebook, gazetteer: resources.gazetteer });
      expect(codings.map((c) => c.category)).to.deep.equal(['stakeholder', 'barrier', 'other']);
      for (const c of codings) codingSchema.parse(c);
      expect(tagSegments(segments, annotations, { codebook: resources.codebook, gazetteer: resources.gazetteer })).to.deep.equal(codings);
    });

    it('works with a custom codebook', () => {
      const codebook = {
        name: 'mini',
        version: '1',
        categories: [
          { id: 'money', label: 'Money', plural: 'Money', description: '', keywords: ['budget', 'salary'], patterns: ['paid for'], sectionCues: ['finances'] },
        ],
      };
      const segments = [seg('Salaries are too low', null, 'a'), seg('Anything', 'Finances', 'b'), seg('Nothing relevant', null, 'c')];
      const codings = tagSegments(segments, annotateSegments(segments, resources), { codebook, gazetteer: resources.gazetteer });
      expect(codings.map((c) => c.category)).to.deep.equal(['money', 'money', 'other']);
    });
  });

  describe('tagSegments: where patterns and actors are found', () => {
    // A small codebook, so each row shows one way a pattern can (or cannot) match.
    const codebook = {
      name: 'patterns',
      version: '1',
      categories: [
        { id: 'supply', label: 'Supply', plural: 'Supply', description: '', keywords: [], patterns: ['provide', 'work with'], sectionCues: [] },
        { id: 'gap', label: 'Gap', plural: 'Gaps', description: '', keywords: ['shortage'], patterns: ["can't", 'lack of', 'lack of funds'], sectionCues: [] },
      ],
    };
    const rows: Array<[string, string, string[]]> = [
      ['They provided laptops.', 'supply', ['pattern "provide"']],
      ['The centre provides them and keeps providing them.', 'supply', ['pattern "provide"']],
      ['Providers are few.', 'other', ['no section cue, keyword or pattern matched']],
      ['Municipalities co-provide the space', 'supply', ['pattern "provide"']],
      ["Women can't pay for it", 'gap', ['pattern "can\'t"']],
      ['Women can\u2019t pay for it', 'gap', ['pattern "can\'t"']],
      ['Žene na selu: lack of internet – škola daleko', 'gap', ['pattern "lack of"']],
      ['LACK   OF funds, and a shortage of staff', 'gap', ['pattern "lack of funds"', 'keyword "shortage"']],
      ['Slack of the rope', 'other', ['no section cue, keyword or pattern matched']],
      ['We work with them and we work with others', 'supply', ['pattern "work with"']],
    ];
    for (const [text, category, evidence] of rows) {
      it(`${text} -> ${category}`, () => {
        const segments = [seg(text, null)];
        const [coding] = tagSegments(segments, annotateSegments(segments, resources), { codebook, gazetteer: resources.gazetteer });
        expect(coding).to.deep.include({ category, evidence });
      });
    }

    it('finds acronyms with a plural or possessive, case-sensitively, after punctuation', () => {
      expect(stakeholderTypesIn("(UNDP's office) and NGOs", resources.gazetteer)).to.deep.equal(['civil_society', 'international']);
      expect(stakeholderTypesIn('ngos and undp', resources.gazetteer)).to.deep.equal([]);
    });

    it('reads a repeated text once but still scores each segment by its own section', () => {
      const segments = [seg('Cost of devices', 'What are the main barriers?', 'a'), seg('Cost of devices', null, 'b'), seg('Cost of devices', 'Who should be involved?', 'c')];
      const [a, b, c] = tagSegments(segments, annotateSegments(segments, resources), { codebook: resources.codebook, gazetteer: resources.gazetteer });
      expect(a!.evidence[0]).to.equal('section "What are the main barriers?" -> barrier');
      expect(b!.evidence.some((e) => e.startsWith('section'))).to.equal(false);
      expect(c!.evidence[0]).to.equal('section "Who should be involved?" -> stakeholder');
      expect(a!.confidence).to.be.above(b!.confidence);
    });
  });

  describe('stakeholder types', () => {
    const rows: Array<[string, string[]]> = [
      ['The Ministry of Education and local schools', ['education', 'government']],
      ['UN Women and the EU delegation', ['international']],
      ['Un progetto per le donne e per eu', []],
      ["NGOs and women's organisations", ['civil_society']],
      ["Women's organizations", ['civil_society']],
      ['ICT companies and start-ups', ['private_sector']],
      ['parents and teachers', ['education', 'family']],
      ['journalists and social media platforms', ['media']],
      ['researchers at universities', ['academia']],
      ['donors such as USAID', ['donor']],
      ['community leaders in rural communities', ['community']],
      ['networking events for girls', []],
      ['Municipality of Milan and the city council', ['government']],
      ['Private sector organisations and CSOs', ['civil_society', 'private_sector']],
      ['Public and private education institutions', ['education']],
    ];
    for (const [text, expected] of rows) {
      it(`${text} -> ${expected.join(', ') || '(none)'}`, () => expect(stakeholderTypesIn(text, resources.gazetteer)).to.deep.equal(expected));
    }

    it('maps organisations found by annotate by the words in their names', () => {
      expect(stakeholderTypesIn('They met.', resources.gazetteer, ["Women's Center Uzice", 'Faculty of Technical Sciences'])).to.deep.equal([
        'academia',
        'civil_society',
      ]);
    });

    it('adds organisation types from the annotation to the coding', () => {
      const c = tag('They met in Novi Sad.', null, { organisations: ['Udruzenje Roda'] });
      expect(c.stakeholderTypes).to.deep.equal(['civil_society']);
    });
  });
  describe('what a heading says (sectionReading)', () => {
    /** The categories a heading gives weight to, strongest first, with the real codebook. */
    function headingCategories(heading: string): string[] {
      const { categories } = compileCodebook(resources.codebook);
      const { weights } = sectionReading(heading, categories);
      return categories.map((c, i) => [c.id, weights[i]!] as const).filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1]).map(([id]) => id);
    }

    it('reads a heading without the numbered label it opens with', () => {
      expect(withoutHeadingLabel('Activity 1: Barriers to Innovation')).to.equal('Barriers to Innovation');
      expect(withoutHeadingLabel('Group 3 – Heat, health and public spaces')).to.equal('Heat, health and public spaces');
      expect(withoutHeadingLabel('Breakout question C: who should decide')).to.equal('who should decide');
      expect(withoutHeadingLabel('Part of the problem')).to.equal('Part of the problem');
      expect(withoutHeadingLabel('Activities')).to.equal('Activities');
      // "Activity" names the workshop's part, not the codebook's "activities" (interventions).
      expect(headingCategories('Activity 1: Barriers to Innovation')).to.deep.equal(['barrier']);
      expect(headingCategories('Activities planned')).to.deep.equal(['intervention']);
      expect(headingCategories('Task 2: Next steps')).to.deep.equal(['action']);
    });

    it('reads a heading that asks "who" as a list of stakeholders, and "who" later in a heading as nothing', () => {
      for (const h of ['Who is innovating?', 'Who do we need to include in the future?', 'Who are our users?', 'WHO']) {
        expect(headingCategories(h), h).to.deep.equal(['stakeholder']);
      }
      expect(headingCategories('Who does what')).to.deep.equal(['action']);
      expect(headingCategories('Veterans expressed concerns about who has access to their information')).to.deep.equal(['barrier']);
      expect(headingCategories('Questions about who has access to the data')).to.deep.equal([]);
    });

    it('reads "findings" and "feedback" as no category (what was heard, not results) and "implications" as interventions', () => {
      expect(headingCategories('Key Findings')).to.deep.equal([]);
      expect(headingCategories('Feedback round')).to.deep.equal([]);
      expect(headingCategories('Results of the pilot')).to.deep.equal(['outcome']);
      expect(headingCategories('IMPLICATIONS')).to.deep.equal(['intervention']);
      expect(headingCategories('Content Development Timeline')).to.deep.equal(['action']);
      expect(headingCategories('Pain Points')).to.deep.equal(['barrier']);
      expect(headingCategories('Concerns raised')).to.deep.equal(['barrier']);
    });

    it('reads a recommendation that opens with "consider", "clarify", "streamline"... as a policy verb first', () => {
      expect(cuesOf('Consider providing clarity on when applicants may receive a decision')).to.include('policy verb first');
      expect(cuesOf('Streamline the intake form')).to.include('policy verb first');
      expect(cuesOf('Considerate staff at the front desk')).to.not.include('policy verb first');
    });

    it('reads a difficulty ("struggle to", "hard to", "isn\u2019t clear", "unsure") as barrier evidence', () => {
      expect(cuesOf('Many people we spoke with struggle to find information about the program')).to.include('hard to / unclear');
      expect(cuesOf('The Caregiver process isn\u2019t clear to Veterans')).to.include('hard to / unclear');
      expect(cuesOf('Some Veterans are unsure what information Caregivers have access to')).to.include('hard to / unclear');
      expect(cuesOf('Hardware donated by the telco')).to.not.include('hard to / unclear');
    });
  });
});

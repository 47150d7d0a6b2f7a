// Tests for survey tables: wide/long detection, explicit column choices, answer counting and verbatim offsets within cells.
import { expect } from 'chai';
import { documentInfo, segment as segmentSchema } from '../../src/model/index.ts';
import type { IngestedSurvey } from '../../src/model/index.ts';
import { AppError } from '../../src/errors.ts';
import { detectSurveyMapping, segmentSurvey, type SurveyOptions } from '../../src/pipeline/segment/index.ts';

const NON_ANSWERS = ['n/a', 'na', 'n.a.', '-', 'none', 'no comment', "don't know", 'same as above'];
const Q1 = 'What are the main barriers for women in your area?';
const Q2 = 'What should be done first?';

function survey(headers: string[], rows: string[][], name = 'survey.csv'): IngestedSurvey {
  return { kind: 'survey', name, format: 'csv', sheet: null, headers, records: rows.map((cells, i) => ({ line: i + 2, cells })) };
}

/** A wide export: one row per respondent, two open questions, attributes, an email column. */
const wide = survey(
  ['respondent_id', 'submitted_at', 'organisation_type', 'country', 'email', Q1, Q2],
  [
    ['101', '2026-04-20', 'civil society', 'Serbia', 'a@example.org', 'Mobile data costs too much for rural families.', 'Cheaper data packages for students'],
    ['102', '2026-04-20', 'government', 'Albania', 'b@example.org', '  No signal in the mountain villages, only in town.\n', 'N/A'],
    ['103', '2026-04-21', 'civil society', 'Serbia', 'c@example.org', 'Husbands control the phone and the passwords.', ''],
    ['104', '2026-04-21', 'academia', 'Kosovo', 'd@example.org', 'Don’t know.', 'Train teachers in every rural school'],
    ['105', '2026-04-22', 'government', 'Albania', 'e@example.org', 'Fear of harassment keeps girls offline entirely.', 'Open libraries as digital points in the afternoon'],
    ['106', '2026-04-22', 'civil society', 'Serbia', 'f@example.org', '', 'A helpline that actually answers reports of abuse'],
    ['107', '2026-04-23', 'academia', 'Kosovo', 'g@example.org', 'Trainings are held far away and during work hours.', '-'],
    ['108', '2026-04-23', 'government', 'Serbia', 'h@example.org', 'E-services ask for too many steps and signatures.', 'Simplify e-government forms for everyone'],
  ],
);

/** A long export: one row per answer, a question column, the respondent repeating. */
const long = survey(
  ['respondent', 'country', 'question', 'answer'],
  [
    ['P1', 'Serbia', Q1, 'Devices are too expensive for most families here.'],
    ['P1', 'Serbia', Q2, 'Community digital points in every village centre'],
    ['P2', 'Albania', Q1, 'No coverage beyond the main road, really none at all.'],
    ['P2', 'Albania', Q2, 'no comment'],
    ['P3', 'Serbia', Q1, 'Girls are afraid of what people will say about them online.'],
    ['P3', 'Serbia', Q2, '   '],
  ],
  'long.xlsx',
);

const opts = (extra: Partial<SurveyOptions> = {}): SurveyOptions => ({ nonAnswers: NON_ANSWERS, ...extra });

describe('survey-columns: detectSurveyMapping', () => {
  const cases: Array<{ name: string; doc: IngestedSurvey; options: Partial<SurveyOptions>; expected: unknown }> = [
    {
      name: 'wide: id by header, free-text questions, categorical attributes, the date column kept out of them, email ignored',
      doc: wide,
      options: {},
      expected: { shape: 'wide', idColumn: 'respondent_id', textColumns: [Q1, Q2], questionColumn: null, attributeColumns: ['organisation_type', 'country'], dateColumns: ['submitted_at'] },
    },
    {
      name: 'long: repeated question texts, one answer column, repeating respondent',
      doc: long,
      options: {},
      expected: { shape: 'long', idColumn: 'respondent', textColumns: ['answer'], questionColumn: 'question', attributeColumns: ['country'], dateColumns: [] },
    },
    {
      name: 'options override detection',
      doc: wide,
      options: { idColumn: 'email', textColumns: [Q2], attributeColumns: ['country'] },
      expected: { shape: 'wide', idColumn: 'email', textColumns: [Q2], questionColumn: null, attributeColumns: ['country'], dateColumns: ['submitted_at'] },
    },
    {
      name: 'a question column given by the facilitator makes the table long',
      doc: long,
      options: { questionColumn: 'question', textColumns: ['answer'], attributeColumns: [] },
      expected: { shape: 'long', idColumn: 'respondent', textColumns: ['answer'], questionColumn: 'question', attributeColumns: [], dateColumns: [] },
    },
    {
      name: 'column names given in another case still resolve',
      doc: wide,
      options: { idColumn: 'Respondent_ID' },
      expected: { shape: 'wide', idColumn: 'respondent_id', textColumns: [Q1, Q2], questionColumn: null, attributeColumns: ['organisation_type', 'country'], dateColumns: ['submitted_at'] },
    },
    {
      name: 'no id column: none is invented',
      doc: survey(['Sector', 'Comments'], [['NGO', 'We need longer funding cycles for this work.'], ['NGO', 'Nobody maintains the computers after the project.'], ['Government', 'The law on e-signatures must be simpler.']]),
      options: {},
      expected: { shape: 'wide', idColumn: null, textColumns: ['Comments'], questionColumn: null, attributeColumns: ['Sector'], dateColumns: [] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => expect(detectSurveyMapping(c.doc, opts(c.options))).to.deep.equal(c.expected));
  }

  it('a column headed by a question is an open question even when nobody answered it', () => {
    const doc = survey(
      ['id', 'Country', 'Anything else?', 'Comments'],
      [
        ['1', 'Serbia', '', 'We need longer funding cycles for this work.'],
        ['2', 'Serbia', ' ', 'Nobody maintains the computers after the project.'],
        ['3', 'Kosovo', '', 'The law on e-signatures must be simpler.'],
      ],
    );
    expect(detectSurveyMapping(doc, opts()).textColumns).to.deep.equal(['Anything else?', 'Comments']);
    expect(segmentSurvey(doc, 'd5', opts()).info.survey!.questions[0]).to.deep.equal({ question: 'Anything else?', answered: 0, blank: 3, nonAnswer: 0, nonAnswers: [] });
  });

  for (const [option, value] of [
    ['idColumn', 'Respondent number'],
    ['textColumns', ['Sector']],
    ['questionColumn', 'Question text'],
    ['attributeColumns', ['country', 'Sector']],
  ] as const) {
    it(`an unknown column in ${option} is a BAD_ARGUMENT naming the columns`, () => {
      const bad = Array.isArray(value) ? value[value.length - 1] : value;
      let error: unknown;
      try {
        detectSurveyMapping(long, opts({ [option]: value }));
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(AppError);
      expect((error as AppError).code).to.equal('BAD_ARGUMENT');
      expect((error as AppError).file).to.equal('long.xlsx');
      expect((error as AppError).message).to.equal(`long.xlsx: no column "${bad}"; columns are: respondent, country, question, answer`);
    });
  }
});

describe('survey-columns: segmenting answers', () => {
  it('wide: one segment per answer, blank and non-answers counted, attributes and provenance set', () => {
    const { info, segments } = segmentSurvey(wide, 'd2', opts());
    documentInfo.parse(info);
    for (const s of segments) segmentSchema.parse(s);
    expect(info.survey!.questions).to.deep.equal([
      { question: Q1, answered: 6, blank: 1, nonAnswer: 1, nonAnswers: [{ line: 5, respondentId: '104', text: 'Don’t know.' }] },
      { question: Q2, answered: 5, blank: 1, nonAnswer: 2, nonAnswers: [{ line: 3, respondentId: '102', text: 'N/A' }, { line: 8, respondentId: '107', text: '-' }] },
    ]);
    expect(info.survey!.respondents).to.equal(8);
    expect(info.sections).to.deep.equal([Q1, Q2]);
    expect(info.text).to.equal(null);
    expect(info.headers).to.deep.equal(wide.headers);
    expect(info.records).to.deep.equal(wide.records);
    expect(segments).to.have.length(11);
    expect(segments.map((s) => [s.id, s.respondentId, s.provenance.line, s.provenance.column === Q1 ? 'Q1' : 'Q2']).slice(0, 4)).to.deep.equal([
      ['d2-0001', '101', 2, 'Q1'],
      ['d2-0002', '101', 2, 'Q2'],
      ['d2-0003', '102', 3, 'Q1'],
      ['d2-0004', '103', 4, 'Q1'],
    ]);
    expect(segments[0]).to.deep.equal({
      id: 'd2-0001',
      kind: 'answer',
      text: 'Mobile data costs too much for rural families.',
      section: Q1,
      respondentId: '101',
      attributes: { organisation_type: 'civil society', country: 'Serbia', document: 'survey.csv' },
      provenance: { documentId: 'd2', document: 'survey.csv', line: 2, start: 0, end: 46, column: Q1 },
      // The submission day, from the submitted_at column (for the date range filter), not an attribute.
      date: '2026-04-20',
    });
  });

  it('offsets are within the cell after trimming, and the text is the cell slice', () => {
    const { segments } = segmentSurvey(wide, 'd2', opts());
    const s = segments.find((x) => x.respondentId === '102')!;
    expect([s.provenance.start, s.provenance.end, s.text]).to.deep.equal([2, 51, 'No signal in the mountain villages, only in town.']);
    for (const seg of segments) {
      const record = wide.records.find((r) => r.line === seg.provenance.line)!;
      const cell = record.cells[wide.headers.indexOf(seg.provenance.column!)]!;
      expect(cell.slice(seg.provenance.start, seg.provenance.end)).to.equal(seg.text);
    }
  });

  it('long: the question cell is the section, the answer column is the provenance column', () => {
    const { info, segments } = segmentSurvey(long, 'd3', opts());
    expect(info.survey!.mapping.shape).to.equal('long');
    expect(info.survey!.respondents).to.equal(3);
    expect(info.survey!.questions).to.deep.equal([
      { question: Q1, answered: 3, blank: 0, nonAnswer: 0, nonAnswers: [] },
      { question: Q2, answered: 1, blank: 1, nonAnswer: 1, nonAnswers: [{ line: 5, respondentId: 'P2', text: 'no comment' }] },
    ]);
    expect(segments.map((s) => [s.id, s.respondentId, s.section === Q1 ? 'Q1' : 'Q2', s.provenance.column, s.provenance.line, s.attributes.country])).to.deep.equal([
      ['d3-0001', 'P1', 'Q1', 'answer', 2, 'Serbia'],
      ['d3-0002', 'P1', 'Q2', 'answer', 3, 'Serbia'],
      ['d3-0003', 'P2', 'Q1', 'answer', 4, 'Albania'],
      ['d3-0004', 'P3', 'Q1', 'answer', 6, 'Serbia'],
    ]);
  });

  it('without an id column, respondents are numbered by record', () => {
    const doc = survey(['Comments'], [['We need longer funding cycles for this work.'], ['Nobody maintains the computers after the project.']]);
    const { segments } = segmentSurvey(doc, 'd4', opts());
    expect(segments.map((s) => s.respondentId)).to.deep.equal(['R1', 'R2']);
  });

  it('keeps attribute columns named "__proto__" or "constructor" as data', () => {
    const doc = survey(['id', '__proto__', 'constructor', 'country', Q1], [['1', 'polluted', 'ctor', 'Serbia', 'Roads to the clinic flood every spring.']]);
    const { segments } = segmentSurvey(doc, 'd5', opts({ attributeColumns: ['__proto__', 'constructor', 'country'] }));
    const attributes = segments[0]!.attributes;
    expect(Object.getPrototypeOf(attributes)).to.equal(Object.prototype);
    expect(Object.keys(attributes)).to.deep.equal(['__proto__', 'constructor', 'country', 'document']);
    expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')!.value).to.equal('polluted');
    expect(attributes.constructor).to.equal('ctor');
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});

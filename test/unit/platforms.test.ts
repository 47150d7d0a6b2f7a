// Survey-platform and whiteboard exports (test/fixtures/platforms/, made-up answers in each platform's export shape):
// the platform recognised, question texts as headings, respondent ids, attributes without dates, segments.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResources } from '../../src/corpus.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { boardFromTable } from '../../src/ingest/board.ts';
import { findChoiceQuestions, foldSurveyMonkeyHeader, readCodebook, recogniseSurvey } from '../../src/ingest/platforms.ts';
import { documentInfo, ingestedDocument, segment as segmentSchema, type IngestedDocument, type Resources } from '../../src/model/index.ts';
import { segmentDocument } from '../../src/pipeline/segment/index.ts';
import { dict } from '../../src/model/dict.ts';
import type { AppError } from '../../src/errors.ts';
import { expandInputs } from '../../src/cli.ts';
import { dayKeys, dayRange } from '../../src/pipeline/segment/dates.ts';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/platforms');

let resources: Resources;
before(async () => {
  resources = await loadResources();
});

async function read(name: string): Promise<IngestedDocument> {
  return ingestFile(name, new Uint8Array(readFileSync(path.join(DIR, name))));
}

async function analyse(name: string) {
  const doc = await read(name);
  // What a reader hands on survives the model's schema (the store parses it back).
  ingestedDocument.parse(doc);
  const { info, segments } = segmentDocument(doc, 'd1', { nonAnswers: resources.nonAnswers, nonAnswerFillers: resources.nonAnswerFillers, vocabulary: resources.notesVocabulary });
  documentInfo.parse(info);
  for (const s of segments) segmentSchema.parse(s);
  const attributeKeys = [...new Set(segments.flatMap((s) => Object.keys(s.attributes)))].filter((k) => k !== 'document');
  return { doc, info, segments, attributeKeys, ids: [...new Set(segments.map((s) => s.respondentId))] };
}

interface SurveyCase {
  file: string;
  platform: string;
  exportedFrom: string;
  headings: string[];
  idColumn: string | null;
  firstIds: string[];
  attributes: string[];
  /** The attributes as segments name them (their question texts), when not the columns' names. */
  attributeNames?: string[];
  dates: string[];
  segments: number;
}

const SURVEYMONKEY: SurveyCase = {
  file: 'surveymonkey.csv',
  platform: 'surveymonkey',
  exportedFrom: 'SurveyMonkey',
  headings: ['What stops you from using the internet more often?', 'Which devices do you use? (select all that apply)', 'What would help girls and women build digital skills in your community?'],
  idColumn: 'Respondent ID',
  firstIds: ['114238765401', '114238766922'],
  // The tick-box columns of "Which devices do you use?" are one multi-choice question, not attributes (see below).
  attributes: ['Where do you live?'],
  dates: ['Start Date: 2026-03-02 to 2026-03-09', 'End Date: 2026-03-02 to 2026-03-09'],
  segments: 16,
};

const KOBO: SurveyCase = {
  file: 'kobo.csv',
  platform: 'kobotoolbox',
  exportedFrom: 'KoboToolbox',
  // Without the form, a Kobo column's question is its field name, the group path dropped.
  headings: ['q_barriers', 'q_support'],
  idColumn: '_uuid',
  firstIds: ['3f2c8a1e-5b7d-4c09-9e21-7a6b3c4d5e01', '8a91d2c4-0e6f-4b3a-a7c2-51f0e9d8c702'],
  attributes: ['group_ab12/municipality', 'group_ab12/gender'],
  attributeNames: ['municipality', 'gender'],
  dates: ['start: 2026-03-06 to 2026-03-08', 'end: 2026-03-06 to 2026-03-08', 'today: 2026-03-06 to 2026-03-08', '_submission_time: 2026-03-06 to 2026-03-08'],
  segments: 12,
};

const SURVEYS: SurveyCase[] = [
  SURVEYMONKEY,
  // SurveyMonkey's Excel export has the same two header rows as its CSV: the same reading.
  { ...SURVEYMONKEY, file: 'surveymonkey.xlsx' },
  {
    file: 'google-forms.csv',
    platform: 'google-forms',
    exportedFrom: 'Google Forms',
    headings: [
      'In your own words, what makes it hard for you to go online at home?',
      'What is one thing the municipality should do first to close the gap between girls and boys in digital skills?',
      'Anything else you would like to tell us?',
    ],
    idColumn: null,
    firstIds: ['R1', 'R2'],
    attributes: ['Which municipality do you live in?', 'How old are you?'],
    dates: ['Timestamp: 2026-03-04 to 2026-03-12'],
    // 18 answers, one a non-answer ("Thank you for asking young people."): counted, listed, not a segment.
    segments: 17,
  },
  {
    file: 'microsoft-forms.xlsx',
    platform: 'microsoft-forms',
    exportedFrom: 'Microsoft Forms',
    headings: ['What digital skills do the people in your organisation most need?', 'Describe a time when poor connectivity stopped your work.'],
    idColumn: 'ID',
    firstIds: ['1', '2'],
    attributes: ['Which sector do you work in?', 'How reliable is the internet connection at your workplace?'],
    dates: ['Start time: 2026-03-05 to 2026-03-11', 'Completion time: 2026-03-05 to 2026-03-11'],
    segments: 14,
  },
  KOBO,
  {
    ...KOBO,
    file: 'kobo.xlsx',
    // The XLSForm "survey" sheet beside the answers gives each field's label.
    headings: ['What makes it difficult for you or your family to use the internet?', 'What support would help you most to use digital services?'],
    attributeNames: ['Which municipality do you live in?', 'What is your gender?'],
  },
  {
    ...KOBO,
    // Kobo's "Labels" headers: group label and question text joined by "/", the underscore fields under their names.
    file: 'kobo-labels.csv',
    headings: ['What makes it difficult for you or your family to use the internet?', 'What support would help you most to use digital services?'],
    firstIds: ['b7e0c9a2-41d3-4f6e-8a15-2c9d7e3f0a11', '0f4a6d2e-93b1-4c7a-b2e8-7d5f1a6c3b22'],
    attributes: ['Respondent/Which municipality do you live in?', 'Respondent/Gender'],
    attributeNames: ['Which municipality do you live in?', 'Gender'],
    dates: ['start', 'end', 'today', '_submission_time'].map((column) => `${column}: 2026-03-10 to 2026-03-12`),
  },
  {
    file: 'codebook.xlsx',
    platform: 'codebook',
    exportedFrom: 'a workbook with a codebook sheet',
    headings: ['What stops the girls in your household from learning digital skills?', 'What would help them most?'],
    idColumn: 'resp_id',
    firstIds: ['HH-014', 'HH-022'],
    attributes: ['region'],
    attributeNames: ['Region of the household'],
    dates: ['submitted_at: 2026-04-02 to 2026-04-05'],
    segments: 12,
  },
];

describe('survey-platform exports', () => {
  for (const c of SURVEYS) {
    it(`${c.file}: ${c.exportedFrom}, question texts as headings, ids, attributes without dates`, async () => {
      const { doc, info, segments, attributeKeys, ids } = await analyse(c.file);
      expect(doc.kind).to.equal('survey');
      if (doc.kind !== 'survey') return;
      expect(doc.source?.platform).to.equal(c.platform);
      expect(info.metadata.exported_from).to.deep.equal([c.exportedFrom]);
      expect(info.sections).to.deep.equal(c.headings);
      expect(info.survey!.questions.map((q) => q.question)).to.deep.equal(c.headings);
      expect(info.survey!.mapping.idColumn).to.equal(c.idColumn);
      expect(ids.slice(0, 2)).to.deep.equal(c.firstIds);
      expect(info.survey!.mapping.attributeColumns).to.deep.equal(c.attributes);
      // Segments name an attribute by its question where the export gives one.
      expect(attributeKeys, 'attribute names').to.have.members(c.attributeNames ?? c.attributes);
      // Dates and times are never attributes: their span is listed as the document's metadata.
      for (const column of info.survey!.mapping.dateColumns ?? []) expect(attributeKeys).not.to.include(column);
      expect(info.metadata.dates).to.deep.equal(c.dates);
      expect(segments).to.have.length(c.segments);
      for (const s of segments) {
        expect(c.headings).to.include(s.section);
        // Each answer is the cell it came from, exactly.
        const record = doc.records.find((r) => r.line === s.provenance.line)!;
        expect(record.cells[doc.headers.indexOf(s.provenance.column!)]!.slice(s.provenance.start, s.provenance.end)).to.equal(s.text);
      }
    });
  }

  it('SurveyMonkey: the sub-answer row is a header, not an answer, and the platform columns are not used', async () => {
    const { doc, info, segments } = await analyse('surveymonkey.csv');
    if (doc.kind !== 'survey') throw new Error('not a survey');
    expect(doc.records[0]!.line).to.equal(3);
    expect(segments.some((s) => s.text === 'Open-Ended Response' || s.text === 'Response')).to.equal(false);
    const used = [...info.survey!.mapping.textColumns, ...info.survey!.mapping.attributeColumns];
    for (const column of ['Collector ID', 'IP Address', 'Start Date', 'End Date']) expect(used).not.to.include(column);
    // A non-answer ("Don't know") is counted, not themed.
    expect(info.survey!.questions[0]!.nonAnswer).to.equal(1);
    // The open "Other" of a choice question is an answer under that question.
    expect(segments.find((s) => s.text === 'A tablet we share in the family')?.section).to.equal('Which devices do you use? (select all that apply)');
  });

  it('Kobo: the semicolon-separated CSV keeps its group paths as columns and reads underscore fields as platform metadata', async () => {
    const { doc } = await analyse('kobo.csv');
    if (doc.kind !== 'survey') throw new Error('not a survey');
    expect(doc.headers).to.include('group_cd34/q_barriers');
    expect(doc.source!.metadataColumns).to.include.members(['_id', '_submission_time', '_index', 'start', 'end', 'deviceid']);
    expect(doc.source!.metadataColumns).not.to.include('_uuid');
  });

  it('SurveyMonkey: a "select all that apply" block is one multi-choice question; its "Other" column stays an answer', async () => {
    const { doc, info, segments } = await analyse('surveymonkey.csv');
    if (doc.kind !== 'survey') throw new Error('not a survey');
    const devices = 'Which devices do you use? (select all that apply)';
    expect(doc.source!.choiceQuestions).to.deep.equal([
      {
        question: devices,
        options: [
          { column: `${devices} - Smartphone`, option: 'Smartphone' },
          { column: `${devices} - Laptop or computer`, option: 'Laptop or computer' },
        ],
        summaryColumn: null,
      },
    ]);
    const used = [...info.survey!.mapping.textColumns, ...info.survey!.mapping.attributeColumns];
    expect(used).not.to.include(`${devices} - Smartphone`);
    expect(info.survey!.mapping.textColumns).to.include(`${devices} - Other (please specify)`);
    // Each answer carries what its respondent ticked; a respondent who ticked nothing has no choices.
    const byRespondent = new Map(segments.map((s) => [s.respondentId, s.choices ? { ...s.choices } : null]));
    expect(byRespondent.get('114238765401')).to.deep.equal({ [devices]: ['Smartphone'] });
    const both = [...byRespondent.values()].filter((c) => c?.[devices]?.length === 2);
    expect(both.length).to.be.above(0);
    for (const s of segments) if (s.choices) expect(Object.keys(s.choices)).to.deep.equal([devices]);
  });

  it('Kobo "Labels" headers: the question text without its group label, the tick-box columns one multi-choice question', async () => {
    const { doc, segments } = await analyse('kobo-labels.csv');
    if (doc.kind !== 'survey') throw new Error('not a survey');
    const devices = 'Internet use/Which devices do you use at home?';
    expect(doc.source!.questions[devices]).to.equal('Which devices do you use at home?');
    // An option column asks no question of its own.
    expect(Object.hasOwn(doc.source!.questions, `${devices}/Tablet`)).to.equal(false);
    // An option's label may hold the separator itself: "Laptop/computer" is one option.
    expect(doc.source!.choiceQuestions).to.deep.equal([
      {
        question: 'Which devices do you use at home?',
        options: ['Smartphone', 'Laptop/computer', 'Tablet'].map((option) => ({ column: `${devices}/${option}`, option })),
        summaryColumn: devices,
      },
    ]);
    expect(doc.source!.metadataColumns).to.include.members(['_id', '_submission_time', '_index', '__version__', 'deviceid']);
    const second = segments.find((s) => s.respondentId === '0f4a6d2e-93b1-4c7a-b2e8-7d5f1a6c3b22')!;
    expect({ ...second.choices }).to.deep.equal({ 'Which devices do you use at home?': ['Smartphone', 'Laptop/computer'] });
  });

  it('Kobo field names with select_multiple columns, and a group separator other than "/"', () => {
    const meta = ['_id', '_uuid', '_submission_time', '_index'];
    const names = ['grp_home/q_devices', 'grp_home/q_devices/smartphone', 'grp_home/q_devices/tablet', 'grp_home/q_barriers', ...meta];
    const rows = [
      { line: 2, cells: ['smartphone tablet', '1', '1', 'No signal', '1', 'u1', '2026-03-01', '1'] },
      { line: 3, cells: ['smartphone', '1', '0', 'Too expensive', '2', 'u2', '2026-03-01', '2'] },
    ];
    const source = recogniseSurvey(names)!;
    expect(source.questions['grp_home/q_barriers']).to.equal('q_barriers');
    expect(findChoiceQuestions(source, names, rows)).to.deep.equal([
      { question: 'q_devices', options: [{ column: 'grp_home/q_devices/smartphone', option: 'smartphone' }, { column: 'grp_home/q_devices/tablet', option: 'tablet' }], summaryColumn: 'grp_home/q_devices' },
    ]);
    // Labels joined by "|" (the export's own group separator): the group label goes, a "/" inside a question stays.
    const piped = recogniseSurvey(['Household|Where do you live?', 'Household|Do you use a laptop/computer?', 'Barriers|What stops you?', ...meta])!;
    expect({ ...piped.questions }).to.deep.equal({ 'Household|Where do you live?': 'Where do you live?', 'Household|Do you use a laptop/computer?': 'Do you use a laptop/computer?', 'Barriers|What stops you?': 'What stops you?' });
    // With "/", a label's own "/" cannot be told from a group's: only a group label two columns share is dropped.
    const slashed = recogniseSurvey(['Household/Where do you live?', 'Household/Do you use a laptop/computer?', 'Barriers/What stops you?', ...meta])!;
    expect(Object.values(slashed.questions)).to.deep.equal(['Where do you live?', 'Do you use a laptop/computer?', 'Barriers/What stops you?']);
    // Columns of 1 and 0 that are not under a question's column are not options; nor is a column of words.
    expect(findChoiceQuestions(source, names, rows.map((r) => ({ ...r, cells: r.cells.map((c, i) => (i === 1 ? 'yes, daily' : c)) })))[0]!.options).to.have.length(1);
  });

  it('a question heading set by the facilitator wins over the export\'s question text', async () => {
    const doc = await read('surveymonkey.csv');
    const texts = dict<string>();
    texts['What stops you from using the internet more often?'] = 'Barriers to going online';
    const { info, segments } = segmentDocument(doc, 'd1', { nonAnswers: resources.nonAnswers, vocabulary: resources.notesVocabulary, questionTexts: texts });
    expect(info.sections[0]).to.equal('Barriers to going online');
    expect(segments[0]!.section).to.equal('Barriers to going online');
    expect(segments[0]!.provenance.column).to.equal('What stops you from using the internet more often?');
  });

  it('Google Forms in another interface language: its timestamp column is still recognised', () => {
    const source = recogniseSurvey(['Marca temporal', '¿Qué te impide usar internet en casa?', 'Dirección de correo']);
    expect(source?.platform).to.equal('google-forms');
    expect(source?.metadataColumns).to.deep.equal(['Marca temporal']);
    expect(recogniseSurvey(['Timestamp of the visit', 'What stops you from using the internet at home?'])).to.equal(undefined);
  });

  it('an ordinary table is no platform, and a SurveyMonkey-like first row without the sub-answer row is not folded', () => {
    expect(recogniseSurvey(['respondent_id', 'country', 'What should be done first?'])).to.equal(undefined);
    expect(foldSurveyMonkeyHeader([{ line: 1, cells: ['Respondent ID', 'Collector ID', 'Q1'] }, { line: 2, cells: ['1', '2', 'An answer'] }])).to.equal(null);
  });

  it('a codebook sheet needs a name column and a text column', () => {
    expect(readCodebook('Codebook', [{ line: 1, cells: ['variable', 'question'] }, { line: 2, cells: ['q1', 'What is hard?'] }])?.entries.get('q1')).to.equal('What is hard?');
    expect(readCodebook('Codebook', [{ line: 1, cells: ['variable', 'notes'] }, { line: 2, cells: ['q1', 'x'] }])).to.equal(null);
    expect(readCodebook('Answers', [{ line: 1, cells: ['variable', 'question'] }, { line: 2, cells: ['q1', 'What is hard?'] }])).to.equal(null);
  });

  it('dates: day or month first decided over the column, time zones and AM/PM read', () => {
    expect(dayKeys(['03/04/2026 10:15:32 AM', '12/31/2025'])).to.deep.equal(['2026-03-04', '2025-12-31']);
    expect(dayKeys(['03/04/2026', '25/04/2026'])).to.deep.equal(['2026-04-03', '2026-04-25']);
    expect(dayKeys(['2026/03/04 10:15:32 AM GMT+1', '2026-03-06T10:02:11.123+01:00', 'soon'])).to.deep.equal(['2026-03-04', '2026-03-06', null]);
    expect(dayRange(['', 'n/a'])).to.equal(null);
  });
});

describe('whiteboard exports', () => {
  it('miro-board.csv: each sticky a segment, its frame the group and section; shapes and frames left out', async () => {
    const { doc, info, segments } = await analyse('miro-board.csv');
    expect(doc.kind).to.equal('notes');
    if (doc.kind !== 'notes') return;
    expect(doc.board?.platform).to.equal('miro');
    expect(doc.board?.clusteredBy).to.equal('frame');
    expect(info.metadata.exported_from).to.deep.equal(['Miro board']);
    expect(segments).to.have.length(11);
    expect(segments.map((s) => s.text)).not.to.include('Vote here');
    expect(segments.map((s) => s.text)).not.to.include('Group A: Rural schools');
    expect(info.sections).to.deep.equal(['Group A: Rural schools', 'Group B: Women and work', 'yellow stickies outside any frame']);
    const hill = segments.find((s) => s.text.startsWith('Pupils walk'))!;
    // A sticky's own line break is one space: one sticky, one segment.
    expect(hill.text).to.equal('Pupils walk to the hill to get a mobile signal');
    expect(hill.section).to.equal('Group A: Rural schools');
    expect({ ...hill.attributes }).to.deep.equal({ document: 'miro-board.csv', group: 'Group A: Rural schools', colour: 'light_blue', tags: 'connectivity', author: 'Participant 8' });
    expect(segments.filter((s) => s.attributes.group === 'Group B: Women and work')).to.have.length(5);
    // Every segment is a slice of the notes text; the title and the headings are accounted for.
    for (const s of segments) expect(info.text!.slice(s.provenance.start, s.provenance.end)).to.equal(s.text);
    // Each sticky stays on its line of the export ("Pupils walk..." is the record on lines 7-8), the title on line 1.
    expect(hill.provenance.line).to.equal(7);
    expect(info.text!.split('\n')[6]).to.equal('- Pupils walk to the hill to get a mobile signal');
    expect(info.notAnalysed.map((l) => l.reason)).to.deep.equal(['title']);
  });

  it('mural-board.csv: areas are the groups, colours and tags kept', async () => {
    const { doc, info, segments } = await analyse('mural-board.csv');
    if (doc.kind !== 'notes') throw new Error('not notes');
    expect(doc.board?.platform).to.equal('mural');
    expect(doc.board?.clusteredBy).to.equal('area');
    expect(info.sections).to.deep.equal(['Barriers', 'What already works', 'Ideas for the municipality']);
    expect(segments).to.have.length(10);
    expect(segments.filter((s) => s.section === 'Barriers').map((s) => s.attributes.tags)).to.deep.equal(['trust', 'trust', 'cost', 'connectivity']);
    expect(segments.at(-1)!.attributes.colour).to.equal('#90CAF9');
    // Mural's "Created by" column is each sticky's author attribute (a facilitator can filter by it).
    expect(segments.map((s) => s.attributes.author)).to.deep.equal([
      'Ana Petrović', 'Ilir Hoxha', 'Ana Petrović', 'Marija Stojanova', 'Ilir Hoxha', 'Besa Krasniqi', 'Marija Stojanova', 'Ana Petrović', 'Besa Krasniqi', 'Ilir Hoxha',
    ]);
  });

  it('a board\'s JSON (Miro\'s items, Mural\'s widgets): stickies under their frame or area, HTML and other items left out', async () => {
    const miro = await analyse('miro-board.json');
    if (miro.doc.kind !== 'notes') throw new Error('not notes');
    expect(miro.doc.format).to.equal('json');
    expect(miro.doc.board?.platform).to.equal('miro');
    expect(miro.info.sections).to.deep.equal(['Group C: Libraries and help desks', 'Group D: Safety online']);
    expect(miro.segments.map((s) => s.text)).to.include.members(['Librarians would run e-government help hours if someone trained them', 'Girls get insulting messages when they post photos & stop posting']);
    expect(miro.segments.map((s) => s.text)).not.to.include('Vote with dots');
    expect(miro.segments.map((s) => s.attributes.tags ?? '')).to.deep.equal(['access', '', '', 'safety', 'safety']);
    const mural = await analyse('mural-board.json');
    if (mural.doc.kind !== 'notes') throw new Error('not notes');
    expect(mural.doc.board?.platform).to.equal('mural');
    expect(mural.doc.board?.clusteredBy).to.equal('area');
    expect(mural.info.sections).to.deep.equal(['Who is left out', 'What would help', '#9EDCFAFF stickies outside any area']);
    expect(mural.segments).to.have.length(5);
    // Mural's widgets name who created them; Miro's items give only a user id, which names nobody.
    expect(mural.segments.map((s) => s.attributes.author ?? null)).to.deep.equal(['Dragana Nikolić', null, null, null, null]);
    expect(miro.segments.filter((s) => s.attributes.author !== undefined)).to.deep.equal([]);
  });

  it('a folder given to the CLI: board JSON read, other JSON (an earlier synthesis) skipped', async () => {
    const { files } = await expandInputs([DIR, path.join(DIR, '../../golden')]);
    const names = files.map((f) => path.basename(f));
    expect(names).to.include.members(['miro-board.json', 'mural-board.json', 'surveymonkey.csv', 'kobo.xlsx']);
    expect(names).not.to.include('sample-synthesis.json');
  });

  it('JSON that is not a board is refused with the reason', async () => {
    for (const [text, reason] of [
      ['{"data": [{"type": "shape"}]}', 'this JSON is not a whiteboard export'],
      ['{"name": "x"}', 'this JSON is not a whiteboard export'],
      ['{not json', 'the JSON could not be read'],
    ] as const) {
      let error: unknown;
      try {
        await ingestFile('export.json', new TextEncoder().encode(text));
      } catch (err) {
        error = err;
      }
      expect((error as AppError).code).to.equal('MALFORMED_FILE');
      expect((error as AppError).message).to.contain(`export.json: ${reason}`);
    }
  });

  it('a board without frames or areas is grouped by sticky colour; a survey with a text column is not a board', () => {
    const table = (headers: string[], rows: string[][]) => ({ kind: 'survey' as const, name: 'board.csv', format: 'csv' as const, sheet: null, headers, records: rows.map((cells, i) => ({ line: i + 2, cells })) });
    const notes = boardFromTable(table(['Text', 'Color', 'Tags'], [['Buses stop at six', 'pink', ''], ['Free Wi-Fi in the park', 'green', 'idea'], ['No ramp at the library', 'pink', '']]));
    expect(notes?.board?.clusteredBy).to.equal('colour');
    expect(notes?.board?.stickies.map((s) => s.cluster)).to.deep.equal(['pink stickies', 'green stickies', 'pink stickies']);
    expect(boardFromTable(table(['respondent', 'text', 'group'], [['1', 'We need buses', 'A']]))).to.equal(null);
    // A board's "column" (a lane on the board) groups its stickies as an area does.
    const lanes = boardFromTable(table(['board', 'column', 'colour', 'text'], [['Safe online', 'What stops us', 'yellow', 'Police ignore threats'], ['Safe online', 'Ideas', 'green', 'A reporting app']]));
    expect(lanes?.board?.stickies.map((s) => s.cluster)).to.deep.equal(['What stops us', 'Ideas']);
  });

  it('a board exported without colours is told by its votes or frames: its lanes are the sections, not the note column', () => {
    const table = (headers: string[], rows: string[][]) => ({ kind: 'survey' as const, name: 'board.csv', format: 'csv' as const, sheet: null, headers, records: rows.map((cells, i) => ({ line: i + 2, cells })) });
    const voted = boardFromTable(table(['Column', 'Note', 'Votes', 'Author'], [['What works', 'heating subsidy for pensioners', '+4', ''], ["What doesn't work", 'heating bills too high', '', 'A.']]));
    expect(voted?.board?.stickies.map((s) => s.cluster)).to.deep.equal(['What works', "What doesn't work"]);
    const framed = boardFromTable(table(['sticky_id', 'frame', 'author', 'note'], [['st-1', 'Ideas', 'x', 'A school bus from the settlements']]));
    expect(framed?.board?.clusteredBy).to.equal('frame');
    // Neither colours, votes nor frames: a survey table with a group column stays a survey.
    expect(boardFromTable(table(['id', 'section', 'text'], [['1', 'A', 'We need buses'], ['2', 'B', 'More ramps']]))).to.equal(null);
  });
});

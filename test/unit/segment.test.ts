// Tests for the segment stage on notes: structure -> sections, verbatim segments, metadata, attendees, skipped lines; and the seeds.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentInfo, segment as segmentSchema } from '../../src/model/index.ts';
import type { DocumentInfo, Segment } from '../../src/model/index.ts';
import { parseAttendee, segmentDocument, splitSentences, type SegmentOptions } from '../../src/pipeline/segment/index.ts';
import { parseNotesVocabulary } from '../../src/corpus.ts';

const SEEDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/seeds');
/** The shipped corpus/notes-vocabulary.json: the segmenter is tested with the words it ships with. */
const VOCABULARY = parseNotesVocabulary(
  JSON.parse(readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../corpus/notes-vocabulary.json'), 'utf8')),
  'notes-vocabulary.json',
);

function notes(text: string, options: Partial<SegmentOptions> = {}, name = 'notes.md'): { info: DocumentInfo; segments: Segment[] } {
  const out = segmentDocument({ kind: 'notes', name, format: 'md', text }, 'd1', { nonAnswers: [], vocabulary: VOCABULARY, ...options });
  // Everything the stage returns must satisfy the model.
  documentInfo.parse(out.info);
  for (const s of out.segments) segmentSchema.parse(s);
  return out;
}

const pairs = (segments: Segment[]): Array<[string | null, string]> => segments.map((s) => [s.section, s.text]);

describe('segment: notes structure', () => {
  const cases: Array<{ name: string; text: string; title: string | null; expected: Array<[string | null, string]> }> = [
    {
      name: 'ATX, label, bold, ALL-CAPS and setext headings become sections',
      text: [
        '# Workshop notes',
        '',
        '## Obstacles',
        '- cost of data',
        '- no coverage in the hills',
        '',
        'Key challenges and priorities:',
        '',
        '- trainers are scarce',
        '',
        '**Who should act**',
        '',
        '- municipalities',
        '',
        'OPPORTUNITIES',
        '',
        '- libraries can host sessions',
        '',
        'Next steps',
        '==========',
        '',
        '- follow-up meeting in June',
      ].join('\n'),
      title: 'Workshop notes',
      expected: [
        ['Obstacles', 'cost of data'],
        ['Obstacles', 'no coverage in the hills'],
        ['Key challenges and priorities', 'trainers are scarce'],
        ['Who should act', 'municipalities'],
        ['OPPORTUNITIES', 'libraries can host sessions'],
        ['Next steps', 'follow-up meeting in June'],
      ],
    },
    {
      name: 'numbered questions are sections; other numbered items are segments',
      text: [
        '# Breakout B',
        '',
        '1. What are the main obstacles?',
        '',
        '- cost of devices',
        '- distance to the training centre',
        '',
        '2. Who should be involved?',
        '',
        '1) the municipality',
        '2) schools and teachers',
        'a) parents',
      ].join('\n'),
      title: 'Breakout B',
      expected: [
        ['What are the main obstacles?', 'cost of devices'],
        ['What are the main obstacles?', 'distance to the training centre'],
        ['Who should be involved?', 'the municipality'],
        ['Who should be involved?', 'schools and teachers'],
        ['Who should be involved?', 'parents'],
      ],
    },
    {
      name: 'every bullet marker is stripped, including a check mark after a dash',
      text: ['# Notes', '', '- dash', '* star', '• dot', '✓ tick', '√ root', '– en dash', '+ plus', '- ✓ dash and tick'].join('\n'),
      title: 'Notes',
      expected: [
        [null, 'dash'],
        [null, 'star'],
        [null, 'dot'],
        [null, 'tick'],
        [null, 'root'],
        [null, 'en dash'],
        [null, 'plus'],
        [null, 'dash and tick'],
      ],
    },
    {
      name: 'a wrapped bullet is one segment spanning its lines (indented, or after a blank line in lower case)',
      text: [
        '# Notes',
        '',
        '- This meeting is one of a series held by UN',
        ' Women to gather views from the region',
        '- ✓ Create entry points for women to enter STEM professions',
        '',
        ' that can help reduce stereotypes',
        '- Media campaigns.',
        '(translation: a note in brackets)',
      ].join('\n'),
      title: 'Notes',
      expected: [
        [null, 'This meeting is one of a series held by UN\n Women to gather views from the region'],
        [null, 'Create entry points for women to enter STEM professions\n\n that can help reduce stereotypes'],
        [null, 'Media campaigns.'],
        [null, '(translation: a note in brackets)'],
      ],
    },
    {
      name: 'a short line is a heading over substantial content, but a run of short lines is content',
      text: [
        '# Board notes',
        '',
        'Annex One: Whiteboard',
        '',
        'Digital divide',
        '',
        'Refers to the gap between women and men in access to devices and skills.',
        '',
        'Donors needed',
        '',
        'More training',
        '',
        'Equipment now.',
      ].join('\n'),
      title: 'Board notes',
      expected: [
        ['Digital divide', 'Refers to the gap between women and men in access to devices and skills.'],
        ['Digital divide', 'Donors needed'],
        ['Digital divide', 'More training'],
        ['Digital divide', 'Equipment now.'],
      ],
    },
    {
      name: 'a hard-wrapped paragraph is joined; a lower-case line after a blank continues it',
      text: ['# Notes', '', 'The group agreed that cost comes first and that', 'coverage is the second problem.', '', 'Women need devices that are', '', 'cheap to run.'].join('\n'),
      title: 'Notes',
      expected: [
        [null, 'The group agreed that cost comes first and that\ncoverage is the second problem.'],
        [null, 'Women need devices that are\n\ncheap to run.'],
      ],
    },
    {
      name: 'a label scopes the list after it; the paragraph after the list returns to the heading before',
      text: ['## Findings', '', 'The following were named:', '', '- cost', '- coverage', '', 'Everyone agreed on these points after a long talk.'].join('\n'),
      title: 'Findings',
      expected: [
        ['The following were named', 'cost'],
        ['The following were named', 'coverage'],
        [null, 'Everyone agreed on these points after a long talk.'],
      ],
    },
    {
      name: 'block-quoted prompts: a question is a section, a plain quote is content without its marker',
      text: [
        '# Record',
        '',
        '## Results',
        '',
        '> What is the specific learning intent of the activity?',
        '',
        'To learn whether invite-only events help women speak openly.',
        '',
        '> Need for networking by organisations strong on digitalisation - especially regionally',
      ].join('\n'),
      title: 'Record',
      expected: [
        ['What is the specific learning intent of the activity?', 'To learn whether invite-only events help women speak openly.'],
        ['What is the specific learning intent of the activity?', 'Need for networking by organisations strong on digitalisation - especially regionally'],
      ],
    },
    {
      name: 'bold-only content lines lose their markers; a Markdown table row loses its pipes',
      text: ['# Data', '', '**14,000 participants took part in the last edition.**', '', '| Cost of data | high |'].join('\n'),
      title: 'Data',
      expected: [
        [null, '14,000 participants took part in the last edition.'],
        [null, 'Cost of data | high'],
      ],
    },
    {
      name: 'under a heading that asks for a title or description, a bold line is the answer (content); elsewhere a bold line heads',
      text: ['# Ideas', '', '#### Title + Description of idea', '**LLM to simulate breaking bad news**', '', '#### Problem it solves', '- Students rarely practise it', '', '#### Title + Description of idea', '', '1. **Summarise discharge information**', '2. **Surface SOPs in the EHR**', '', '#### Pains', '**Time**', '- too long to find SOPs'].join('\n'),
      title: 'Ideas',
      expected: [
        ['Title + Description of idea', 'LLM to simulate breaking bad news'],
        ['Problem it solves', 'Students rarely practise it'],
        ['Title + Description of idea', 'Summarise discharge information'],
        ['Title + Description of idea', 'Surface SOPs in the EHR'],
        ['Time', 'too long to find SOPs'],
      ],
    },
    {
      name: 'a point that ends quoting an example question is content; a question of its own heads what follows',
      text: ['# Ideas', '', '## Group 1', 'Patient information tailored to language and reading level with a question and answer part, like “What happens next?”', '', 'What would make you use it?', '- a shorter form'].join('\n'),
      title: 'Ideas',
      expected: [
        ['Group 1', 'Patient information tailored to language and reading level with a question and answer part, like “What happens next?”'],
        ['What would make you use it?', 'a shorter form'],
      ],
    },
    {
      name: "a numbered table's index cell is left out of its rows (a number in the text would read as a result)",
      text: ['# Commitments', '', '| # | Commitment | Who |', '|---|---|---|', '| 5 | Transport allowance for rural participants | Ministry |', '| 6. | Childcare allowance | ESA |', '| 120 young people | registered | 2024 |'].join('\n'),
      title: 'Commitments',
      expected: [
        [null, '# | Commitment | Who'],
        [null, 'Transport allowance for rural participants | Ministry'],
        [null, 'Childcare allowance | ESA'],
        [null, '120 young people | registered | 2024'],
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { info, segments } = notes(c.text);
      expect(info.title).to.equal(c.title);
      expect(pairs(segments)).to.deep.equal(c.expected);
    });
  }

  it('records sections in order, once each', () => {
    const { info } = notes('# T\n\n## A\n- x one\n\n## B\n- y two\n\n## A\n- z three');
    expect(info.sections).to.deep.equal(['A', 'B']);
  });

  it('gives ids, lines, offsets and attributes for each segment', () => {
    const text = '# Notes\n\n## Obstacles\n\n- cost of data\n-   no signal  \n';
    const { segments } = notes(text);
    expect(segments.map((s) => [s.id, s.kind, s.provenance.line, s.provenance.start, s.provenance.end, s.provenance.column, s.respondentId])).to.deep.equal([
      ['d1-0001', 'note', 5, 25, 37, null, null],
      ['d1-0002', 'note', 6, 42, 51, null, null],
    ]);
    expect(segments[1]!.text).to.equal('no signal');
    expect(segments[0]!.attributes).to.deep.equal({ document: 'notes.md' });
    expect(segments[0]!.provenance.document).to.equal('notes.md');
  });

  it('handles CRLF line endings', () => {
    const text = '# Notes\r\n\r\n## Obstacles\r\n- cost of data\r\n- no signal\r\n';
    const { segments } = notes(text);
    expect(pairs(segments)).to.deep.equal([
      ['Obstacles', 'cost of data'],
      ['Obstacles', 'no signal'],
    ]);
    expect(segments.map((s) => s.provenance.line)).to.deep.equal([4, 5]);
  });
});

describe('segment: sentences', () => {
  const cases: Array<[string, string[]]> = [
    ['Costs are high for families, e.g. data and devices. Coverage is poor in the hills.', ['Costs are high for families, e.g. data and devices.', 'Coverage is poor in the hills.']],
    ['Mr. Petrović spoke first about the roads. Then Dr. Kovač answered the question.', ['Mr. Petrović spoke first about the roads.', 'Then Dr. Kovač answered the question.']],
    ['Growth was 3.5 percent last year overall. Kudzai M. Mubaiwa led the first session.', ['Growth was 3.5 percent last year overall.', 'Kudzai M. Mubaiwa led the first session.']],
    ['They need devices, laptops, tablets etc. Training was also named by many.', ['They need devices, laptops, tablets etc. Training was also named by many.']],
    ['Use them. Use them even if you repeat them until they stick.', ['Use them. Use them even if you repeat them until they stick.']],
    ['Is it safe for girls to post photos? Nobody in the room was sure of that! Reports are rarely followed up.', ['Is it safe for girls to post photos?', 'Nobody in the room was sure of that!', 'Reports are rarely followed up.']],
    ['The U.S. model was discussed at length. "Local first" was the reply from the group.', ['The U.S. model was discussed at length.', '"Local first" was the reply from the group.']],
  ];
  for (const [input, expected] of cases) {
    it(`splits ${JSON.stringify(input.slice(0, 40))}...`, () => {
      expect(splitSentences(input, VOCABULARY.abbreviations).map(([s, e]) => input.slice(s, e))).to.deep.equal(expected);
    });
  }

  it('splits only paragraphs longer than maxSentenceChars, keeping offsets verbatim', () => {
    const para = 'Costs are high for families, e.g. data and devices. Coverage is poor in the hills.';
    const text = `# Notes\n\n${para}\n\n- A bullet is never split. Even when it is long enough.`;
    const long = notes(text, { maxSentenceChars: 40 });
    expect(long.segments.map((s) => s.text)).to.deep.equal([
      'Costs are high for families, e.g. data and devices.',
      'Coverage is poor in the hills.',
      'A bullet is never split. Even when it is long enough.',
    ]);
    expect(long.segments[1]!.provenance.start).to.equal(text.indexOf('Coverage'));
    expect(notes(text).segments.map((s) => s.text)[0]).to.equal(para);
  });
});

describe('segment: metadata, attendees and skipped lines', () => {
  it('reads header lines and [[key:value]] tags as metadata, and the group as an attribute', () => {
    const text = [
      '# Notes',
      'Date: 12 March 2026',
      '**Facilitator:** Ana Petrova',
      '**Venue**: Town hall',
      'Rapporteur - Ilir Hoxha',
      '[[country:Albania]] [[country:Kosovo]]',
      'Breakout group: C',
      '',
      '## Obstacles',
      '- roads are closed in winter [[topic:transport]]',
      '- buses [[topic:transport]] run twice a day',
    ].join('\n');
    const { info, segments } = notes(text);
    expect(info.metadata).to.deep.equal({
      date: ['12 March 2026'],
      facilitator: ['Ana Petrova'],
      venue: ['Town hall'],
      rapporteur: ['Ilir Hoxha'],
      country: ['Albania', 'Kosovo'],
      topic: ['transport', 'transport'],
      'breakout group': ['C'],
    });
    expect(segments.map((s) => s.text)).to.deep.equal(['roads are closed in winter', 'buses', 'run twice a day']);
    expect(segments[0]!.attributes).to.deep.equal({ document: 'notes.md', group: 'C' });
  });

  it('does not read content with an unknown key as metadata', () => {
    const { info, segments } = notes('# Notes\n\nTime constraints: the depth of discussion meant some topics were dropped.');
    expect(info.metadata).to.deep.equal({});
    expect(segments.map((s) => s.text)).to.deep.equal(['Time constraints: the depth of discussion meant some topics were dropped.']);
  });

  it('reads attendees in the three forms, with distinct organisations, and keeps them out of segments', () => {
    const text = [
      '# Notes',
      '',
      '## Attendees',
      '- Ana Petrova, Women’s Centre Vratsa',
      '- Ilir Hoxha – Open Data Albania',
      '- Marta Kovač (Ministry of Education)',
      '- Jelena Ilić, Ministry of Education (observer)',
      '',
      '## Discussion',
      '- Schools should open their computer rooms.',
    ].join('\n');
    const { info, segments } = notes(text);
    expect(info.attendees).to.deep.equal([
      { name: 'Ana Petrova', organisation: 'Women’s Centre Vratsa', line: 4 },
      { name: 'Ilir Hoxha', organisation: 'Open Data Albania', line: 5 },
      { name: 'Marta Kovač', organisation: 'Ministry of Education', line: 6 },
      { name: 'Jelena Ilić', organisation: 'Ministry of Education', line: 7 },
    ]);
    expect(info.organisations).to.deep.equal(['Women’s Centre Vratsa', 'Open Data Albania', 'Ministry of Education']);
    expect(pairs(segments)).to.deep.equal([['Discussion', 'Schools should open their computer rooms.']]);
  });

  it('reads plain-line attendees under a "Participants:" label until the list ends', () => {
    const text = ['# Notes', '', 'Participants:', 'Ana Petrova, UNDP', 'Ilir Hoxha, UNICEF', '', 'The meeting opened with a round of introductions from everyone.'].join('\n');
    const { info, segments } = notes(text);
    expect(info.attendees.map((a) => [a.name, a.organisation, a.line])).to.deep.equal([
      ['Ana Petrova', 'UNDP', 4],
      ['Ilir Hoxha', 'UNICEF', 5],
    ]);
    expect(pairs(segments)).to.deep.equal([[null, 'The meeting opened with a round of introductions from everyone.']]);
  });

  it('attendee headings come from corpus/notes-vocabulary.json: a heading added there is read as one, one removed is not', () => {
    const text = ['# Notes', '', 'Who came:', 'Ana Petrova, UNDP', 'Ilir Hoxha, UNICEF', '', 'The meeting opened with a round of introductions from everyone.'].join('\n');
    expect(notes(text).info.attendees).to.deep.equal([]);
    const shipped = JSON.parse(readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../corpus/notes-vocabulary.json'), 'utf8')) as { attendeeHeadings: string[] };
    const withWhoCame = parseNotesVocabulary({ ...shipped, attendeeHeadings: [...shipped.attendeeHeadings, 'Who came'] }, 'custom.json');
    expect(notes(text, { vocabulary: withWhoCame }).info.attendees.map((a) => a.name)).to.deep.equal(['Ana Petrova', 'Ilir Hoxha']);
    const participants = text.replace('Who came:', 'Participants:');
    const without = parseNotesVocabulary({ ...shipped, attendeeHeadings: shipped.attendeeHeadings.filter((h) => h !== 'participants') }, 'custom.json');
    expect(notes(participants).info.attendees).to.have.length(2);
    expect(notes(participants, { vocabulary: without }).info.attendees).to.deep.equal([]);
  });

  it('reads an attendee table exported line by line: headers, sub-headings, organisations on their own lines, empty cells', () => {
    const text = [
      '# Listening session',
      '',
      'The facilitator thanked everyone for coming and closed the session.',
      '',
      'Full Attendee List:',
      'Online:',
      'First and Last Name',
      'Organization',
      'Mirela Dukic',
      'Municipality of Lakeview',
      'tomas b.',
      'N/A',
      'Ines Varga',
      'County Health Department',
      'Oskar Lind  Riverside Tenants Association',
      'In person:',
      'Petra Holm',
      'City of Eastport, WA',
    ].join('\n');
    const { info, segments } = notes(text);
    expect(segments.map((s) => s.text)).to.deep.equal(['The facilitator thanked everyone for coming and closed the session.']);
    expect(info.attendees.map((a) => [a.name, a.organisation])).to.deep.equal([
      ['Mirela Dukic', 'Municipality of Lakeview'],
      ['Ines Varga', 'County Health Department'],
      ['Oskar Lind', 'Riverside Tenants Association'],
      ['Petra Holm', 'City of Eastport, WA'],
    ]);
    expect(info.notAnalysed.filter((r) => r.reason === 'attendees').map((r) => r.line)).to.deep.equal([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
  });

  it('a sentence under an attendee heading ends the list: it is a point, not a person', () => {
    const text = ['# Notes', '', 'Participants:', 'Ana Petrova, UNDP', 'Several people said the bus fares are too high for families with three children.'].join('\n');
    const { info, segments } = notes(text);
    expect(info.attendees.map((a) => a.name)).to.deep.equal(['Ana Petrova']);
    expect(segments.map((s) => s.text)).to.deep.equal(['Several people said the bus fares are too high for families with three children.']);
  });

  it('a list of speakers, panellists or hosts is read like an attendee list; a list of facilitators after a role is metadata', () => {
    const text = [
      'Town meeting on river flooding',
      '',
      'Speakers',
      'Halima Osei, Flood Risk Lead, Riverside District Council',
      'Tomasz Wren, Chair, Lower Valley Farmers Cooperative',
      '',
      'Hosts and Moderators',
      'Host: Ines Calder, Community Office',
      'Breakout room facilitators: Ravi Anand, Lotte Brink, Yusuf Demir',
      'Notes: Petra Holm',
      '',
      'Discussion',
      'Farmers said the drainage channels have not been cleared since 2019.',
    ].join('\n');
    const { info, segments } = notes(text);
    expect(info.attendees.map((a) => [a.name, a.organisation])).to.deep.equal([
      ['Halima Osei', 'Flood Risk Lead, Riverside District Council'],
      ['Tomasz Wren', 'Chair, Lower Valley Farmers Cooperative'],
      ['Petra Holm', null],
    ]);
    expect(info.metadata['breakout room facilitators']).to.deep.equal(['Ravi Anand, Lotte Brink, Yusuf Demir']);
    expect(segments.map((s) => s.text)).to.deep.equal(['Farmers said the drainage channels have not been cleared since 2019.']);
  });

  const attendeeCases: Array<[string, ReturnType<typeof parseAttendee>]> = [
    ['Dina Spahiu, ipko foundation', { name: 'Dina Spahiu', organisation: 'ipko foundation' }],
    ['Delvina, Haxhijaha Open Data Kosovo', { name: 'Delvina', organisation: 'Haxhijaha Open Data Kosovo' }],
    ['Anna van der Berg — City of Delft', { name: 'Anna van der Berg', organisation: 'City of Delft' }],
    ['Goran Stojanovski', { name: 'Goran Stojanovski', organisation: null }],
    ['Notes: Petra Holm', { name: 'Petra Holm', organisation: null }],
    ['the municipality should pay, not donors', null],
    ['Cost of data', null],
  ];
  for (const [line, expected] of attendeeCases) {
    it(`parses attendee line ${JSON.stringify(line)}`, () => expect(parseAttendee(line, VOCABULARY)).to.deep.equal(expected));
  }

  it('skips a table of contents (after "Contents", or a run with rising page numbers)', () => {
    const text = ['# Report', 'Contents', 'Meeting aims\t1', 'Attendees\t2', '', 'Introduction ........ 1', 'Findings ........ 3', 'Annex ........ 9', '', 'Meeting aims', '', '- Hear from rural women.'].join('\n');
    const { info, segments } = notes(text);
    expect(info.notAnalysed.map((r) => [r.line, r.reason])).to.deep.equal([[1, 'title'], ...[2, 3, 4, 6, 7, 8].map((line) => [line, 'toc']), [10, 'heading']]);
    expect(pairs(segments)).to.deep.equal([['Meeting aims', 'Hear from rural women.']]);
  });

  it('skips page furniture (a running header or footer beside page numbers), but not a question repeated for each group', () => {
    const page = (n: number, body: string[]) => ['Water Forum | www.example.org | Final', String(n), 'Listening Session Summary (Bar, 14 March 2024)', ...body, ''];
    const text = [
      '# Listening session',
      '',
      ...page(1, ['## Heat', 'Older people on upper floors cannot cool their flats at night.']),
      ...page(2, ['Fountains in the old town were repaired and are used every day.']),
      ...page(3, ['A resident asked for shaded bus stops near the market.']),
    ].join('\n');
    const { info, segments } = notes(text);
    expect(segments.map((s) => [s.section, s.text])).to.deep.equal([
      ['Heat', 'Older people on upper floors cannot cool their flats at night.'],
      ['Heat', 'Fountains in the old town were repaired and are used every day.'],
      ['Heat', 'A resident asked for shaded bus stops near the market.'],
    ]);
    const furniture = info.notAnalysed.filter((r) => r.reason === 'other').map((r) => r.text);
    expect(furniture).to.deep.equal(page(1, []).slice(0, 3).concat(page(2, []).slice(0, 3), page(3, []).slice(0, 3)));
    // The same question under each group's heading, with no page number near it, is a heading each time.
    const groups = ['## Group 1', 'What stops you from applying?', '- No papers.', '## Group 2', 'What stops you from applying?', '- The office is far.', '## Group 3', 'What stops you from applying?', '- Fees.'].join('\n');
    expect(notes(groups).segments.map((s) => s.text)).to.deep.equal(['No papers.', 'The office is far.', 'Fees.']);
    expect(notes(groups).segments.every((s) => s.section?.includes('What stops you'))).to.equal(true);
  });

  it("reads a chat line that only introduces its sender as an attendee, and keeps what senders say", () => {
    const text = [
      '# Webinar chat',
      '',
      '13:59:02 From Ardita Krasniqi to Everyone: Ardita Krasniqi, Municipality of Prishtina, budget department',
      '13:59:58 From Aleksandar Trajkovski to Everyone: Александар Трајковски, општина Битола',
      '14:00:10 From Ana Lima to Everyone: Hi all, Ana from UNDP here',
      '14:06:12 From Dragan Ilić to Everyone: in Kraljevo we had PB twice, only 1.2% of citizens voted',
      '14:07:00 From Dragan Ilić to Everyone: Dragan Ilić, can you share the slides?',
      '14:08:00 From Ana Lima to Everyone: Ana Lima, the budget is 300 pages and nobody reads it because it is written for lawyers',
    ].join('\n');
    const { info, segments } = notes(text);
    expect(info.notAnalysed.filter((r) => r.reason === 'attendees').map((r) => r.line)).to.deep.equal([3, 4, 5]);
    expect(segments.map((s) => s.provenance.line)).to.deep.equal([6, 7, 8]);
  });

  it('skips image links, empty emphasis and separators', () => {
    const text = ['# Visit', '![photo of the flipchart](flip.jpg)', '[image: group photo]', '<img src="a.png" alt="x">', '****', '---', '- Roads are closed in winter.'].join('\n');
    const { info, segments } = notes(text);
    expect(info.notAnalysed.map((r) => [r.line, r.reason])).to.deep.equal([[1, 'title'], [2, 'other'], [3, 'other'], [4, 'other'], [5, 'other'], [6, 'other']]);
    expect(segments.map((s) => s.text)).to.deep.equal(['Roads are closed in winter.']);
  });

  it('skips form prompts and reads the answers to form fields as metadata', () => {
    const text = [
      '# Experiment record',
      '## Overview',
      '**This section is to explain the basics of the activity**',
      '',
      '> Prepared by (Name of the experimenter)',
      '',
      'Ana Petrova, Women’s Centre Vratsa',
      '',
      '> On date (Day/Month/Year)',
      '',
      '22/11/2024',
      '',
      '> What is the specific learning intent of the activity?',
      '',
      'To learn whether invite-only events help women speak openly.',
    ].join('\n');
    const { info, segments } = notes(text);
    expect(info.notAnalysed.map((r) => [r.line, r.reason])).to.deep.equal([[1, 'title'], [2, 'heading'], [3, 'other'], [5, 'other'], [7, 'metadata'], [9, 'other'], [11, 'metadata'], [13, 'heading']]);
    expect(info.metadata).to.deep.equal({ 'prepared by': ['Ana Petrova, Women’s Centre Vratsa'], date: ['22/11/2024'] });
    expect(info.sections).to.deep.equal(['Overview', 'What is the specific learning intent of the activity?']);
    expect(pairs(segments)).to.deep.equal([['What is the specific learning intent of the activity?', 'To learn whether invite-only events help women speak openly.']]);
  });

  it('takes a kicker label off the title and subtitles into metadata', () => {
    const text = ['PRESS RELEASE:', '', 'CITY HOSTS FOCUS GROUP ON GIRLS IN STEM', 'Notes from the second meeting', '', 'Date: 2 May 2026', '', 'On 2 May the city hosted a focus group with twelve teachers.'].join('\n');
    const { info, segments } = notes(text);
    expect(info.title).to.equal('CITY HOSTS FOCUS GROUP ON GIRLS IN STEM');
    expect(info.notAnalysed.map((r) => [r.line, r.reason])).to.deep.equal([[1, 'title'], [3, 'title'], [4, 'metadata'], [6, 'metadata']]);
    expect(info.metadata).to.deep.equal({ subtitle: ['Notes from the second meeting'], date: ['2 May 2026'] });
    expect(segments.map((s) => s.text)).to.deep.equal(['On 2 May the city hosted a focus group with twelve teachers.']);
  });

  it('does not take an attendee heading or a short line over a list as the title', () => {
    expect(notes('Attendees\n\n- Ana Petrova, UNDP').info.title).to.equal(null);
    const { info, segments } = notes('Obstacles\n- cost of data\n- no signal');
    expect(info.title).to.equal(null);
    expect(pairs(segments)).to.deep.equal([
      ['Obstacles', 'cost of data'],
      ['Obstacles', 'no signal'],
    ]);
  });

  it('has no title when the notes start with content', () => {
    const { info, segments } = notes('- cost of data\n- no signal');
    expect(info.title).to.equal(null);
    expect(segments).to.have.length(2);
  });
});

describe('segment: the reference documents (../shared/seeds)', function () {
  before(function () {
    if (!existsSync(SEEDS)) this.skip();
  });
  const read = (prefix: string): { text: string; out: ReturnType<typeof notes> } => {
    const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix))!;
    const text = readFileSync(path.join(SEEDS, file), 'utf8');
    return { text, out: notes(text, {}, file) };
  };

  it('every segment of every seed is verbatim at its offsets, on its line, trimmed and tag-free', () => {
    const files = readdirSync(SEEDS).filter((f) => f.endsWith('.txt'));
    expect(files.length).to.equal(5);
    for (const file of files) {
      const text = readFileSync(path.join(SEEDS, file), 'utf8');
      const { segments } = notes(text, {}, file);
      expect(segments.length, file).to.be.greaterThan(10);
      segments.forEach((s, i) => {
        expect(s.text, `${file} ${s.id}`).to.equal(text.slice(s.provenance.start, s.provenance.end));
        expect(s.provenance.line, `${file} ${s.id}`).to.equal(text.slice(0, s.provenance.start).split('\n').length);
        expect(s.text.trim(), `${file} ${s.id}`).to.equal(s.text);
        expect(s.text, `${file} ${s.id}`).to.not.match(/\[\[|^[-*•✓√–+] /);
        expect(s.id).to.equal(`d1-${String(i + 1).padStart(4, '0')}`);
      });
    }
  });

  it('003: bullets under the three discussion questions carry the question as section', () => {
    const { out } = read('003_');
    const under = (q: string): string[] => out.segments.filter((s) => s.section === q).map((s) => s.text.slice(0, 30));
    expect(under('What would be the key interventions to address these obstacles?')).to.have.length(7);
    expect(under('What would be the key interventions to address these obstacles?')[0]).to.equal('Mapping of the need and provid');
    expect(under('What would be the key stakeholders to be involved when addressing those obstacles?')).to.have.length(10);
    expect(under('What would be the key stakeholders to be involved when addressing those obstacles?')).to.include('Donors');
    expect(under('What are the key capacity gaps for civil society organisations?')).to.have.length(6);
  });

  it('003: attendees are document facts, the table of contents is skipped, wrapped bullets are whole', () => {
    const { out } = read('003_');
    expect(out.info.title).to.equal('Unleashing Digital Transformation for Women and Girls in the Western Balkans');
    expect(out.info.attendees).to.have.length(22);
    expect(out.info.attendees[0]).to.deep.equal({ name: 'Esmeralda Hoxha', organisation: 'Gender Alliance for Development Center', line: 30 });
    expect(out.info.organisations).to.have.length(22);
    expect(out.segments.filter((s) => /hoxha|bektashi/i.test(s.text))).to.deep.equal([]);
    expect(out.segments.filter((s) => s.section === 'Attendees')).to.deep.equal([]);
    expect(out.info.notAnalysed.filter((s) => s.reason === 'toc').map((s) => s.line)).to.deep.equal([9, 10, 11, 12, 13, 14, 15]);
    expect(out.segments.some((s) => /\t\d+$/.test(s.text))).to.equal(false);
    const wrapped = out.segments.find((s) => s.text.startsWith('This meeting is one of a series'))!;
    expect(wrapped.provenance.line).to.equal(22);
    expect(wrapped.text.endsWith('that digitalization could potentially bring to the region.')).to.equal(true);
    expect(out.segments.map((s) => s.text)).to.include('Create entry points for women to enter STEM professions\n\n that can help reduce stereotypes');
  });

  it('003: the survey annex priorities keep their "Key challenges and priorities" section', () => {
    const { out } = read('003_');
    const annex = out.segments.filter((s) => s.section === 'Key challenges and priorities');
    expect(annex).to.have.length(30);
    expect(annex[2]!.text).to.equal('Conduct entrepreneurship training with special emphasis on the digital economy');
    expect(annex[3]!.text).to.equal('Capacity building provided on digital marketing –');
  });

  it('000: [[key:value]] tags become metadata, form prompts are skipped, prompts are sections', () => {
    const { out } = read('000_');
    expect(out.info.metadata.year).to.deep.equal(['2024']);
    expect(out.info.metadata.country).to.deep.equal(['Serbia']);
    expect(out.info.metadata.sdgs).to.deep.equal(['5. Gender equality', '9. Industry, innovation and infrastructure']);
    expect(out.info.metadata.date).to.deep.equal(['22/11/2024']);
    expect(out.info.notAnalysed.filter((s) => s.reason === 'other' && /^!\[|^\[!\[/.test(s.text)).map((s) => s.line)).to.deep.equal([85, 87, 116]);
    expect(out.info.notAnalysed.filter((s) => s.reason === 'other' && /^\*\*\w|^>/.test(s.text)).map((s) => s.line)).to.deep.equal([20, 22, 26, 36, 94, 123]);
    const hesitation = out.segments.find((s) => s.text.startsWith('Participant Hesitation'))!;
    expect(hesitation.section).to.equal('What were the main obstacles and challenges you encountered during this activity?');
    expect(out.segments.filter((s) => s.section === 'If you worked with partners, please choose what sector they belong to').map((s) => s.text)).to.deep.equal([
      'Civil Society',
      'Academia',
      'Private Sector',
      'Government (&amp; related)',
      'United Nations',
    ]);
  });

  it('002 and 004: kicker labels skipped, ALL-CAPS headings, subtitle and keywords as metadata', () => {
    const { out: city } = read('002_');
    expect(city.info.title).to.equal('STEMintheCITY');
    expect(city.info.metadata.keywords).to.have.length(1);
    expect(city.info.metadata['publication date']).to.deep.equal(['April 2021']);
    expect(city.info.sections.slice(0, 3)).to.deep.equal(['ABSTRACT', 'CONTEXT', 'CHALLENGES AND OPPORTUNITIES']);
    const { out: press } = read('004_');
    expect(press.info.title).to.equal('SMART VENICE LED FOCUS GROUP WITH SISTER-PROJECTS COORDINATORS');
    expect(press.segments.filter((s) => s.section === 'In particular, the following dimensions were explored')).to.have.length(8);
  });
});

describe('segment: lines that are not content go to the register, content lines never do', () => {
  const reg = (info: DocumentInfo): Array<[number, string]> => info.notAnalysed.map((r) => [r.line, r.reason]);
  const texts = (segments: Segment[]): string[] => segments.map((s) => s.text);

  it('reads a shorthand header block: title, date and room, facilitator and note-taker, head-count, a late start', () => {
    const text = [
      'water committee consult - Lipa village - grp 3',
      'tue 3 june, school gym',
      'facil: Petra S. / notes: Milan',
      '11 ppl: 4 farmers, 2 teachers, mayor office, red cross',
      '09:40 projector not working, started late',
      '',
      'pump broke in march, nobody knows who pays for repair',
      'women carry water 2x a day from the spring',
    ].join('\n');
    const { info, segments } = notes(text, {}, 'notes.txt');
    expect(info.title).to.equal('water committee consult - Lipa village - grp 3');
    expect(reg(info)).to.deep.equal([[1, 'title'], [2, 'metadata'], [3, 'attendees'], [4, 'attendees'], [5, 'logistics']]);
    expect(texts(segments)).to.deep.equal(['pump broke in march, nobody knows who pays for repair', 'women carry water 2x a day from the spring']);
  });

  it('reads "Participants: 14 (9 women)" and facilitator lines as attendees, "Venue:" as metadata', () => {
    const text = ['# Breakout 2', 'Venue: Youth centre, Struga', 'Facilitator: Lea M.', 'Participants: 14 (9 women)', '', '- Buses stop running at six in the evening.'].join('\n');
    const { info, segments } = notes(text);
    expect(reg(info)).to.deep.equal([[1, 'title'], [2, 'metadata'], [3, 'attendees'], [4, 'attendees']]);
    expect(info.metadata.participants).to.deep.equal(['14 (9 women)']);
    expect(texts(segments)).to.deep.equal(['Buses stop running at six in the evening.']);
  });

  it('keeps "KEY - point" bullets and capitalised flipchart keys as content; a plain "Venue - place" line is metadata', () => {
    const text = ['## Flipchart', '• COST - bus tickets take a third of a pension', 'TIME - nobody has a free afternoon', 'Time: when the harvest is in, nobody comes', 'Venue - Town hall', '- Date - the one day everyone is at the market'].join('\n');
    const { info, segments } = notes(text);
    expect(texts(segments)).to.deep.equal(['COST - bus tickets take a third of a pension', 'TIME - nobody has a free afternoon', 'Time: when the harvest is in, nobody comes', 'Date - the one day everyone is at the market']);
    expect(info.metadata.venue).to.deep.equal(['Town hall']);
    expect(reg(info)).to.deep.equal([[1, 'title'], [5, 'metadata']]);
  });

  it('registers timestamps on their own line; a time opening a line is a marker, never a heading', () => {
    const text = ['## Round 1', '14:20', '- Fees went up twice this year.', '[10:12]', '10:15 Ana (clinic): nurses leave for the capital', '10:30 5 min coffee break', '- The road floods every spring.'].join('\n');
    const { info, segments } = notes(text);
    expect(reg(info)).to.deep.equal([[1, 'title'], [2, 'timestamp'], [4, 'timestamp'], [6, 'logistics']]);
    expect(pairs(segments)).to.deep.equal([
      [null, 'Fees went up twice this year.'],
      [null, 'Ana (clinic): nurses leave for the capital'],
      [null, 'The road floods every spring.'],
    ]);
    expect(info.sections).to.deep.equal([]);
  });

  it('a chat export\'s time with seconds is a marker too: a question typed in the chat is a point, not a heading', () => {
    const text = ['## Chat', '14:12:10 From Elton to Everyone: meetings are always in the city centre', '14:12:25 From Mira to Everyone: and at noon on a weekday!! who can come??', '14:12:40 From Elton to Everyone: hold them in the evening, in the villages too', '14:13:05'].join('\n');
    const { info, segments } = notes(text);
    expect(texts(segments)).to.deep.equal([
      'From Elton to Everyone: meetings are always in the city centre',
      'From Mira to Everyone: and at noon on a weekday!! who can come??',
      'From Elton to Everyone: hold them in the evening, in the villages too',
    ]);
    expect(reg(info)).to.deep.equal([[1, 'title'], [5, 'timestamp']]);
    expect(info.sections).to.deep.equal([]);
  });

  it('a question from the floor with its asker in brackets ("**Q (pharmacist):** ...?") is a point of the Q&A; a facilitator\'s question heads the answers', () => {
    const text = ['# Clinic day', '## Q&A', '**Q (pharmacist):** Can prescriptions be issued after a remote consultation?', '**A (Dr Rota):** Yes, once the coding is in place.', '', 'Q (facilitator): What would help most?', '- A bus to the clinic on market days.'].join('\n');
    const { segments } = notes(text);
    expect(pairs(segments)).to.deep.equal([
      ['Q&A', '**Q (pharmacist):** Can prescriptions be issued after a remote consultation?'],
      ['Q&A', '**A (Dr Rota):** Yes, once the coding is in place.'],
      ['Q (facilitator): What would help most?', 'A bus to the clinic on market days.'],
    ]);
  });

  it('reads bullets of every kind, and joins indented and (cont) continuation lines to their bullet', () => {
    const text = [
      '## Points',
      '‣ Fees are too high for families',
      '  with three or more children',
      '— Teachers lack training in sign language.',
      '(i) The clinic opens two days a week.',
      '(cont) On the other days people travel to town.',
      'iv) Nobody collects data on girls who leave school.',
      'a) Parents do not trust online forms.',
    ].join('\n');
    const { segments } = notes(text);
    expect(texts(segments)).to.deep.equal([
      'Fees are too high for families\n  with three or more children',
      'Teachers lack training in sign language.',
      'The clinic opens two days a week.\n(cont) On the other days people travel to town.',
      'Nobody collects data on girls who leave school.',
      'Parents do not trust online forms.',
    ]);
  });

  it('in typed notes, each line is a point: a paragraph after a bullet and a new speaker are not glued to it', () => {
    const text = ['## Round 2', '- no bus after 4pm from the villages', 'Mira (youth council): young people think jobs go through connections', 'Employers said they retrain every graduate for six months, which costs them more than the wage', 'dont trust the bureau'].join('\n');
    const { segments } = notes(text, {}, 'notes.txt');
    expect(texts(segments)).to.deep.equal([
      'no bus after 4pm from the villages',
      'Mira (youth council): young people think jobs go through connections',
      'Employers said they retrain every graduate for six months, which costs them more than the wage',
      'dont trust the bureau',
    ]);
  });

  it('registers a contents list without page numbers as a table of contents, and headings as headings', () => {
    const text = ['# Minutes', '**Contents**', '1. Attendance', '2. Problems raised', '', '## 1. Attendance', '- Ministry of Health (2), nurses (3)', '', '## 2. Problems raised', '- The clinic van breaks down every month.'].join('\n');
    const { info, segments } = notes(text);
    expect(reg(info)).to.deep.equal([[1, 'title'], [2, 'toc'], [3, 'toc'], [4, 'toc'], [6, 'heading'], [7, 'attendees'], [9, 'heading']]);
    expect(texts(segments)).to.deep.equal(['The clinic van breaks down every month.']);
  });

  it('splits a run-on paragraph into sentences with their own offsets, keeping quoted speech whole', () => {
    const para = 'The youth council said the bureau never calls back after registration. A mother said: "We went three times. Nobody answered. We gave up." The school wants a counsellor for every hundred students, and the municipality offered a room for free.';
    const { segments } = notes(`## Voices\n${para}`, { maxSentenceChars: 120 });
    expect(texts(segments)).to.deep.equal([
      'The youth council said the bureau never calls back after registration.',
      'A mother said: "We went three times. Nobody answered. We gave up."',
      'The school wants a counsellor for every hundred students, and the municipality offered a room for free.',
    ]);
    for (const s of segments) expect(`## Voices\n${para}`.slice(s.provenance.start, s.provenance.end)).to.equal(s.text);
  });
});

describe('segment: a sticky-note board saved as PDF (narrow wrapped lines)', () => {
  it('joins the pieces of each note where the extraction left a space or the line breaks off on a small word', () => {
    // Each note wrapped over short lines; the PDF text keeps a no-break space where it wrapped a sentence.
    const board = [
      ['Publish all the ', 'minutes online ', 'within a week'],
      ['Partner with ', 'libraries to host ', 'drop-in sessions'],
      ['nobody told us ', 'about the survey'],
      ['Bus fares are too ', 'high for students'],
      ['Train staff to ', 'answer in plain ', 'language'],
      ['more evening ', 'meetings pls'],
      ['Text reminders ', 'the day before'],
      ['the app only ', 'works on new ', 'phones'],
      ['Invite youth ', 'councils to every ', 'round'],
      ['Translate the ', 'forms into ', 'Spanish'],
    ];
    const text = ['Board 2', ...board.flatMap((note) => note.map((l) => l.replace(/ $/, '\u00a0')))].join('\n');
    const { segments } = notes(text, {}, 'board.txt');
    const texts = segments.map((s) => s.text.replace(/\s*\n\s*/g, ' ').replace(/\u00a0/g, ' ').trim());
    for (const note of board) expect(texts).to.include(note.join('').replace(/\s+/g, ' ').trim());
  });
});

// The Next steps register end to end on a small notes document: synthesis (not in themes, verified), report, exports, redaction, edits.
import { expect } from 'chai';
import { unzipSync, strFromU8 } from 'fflate';
import { parse } from 'csv-parse/sync';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { synthesis as synthesisSchema, type AnalysedSegment, type Codebook, type DocumentInfo, type Synthesis } from '../../src/model/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { segmentDocument } from '../../src/pipeline/segment/index.ts';
import { annotateAndTagSegments } from '../../src/pipeline/parallel/annotate-segments.ts';
import { synthesise } from '../../src/pipeline/synthesise.ts';
import { findInconsistencies } from '../../src/pipeline/verify.ts';
import { gatherPeople, redactSynthesis } from '../../src/privacy/redact.ts';
import { renderMarkdown } from '../../src/export/markdown.ts';
import { renderHtml } from '../../src/export/html.ts';
import { NEXT_STEPS_CSV_COLUMNS, renderNextStepsCsv } from '../../src/export/csv.ts';
import { exportSynthesis } from '../../src/export/index.ts';
import { applyEdits } from '../../src/pipeline/edits/index.ts';
import type { ThemeEdit } from '../../src/store/schema.ts';
import { reportPage } from '../../src/web/page-models.ts';
import { nextStepsNote } from '../../src/report/next-steps-note.ts';
import ejs from 'ejs';
import { fileURLToPath } from 'node:url';

// Written for this test: a breakout on transport to training centres, with its closing action list.
const NOTES = `# Breakout C: getting to the training centre

## Obstacles
- The bus to the centre runs only twice a day, so trainees miss the afternoon classes
- Bus fares cost a third of the weekly allowance for young women in the villages
- Parents worry about girls travelling home after dark on the empty road
- Fares went up again in spring and the allowance did not follow
- The last bus leaves before the evening class ends

## Ideas
- A shuttle van shared by the three villages could run at class times
- The municipality should cover bus fares for trainees under 25
- Evening classes could move online for the winter months
- Car-pooling between trainees from the same village could be organised by the centre

## Next steps
- Tarik to send the bus timetable to all groups by Friday
- Selma (UNHCR) - ask the transport office about a trainee fare - 15 May
- follow up w/ the municipality re the shuttle budget
`;

const ACTIONS = ['Tarik to send', 'Selma (UNHCR)', 'follow up w/'];

describe('next steps: synthesis, report and exports', function () {
  this.timeout(120_000);
  let resources: Resources;
  let codebook: Codebook;
  let info: DocumentInfo;
  let s: Synthesis;

  before(async () => {
    resources = await loadResources();
    // The action category as the tagging engineer adds it (no cues needed here: the coding is set below).
    codebook = { ...resources.codebook, categories: [...resources.codebook.categories.filter((c) => c.id !== 'action'), { id: 'action', label: 'Action', plural: 'Actions', description: 'Who will do what by when.', keywords: [], patterns: [], sectionCues: [] }] };
    const ingested = await ingestFile('breakout-c.md', new TextEncoder().encode(NOTES));
    const seg = segmentDocument(ingested, 'd1', { nonAnswers: resources.nonAnswers, vocabulary: resources.notesVocabulary });
    info = seg.info;
    const people = gatherPeople([info], seg.segments);
    const { annotations, codings } = annotateAndTagSegments(seg.segments, resources, { knownPeople: people.names, ordinaryNameWords: people.ordinaryWords, workers: 0 });
    const analysed: AnalysedSegment[] = seg.segments.map((x, i) => ({ ...x, annotation: annotations[i]!, coding: codings[i]!, themeId: null }));
    for (const a of analysed) if (ACTIONS.some((t) => a.text.startsWith(t))) a.coding = { ...a.coding, category: 'action' };
    s = synthesisSchema.parse(
      synthesise(analysed, [info], [], codebook, resources.gazetteer, { seed: 1, codebookName: 'test', stopwords: resources.stopwords, genericWords: resources.genericWords, version: 'test', workers: 0 }),
    );
  });

  it('lists every action segment as a next step with owner, task, due date and its source', () => {
    expect(s.nextSteps.map((n) => [n.owner, n.task, n.due])).to.deep.equal([
      ['Tarik', 'send the bus timetable to all groups', 'by Friday'],
      ['Selma (UNHCR)', 'ask the transport office about a trainee fare', '15 May'],
      ['', 'follow up w/ the municipality re the shuttle budget', ''],
    ]);
    const lines = NOTES.split('\n');
    for (const n of s.nextSteps) {
      expect(n.document).to.equal('breakout-c.md');
      expect(lines[n.line - 1]).to.include(n.text);
      expect(NOTES.slice(n.start, n.end)).to.equal(n.text);
      expect(s.segments.find((x) => x.id === n.segmentId)?.coding.category).to.equal('action');
    }
  });

  it('keeps action segments out of themes and scopes, but in the segments and category counts', () => {
    const actionIds = new Set(s.nextSteps.map((n) => n.segmentId));
    const themed = s.scopes.flatMap((sc) => sc.themes.flatMap((t) => t.segmentIds));
    expect(themed.filter((id) => actionIds.has(id))).to.deep.equal([]);
    expect(s.scopes.map((sc) => sc.label)).to.not.include('Actions');
    expect(s.segments.filter((x) => actionIds.has(x.id)).every((x) => x.themeId === null)).to.equal(true);
    expect(s.overview.categories.action).to.equal(3);
    expect(s.scopes.reduce((a, sc) => a + sc.segments, 0)).to.equal(s.segments.length - 3);
    expect(s.executiveSummary.join(' ')).to.include('3 next steps were agreed (2 with an owner, 2 with a due date)');
  });

  it('passes verification: quotes verbatim and counts recompute', () => {
    expect(findInconsistencies(s, [info])).to.deep.equal([]);
  });

  it('verification notices a next step missing, doubled, reworded, or an action left in a theme', () => {
    const missing = structuredClone(s);
    missing.nextSteps.pop();
    expect(findInconsistencies(missing, [info]).join('\n')).to.match(/missing from the next steps/);
    const doubled = structuredClone(s);
    doubled.nextSteps.push(doubled.nextSteps[0]!);
    expect(findInconsistencies(doubled, [info]).join('\n')).to.match(/listed twice/);
    const reworded = structuredClone(s);
    reworded.nextSteps[0]!.text += '!';
    expect(findInconsistencies(reworded, [info]).join('\n')).to.match(/text differs/);
    const notAction = structuredClone(s);
    notAction.segments.find((x) => x.id === notAction.nextSteps[0]!.segmentId)!.coding.category = 'barrier';
    expect(findInconsistencies(notAction, [info]).join('\n')).to.match(/not an action note/);
  });

  it('shows the register in the Markdown and HTML reports', () => {
    const md = renderMarkdown(s);
    expect(md).to.include('## Next steps');
    expect(md).to.include('| Owner | Action | Due | Source |');
    expect(md).to.include('| Tarik | send the bus timetable to all groups | by Friday | breakout-c.md, line 17 |');
    expect(md).to.include('| — | follow up w/ the municipality re the shuttle budget | — | breakout-c.md, line 19 |');
    expect(md.indexOf('## Next steps')).to.be.greaterThan(md.indexOf('## Minority views'));
    expect(md.indexOf('## Next steps')).to.be.lessThan(md.indexOf('\n## Documents'));
    const html = renderHtml(s);
    expect(html).to.include('<section id="next-steps">');
    expect(html).to.include('<td>Selma (UNHCR)</td><td>ask the transport office about a trainee fare</td><td>15 May</td><td>breakout-c.md, line 18</td>');
  });

  it('says so when notes hold no next steps, and leaves a survey-only report without the section', () => {
    const none = { ...structuredClone(s), nextSteps: [] };
    expect(renderMarkdown(none)).to.include('No next steps (who will do what by when) were found in the notes.');
    const survey = { ...none, overview: { ...none.overview, notesDocuments: 0 } };
    expect(renderMarkdown(survey)).to.not.include('## Next steps');
  });

  it('exports the register as next-steps.csv with the agreed columns', async () => {
    const file = await exportSynthesis('actions', s, [info], { redact: false, name: 'Transport' });
    expect(file.filename).to.equal('transport-next-steps.csv');
    expect(file.contentType).to.match(/^text\/csv/);
    const text = file.body.toString('utf8');
    expect(text.split('\r\n')[0]).to.equal('owner,action,due,document,line,segment_id,text');
    expect([...NEXT_STEPS_CSV_COLUMNS]).to.deep.equal(['owner', 'action', 'due', 'document', 'line', 'segment_id', 'text']);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.owner, r.action, r.due, r.line])).to.deep.equal([
      ['Tarik', 'send the bus timetable to all groups', 'by Friday', '17'],
      ['Selma (UNHCR)', 'ask the transport office about a trainee fare', '15 May', '18'],
      ['', 'follow up w/ the municipality re the shuttle budget', '', '19'],
    ]);
    expect(rows[0]!.text).to.equal('Tarik to send the bus timetable to all groups by Friday');
  });

  it('puts a Next steps table in the Word export', async () => {
    const file = await exportSynthesis('docx', s, [info], { redact: false, name: 'Transport' });
    const xml = strFromU8(unzipSync(new Uint8Array(file.body))['word/document.xml']!);
    const plain = xml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(plain).to.include('Next steps');
    expect(plain).to.match(/Owner Action Due Source Tarik send the bus timetable to all groups by Friday breakout-c\.md, line 17/);
  });

  it('keeps the next steps in the JSON export and codes them "Action" in the REFI-QDA project', async () => {
    const json = JSON.parse((await exportSynthesis('json', s, [info], { redact: false, name: 'Transport' })).body.toString('utf8')) as Synthesis;
    expect(json.nextSteps.map((n) => n.owner)).to.deep.equal(['Tarik', 'Selma (UNHCR)', '']);
    const qdpx = unzipSync(new Uint8Array((await exportSynthesis('qdpx', s, [info], { redact: false, name: 'Transport' })).body));
    const project = strFromU8(qdpx['project.qde']!);
    expect(project).to.match(/<Code guid="[^"]+" name="Action" isCodable="true">/);
    expect(project).to.include('Next step. Owner: Tarik; action: send the bus timetable to all groups; due: by Friday');
  });

  it('redacts the owners and texts of next steps in every export', async () => {
    const r = redactSynthesis(s, [info]);
    expect(r.nextSteps.map((n) => n.owner)).to.deep.equal(['[name]', '[name] (UNHCR)', '']);
    expect(r.nextSteps[0]!.text).to.equal('[name] to send the bus timetable to all groups by Friday');
    for (const format of ['actions', 'md', 'html', 'json'] as const) {
      const text = (await exportSynthesis(format, s, [info], { redact: true, name: 'Transport' })).body.toString('utf8');
      expect(text, format).to.not.match(/Tarik|Selma/);
      expect(text, format).to.include('UNHCR');
    }
    const csv = parse(renderNextStepsCsv(s, { redact: true, documents: [info] }), { columns: true }) as Record<string, string>[];
    expect(csv.map((row) => row.owner)).to.deep.equal(['[name]', '[name] (UNHCR)', '']);
  });

  it('takes the people of an owner for names, not its organisations ("Red Cross + Nadia")', () => {
    const copy = structuredClone(s);
    copy.nextSteps[2] = { ...copy.nextSteps[2]!, owner: 'Red Cross + Nadia' };
    const volunteers = copy.segments.find((x) => x.text.startsWith('Car-pooling'))!;
    volunteers.text = 'Red Cross volunteers could drive trainees home after the evening class';
    const r = redactSynthesis(copy, [info]);
    expect(r.nextSteps[2]!.owner).to.equal('Red Cross + [name]');
    expect(r.segments.find((x) => x.id === volunteers.id)!.text).to.equal(volunteers.text);
  });

  it('shows the register on the web app report page, each row linked to its segment page', async () => {
    const current = { synthesis: s, documents: [info], outcomes: [], edits: [], runAt: '2026-01-01T00:00:00.000Z' };
    const m = reportPage('c1', current, null);
    expect(m.nextSteps.map((n) => [n.owner, n.due, n.url])).to.deep.equal([
      ['Tarik', 'by Friday', `/consultations/c1/segments/${s.nextSteps[0]!.segmentId}#L17`],
      ['Selma (UNHCR)', '15 May', `/consultations/c1/segments/${s.nextSteps[1]!.segmentId}#L18`],
      ['—', '—', `/consultations/c1/segments/${s.nextSteps[2]!.segmentId}#L19`],
    ]);
    const page = fileURLToPath(new URL('../../views/pages/report.ejs', import.meta.url));
    const html = await ejs.renderFile(page, { title: 'Report', notice: null, csrf: 'token', c: { id: 'c1', name: 'Transport', updatedAt: '2026-01-01T00:00:00.000Z' }, m, exports: [{ format: 'actions', label: 'Next steps (.csv)' }], canEdit: true });
    expect(html).to.include('<h2 id="next-steps-h">Next steps</h2>');
    expect(html).to.include(`<td>Tarik</td><td>send the bus timetable to all groups</td><td>by Friday</td><td class="small"><a href="/consultations/c1/segments/${s.nextSteps[0]!.segmentId}#L17">breakout-c.md, line 17</a></td>`);
    expect(html).to.include('<option value="actions">Next steps (.csv)</option>');
  });

  it('hand edits keep the register and the themes apart: a note made an action leaves its theme, an action moved back joins one', () => {
    const ctx = { seed: 1, stopwords: resources.stopwords, genericWords: resources.genericWords, gazetteer: resources.gazetteer };
    const base = { at: '2026-01-01T00:00:00.000Z', by: 'human' as const, author: 'tester' };
    const barrier = s.segments.find((x) => x.text.startsWith('The last bus'))!;
    const toAction: ThemeEdit = { ...base, id: 'e1', type: 'move', segmentId: barrier.id, theme: null, category: 'action' };
    const made = applyEdits(s, [toAction], ctx).synthesis;
    expect(made.nextSteps.map((n) => n.segmentId)).to.include(barrier.id);
    expect(made.scopes.flatMap((sc) => sc.themes.flatMap((t) => t.segmentIds))).to.not.include(barrier.id);
    expect(findInconsistencies(made, [info])).to.deep.equal([]);
    const step = s.nextSteps[2]!;
    const back: ThemeEdit = { ...base, id: 'e2', type: 'move', segmentId: step.segmentId, theme: null, category: 'intervention' };
    const undone = applyEdits(s, [back], ctx).synthesis;
    expect(undone.nextSteps.map((n) => n.segmentId)).to.not.include(step.segmentId);
    expect(findInconsistencies(undone, [info])).to.deep.equal([]);
  });
});

describe('Next steps: why segments tagged Action outnumber the steps listed', () => {
  const seg = (id: string, kind: 'note' | 'answer', category = 'action') => ({ id, kind, coding: { category } }) as unknown as AnalysedSegment;
  const step = (segmentId: string) => ({ segmentId }) as unknown as Synthesis['nextSteps'][number];
  const cases: [string, AnalysedSegment[], string[], string][] = [
    ['all listed', [seg('a', 'note'), seg('b', 'note'), seg('x', 'note', 'barrier')], ['a', 'b'], ''],
    ['one answer', [seg('a', 'note'), seg('b', 'note'), seg('c', 'answer')], ['a', 'b'], '3 segments are tagged Action and 2 are listed here: the other is a survey answer, themed under its question, not a step agreed in a meeting.'],
    ['two answers', [seg('a', 'note'), seg('c', 'answer'), seg('d', 'answer')], ['a'], '3 segments are tagged Action and 1 is listed here: the other 2 are survey answers, themed under their question, not steps agreed in a meeting.'],
    ['answers only', [seg('c', 'answer')], [], '1 segment is tagged Action and 0 are listed here: the other is a survey answer, themed under its question, not a step agreed in a meeting.'],
    ['an answer and a note', [seg('a', 'note'), seg('b', 'note'), seg('c', 'answer')], [], '3 segments are tagged Action and 0 are listed here: 1 is a survey answer, themed under its question, not a step agreed in a meeting; 2 are in the notes but not in the register.'],
  ];
  for (const [name, segments, listed, expected] of cases) {
    it(name, () => {
      expect(nextStepsNote({ segments, nextSteps: listed.map(step) })).to.equal(expected);
    });
  }
});

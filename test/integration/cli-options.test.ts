// Command-line options: survey column choices, --group-by for long tables, --k, --codebook.
import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Synthesis } from '../../src/model/index.ts';
import { parseAnalyseArgs } from '../../src/cli.ts';
import { AppError } from '../../src/errors.ts';
import { removeTempDirs, runMain, SAMPLE, tempDir } from './helpers.ts';

async function analyse(args: string[]): Promise<{ status: number; stderr: string; synthesis: Synthesis | null }> {
  const out = await tempDir('harvest-opt-');
  // In this process (runMain): the exit codes of the real process are checked in sample.test.ts.
  const r = await runMain(['analyse', ...args, '--out', out, '--quiet']);
  let synthesis: Synthesis | null = null;
  try {
    synthesis = JSON.parse(await readFile(path.join(out, 'synthesis.json'), 'utf8')) as Synthesis;
  } catch {
    synthesis = null;
  }
  return { status: r.status, stderr: r.stderr, synthesis };
}

describe('harvest analyse options', function () {
  this.timeout(240_000);
  after(removeTempDirs);
  const surveyCsv = path.join(SAMPLE, 'survey-responses.csv');
  const oneAction = 'What one action would make the biggest difference in the next two years?';
  // One question of the sample survey with --k 4: the run the --text-columns test checks is the unfiltered run the
  // --show-only test compares with (the same command line), made once for both.
  let oneQuestionRun: ReturnType<typeof analyse> | undefined;
  const oneQuestion = (): ReturnType<typeof analyse> => (oneQuestionRun ??= analyse([surveyCsv, '--text-columns', oneAction, '--k', '4']));

  it('parses and defaults the options (table)', () => {
    const table: [string[], Partial<ReturnType<typeof parseAnalyseArgs>>][] = [
      [['a.csv', '--out', 'o'], { inputs: ['a.csv'], out: 'o', seed: 42, quiet: false }],
      [['a', 'b', '--out', 'o', '--seed', '7', '--k', '5'], { inputs: ['a', 'b'], seed: 7, k: 5 }],
      [['a', '--out', 'o', '--text-columns', 'Q1, Q2 ,', '--id-column', 'ID'], { textColumns: ['Q1', 'Q2'], idColumn: 'ID' }],
      [['a', '--out', 'o', '--group-by', 'question', '--attribute-columns', 'country'], { groupBy: 'question', attributeColumns: ['country'] }],
      [['a', '--out', 'o', '--no-id-column', '--question', 'q1=Barriers', '--question', 'q2=Who'], { noIdColumn: true, questionTexts: ['q1=Barriers', 'q2=Who'] }],
      [['a', '--out', 'o', '--show-only', 'group=B', '--from', '2026-04-01', '--to', '2026-04-30'], { showOnly: 'group=B', from: '2026-04-01', to: '2026-04-30' }],
    ];
    for (const [argv, expected] of table) expect(parseAnalyseArgs(argv)).to.deep.include(expected);
    for (const bad of [
      ['--out', 'o'], ['a'], ['a', '--out', 'o', '--k', '0'], ['a', '--out', 'o', '--seed', 'x'], ['a', '--out', 'o', '--colour'],
      ['a', '--out', 'o', '--no-id-column', '--id-column', 'ID'], ['a', '--out', 'o', '--question', 'no equals sign'], ['a', '--out', 'o', '--question', 'q1= '],
      ['a', '--out', 'o', '--show-only', 'group'], ['a', '--out', 'o', '--from', '2026-02-30'], ['a', '--out', 'o', '--from', '5 May'],
      ['a', '--out', 'o', '--from', '2026-05-02', '--to', '2026-05-01'],
    ]) {
      expect(() => parseAnalyseArgs(bad), bad.join(' ')).to.throw(AppError);
    }
  });

  it('--group-by, --text-columns and --id-column read a long-form poll as one scope per question', async () => {
    const r = await analyse([path.join(SAMPLE, 'webinar-poll.xlsx'), '--group-by', 'question', '--text-columns', 'answer', '--id-column', 'participant']);
    expect(r.status, r.stderr).to.equal(0);
    const s = r.synthesis!;
    expect(s.documents[0]!.survey!.mapping).to.include({ shape: 'long', questionColumn: 'question', idColumn: 'participant' });
    const scopes = s.scopes.filter((sc) => sc.kind === 'question');
    expect(scopes.map((sc) => sc.label)).to.have.length(2);
    for (const seg of s.segments) expect(seg.respondentId).to.match(/\S/);
    expect(Object.keys(s.segments[0]!.attributes)).to.include('organisation type');
  });

  it('--text-columns limits the survey to the chosen question', async () => {
    const header = (await readFile(surveyCsv, 'utf8')).split('\n')[0]!;
    expect(header).to.include(oneAction);
    const r = await oneQuestion();
    expect(r.status, r.stderr).to.equal(0);
    const scopes = r.synthesis!.scopes.filter((sc) => sc.kind === 'question');
    expect(scopes.map((sc) => sc.label)).to.deep.equal([oneAction]);
    expect(scopes[0]!.themes.filter((t) => !t.isOther && t.language === 'en').length).to.be.at.most(4);
  });

  it('--no-id-column numbers the rows and --question heads a column with the facilitator\'s text', async () => {
    const csv = path.join(SAMPLE, 'survey-responses.csv');
    const question = 'What one action would make the biggest difference in the next two years?';
    const r = await analyse([csv, '--no-id-column', '--question', `${question}=One action in two years`, '--text-columns', question]);
    expect(r.status, r.stderr).to.equal(0);
    const s = r.synthesis!;
    expect(s.documents[0]!.survey!.mapping.idColumn).to.equal(null);
    // Row numbers, not the file's respondent_id column (R001...).
    const ids = s.segments.map((seg) => seg.respondentId);
    expect(ids.every((id) => /^R[1-9]\d*$/.test(id ?? ''))).to.equal(true);
    expect(ids.some((id) => /^R0/.test(id ?? ''))).to.equal(false);
    expect(s.scopes.filter((sc) => sc.kind === 'question').map((sc) => sc.label)).to.deep.equal(['One action in two years']);

    const typo = await analyse([csv, '--question', 'q9_barriers=Barriers']);
    expect(typo.status).to.equal(2);
    expect(typo.stderr).to.include('no survey has a column "q9_barriers"').and.include('respondent_id');
  });

  it('--show-only, --from and --to write every report over the matching segments only, and say so', async () => {
    const csv = surveyCsv;
    // One question keeps the analyses short (the unfiltered run is the --text-columns test's).
    const one = ['--text-columns', oneAction, '--k', '4'];
    const all = await oneQuestion();
    expect(all.status, all.stderr).to.equal(0);
    const r = await analyse([csv, ...one, '--show-only', 'organisation_type=government', '--from', '2026-04-21', '--to', '2026-05-05']);
    expect(r.status, r.stderr).to.equal(0);
    const expected = all.synthesis!.segments.filter((seg) => seg.attributes['organisation_type'] === 'government' && seg.date! >= '2026-04-21' && seg.date! <= '2026-05-05');
    expect(expected.length).to.be.greaterThan(3).and.lessThan(all.synthesis!.segments.length / 4);
    const s = r.synthesis!;
    expect(s.segments.map((seg) => seg.id).sort()).to.deep.equal(expected.map((seg) => seg.id).sort());
    const themed = s.scopes.flatMap((sc) => sc.themes.flatMap((t) => t.segmentIds));
    expect(themed.every((id) => expected.some((seg) => seg.id === id))).to.equal(true);
    expect(s.executiveSummary[0]).to.include('organisation type is “government”, submitted 2026-04-21 to 2026-05-05');

    const none = await analyse([csv, ...one, '--show-only', 'organisation_type=ministry']);
    expect(none.status).to.equal(2);
    expect(none.stderr).to.include('values of organisation_type are:').and.include('government');
    expect(none.synthesis).to.equal(null);
  });

  it('a column that does not exist is a bad argument naming the column (exit 2)', async () => {
    const r = await analyse([path.join(SAMPLE, 'survey-responses.csv'), '--id-column', 'Respondent Number']);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.include('Respondent Number');
    expect(r.stderr).to.include('survey-responses.csv');
  });

  it('--codebook replaces the categories; a broken codebook is refused naming the file and field (exit 2)', async () => {
    const dir = await tempDir('harvest-cb-');
    const good = path.join(dir, 'two-categories.json');
    await writeFile(good, JSON.stringify({
      name: 'two categories',
      categories: [
        { id: 'cost', label: 'Cost', plural: 'Costs', keywords: ['cost', 'expensive', 'afford', 'price'], sectionCues: ['obstacles'] },
        { id: 'people', label: 'People', plural: 'People', keywords: ['municipality', 'school', 'ministry'], sectionCues: ['involved'] },
      ],
    }));
    const r = await analyse([path.join(SAMPLE, 'breakout-a-obstacles.md'), '--codebook', good]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.synthesis!.method.codebook).to.equal('two categories');
    expect(Object.keys(r.synthesis!.overview.categories).every((c) => ['cost', 'people', 'other'].includes(c))).to.equal(true);

    const bad = path.join(dir, 'broken.json');
    await writeFile(bad, JSON.stringify({ categories: [{ id: 'x', label: 'X', plural: 'Xs', keywords: 'cost' }] }));
    const r2 = await analyse([path.join(SAMPLE, 'breakout-a-obstacles.md'), '--codebook', bad]);
    expect(r2.status).to.equal(2);
    expect(r2.stderr).to.match(/broken\.json: categories\.0\.keywords/);
  });
  it('names each text file\'s encoding on stderr and in synthesis.json, and warns about mixed lines and huge lines', async () => {
    const dir = await tempDir('harvest-enc-');
    const fixtures = new URL('../fixtures/encodings/', import.meta.url).pathname;
    const files = ['bcms-latin-1250.txt', 'serbian-cyrillic-1251.txt', 'mixed-utf8-1250.txt'].map((f) => path.join(fixtures, f));
    const huge = path.join(dir, 'one-line.txt');
    await writeFile(huge, Array.from({ length: 800 }, (_, i) => `Point ${i} is that schools need more computers and trained teachers.`).join(' '));
    const out = await tempDir('harvest-enc-out-');
    const r = await runMain(['analyse', ...files, huge, '--out', out]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.include('harvest: bcms-latin-1250.txt: read as windows-1250');
    expect(r.stderr).to.include('harvest: serbian-cyrillic-1251.txt: read as windows-1251');
    expect(r.stderr).to.include('harvest: warning: mixed-utf8-1250.txt: the text is UTF-8 but 1 line is not');
    expect(r.stderr).to.match(/harvest: warning: one-line\.txt: line 1 is 5\d,\d{3} characters long/);
    const s = JSON.parse(await readFile(path.join(out, 'synthesis.json'), 'utf8')) as Synthesis;
    expect(s.documents.map((d) => d.encoding)).to.deep.equal(['windows-1250', 'windows-1251', 'utf-8 + windows-1250', 'utf-8']);
    const md = await readFile(path.join(out, 'report.md'), 'utf8');
    expect(md).to.include('| bcms-latin-1250.txt | notes | txt | windows-1250 |');
    expect(md).to.include('| mixed-utf8-1250.txt | notes | txt | utf-8 + windows-1250 ⚠ |');
  });
});

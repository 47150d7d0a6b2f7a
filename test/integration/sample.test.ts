// Golden and determinism tests of the full synthesis of corpus/sample, and CLI behaviour on it.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile, copyFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Synthesis } from '../../src/model/index.ts';
import { findInconsistencies } from '../../src/pipeline/verify.ts';
import { renderHtml } from '../../src/export/html.ts';
import { renderMarkdown } from '../../src/export/markdown.ts';
import { analysePaths, removeTempDirs, ROOT, runCli, runMain, SAMPLE, tempDir } from './helpers.ts';

/** The part of a synthesis the golden file pins: structure, counts and labels, not every token. */
function goldenView(s: Synthesis): unknown {
  return {
    overview: { ...s.overview },
    documents: s.documents.map((d) => ({ name: d.name, kind: d.kind, segments: d.segments, attendees: d.attendees, title: d.title })),
    scopes: s.scopes.map((sc) => ({
      id: sc.id,
      label: sc.label,
      segments: sc.segments,
      themes: sc.themes.map((t) => `${t.id} | ${t.label} | ${t.size}`),
      subthemes: sc.themes.flatMap((t) => t.subthemes.map((sub) => `${sub.id} | ${sub.label} | ${sub.size}`)),
    })),
    stakeholders: s.stakeholders.map((e) => `${e.type}: ${e.mentions}`),
    executiveSummary: s.executiveSummary,
  };
}

const GOLDEN = path.join(ROOT, 'test/golden/sample-synthesis.json');

describe('sample consultation (corpus/sample)', function () {
  this.timeout(240_000);
  after(removeTempDirs);
  let first: Synthesis;
  let firstDocuments: Awaited<ReturnType<typeof analysePaths>>['documents'];

  before(async () => {
    ({ synthesis: first, documents: firstDocuments } = await analysePaths([SAMPLE]));
  });

  it('reads every sample file without error', () => {
    expect(first.errors).to.deep.equal([]);
    expect(first.documents.map((d) => d.format).sort()).to.include.members(['csv', 'docx', 'md', 'pdf', 'txt', 'xlsx']);
  });

  it('matches the golden synthesis (regenerate deliberately with UPDATE_GOLDEN=1 npm test)', async () => {
    const view = goldenView(first);
    // Written only when asked: a missing golden file is a failure, never a new baseline.
    if (process.env.UPDATE_GOLDEN === '1') await writeFile(GOLDEN, `${JSON.stringify(view, null, 2)}\n`);
    expect(existsSync(GOLDEN), `${path.relative(ROOT, GOLDEN)} is missing: regenerate it deliberately with UPDATE_GOLDEN=1`).to.equal(true);
    expect(view).to.deep.equal(JSON.parse(await readFile(GOLDEN, 'utf8')));
  });

  it('is deterministic: a second run gives byte-identical JSON', async () => {
    // A run of its own (options given: not the cached analysis of this process).
    const second = (await analysePaths([SAMPLE], { seed: 42 })).synthesis;
    expect(JSON.stringify(second)).to.equal(JSON.stringify(first));
  });

  it('passes its own verification: quotes verbatim, counts recompute', () => {
    expect(findInconsistencies(first, firstDocuments)).to.deep.equal([]);
  });

  it('says under Next steps why fewer steps are listed than segments tagged Action, when a survey answer is one', () => {
    const tagged = first.segments.filter((x) => x.coding.category === 'action');
    const answers = tagged.filter((x) => x.kind === 'answer');
    expect(first.nextSteps.length, 'the sample has steps in its notes').to.be.above(0);
    expect(tagged.length).to.equal(first.nextSteps.length + answers.length);
    const md = renderMarkdown(first, { documents: firstDocuments });
    const section = md.slice(md.indexOf('\n## Next steps'), md.indexOf('\n## Documents'));
    // Whether the sample's survey has an answer tagged Action depends on the tagger; the note must follow the data
    // (test/unit/next-steps.test.ts has the sentences for one and for several).
    if (!answers.length) {
      expect(section).to.not.contain('are tagged Action and');
      return;
    }
    const expected = `${tagged.length} segments are tagged Action and ${first.nextSteps.length} are listed here: the other${answers.length === 1 ? ' is a survey answer, themed under its question' : ` ${answers.length} are survey answers, themed under their question`}`;
    expect(section).to.contain(expected);
    expect(renderHtml(first, { documents: firstDocuments })).to.contain(expected);
  });

  it('has survey questions with answer counts and rates, and the survey themes per question', () => {
    const survey = first.overview.questions.filter((q) => q.document.endsWith('.csv'));
    expect(survey).to.have.length(3);
    for (const q of survey) {
      expect(q.answered + q.blank + q.nonAnswer).to.be.greaterThanOrEqual(150);
      expect(q.answerRate).to.be.within(0.7, 1);
    }
    const questionScopes = first.scopes.filter((s) => s.kind === 'question');
    expect(questionScopes.length).to.be.greaterThanOrEqual(3);
    for (const sc of questionScopes.filter((s) => s.segments > 100)) {
      expect(sc.themes.filter((t) => !t.isOther).length).to.be.within(3, 12);
    }
  });

  it('writes scope summaries whose figures are the themes\' own', () => {
    let standouts = 0;
    for (const sc of first.scopes) {
      const top = sc.themes.find((t) => !t.isOther);
      if (!top) continue;
      const sentence = sc.summary.find((x) => x.startsWith('The largest '))!;
      expect(sentence, sc.label).to.include(` theme was “${top.label}” (`);
      // A question's themes are the question's, whatever category most answers have; a category's are named for it
      // (the points no category holds, "other", have themes too when there are enough of them: no category to name).
      if (sc.kind === 'question' || sc.category === 'other') expect(sentence).to.match(/^The largest theme was /);
      else expect(sentence).to.match(/^The largest [a-z ]+ theme was /);
      expect(sentence).to.include(`(${top.size} of ${sc.segments} `);
      expect(sentence).to.include(`${Math.round((100 * top.size) / sc.segments)}%)`);
      const by = sentence.match(/above all by (.+) \((\d+)\)\.$/);
      if (by) {
        standouts++;
        const count = Number(by[2]);
        const values = Object.values(top.byAttribute).flatMap((v) => Object.values(v));
        expect(values).to.include(count);
      }
    }
    expect(standouts).to.be.greaterThan(0);
    expect(first.executiveSummary[0]).to.match(/^This synthesis covers 6 documents/);
  });

  it('answers in other languages join English themes only through the glossary, and none is left uncounted', () => {
    const glossaryLanguages = ['sh', 'sq', 'mk', 'it'];
    let placed = 0;
    for (const sc of first.scopes) {
      for (const t of sc.themes) {
        const langs = new Set(first.segments.filter((x) => x.themeId === t.id).map((x) => (x.annotation.language === 'und' ? 'en' : x.annotation.language)));
        if (t.language !== 'en' || t.isOther) expect([...langs], t.id).to.deep.equal([t.language]);
        else for (const l of langs) if (l !== 'en') (expect(glossaryLanguages, t.id).to.include(l), placed++);
      }
    }
    expect(placed).to.be.greaterThan(0);
    expect(Object.keys(first.overview.languages).filter((l) => !['en', 'und'].includes(l)).length).to.be.greaterThanOrEqual(3);
    // The summary says where they went: all placed here, so no "0 ... not placed".
    const foreignLine = first.executiveSummary.find((l) => /in other languages than English/.test(l))!;
    const inTheme = new Set(first.scopes.flatMap((sc) => sc.themes).filter((t) => !t.isOther).flatMap((t) => t.segmentIds));
    const unplaced = first.segments.filter((x) => !['en', 'und'].includes(x.annotation.language) && !inTheme.has(x.id)).length;
    if (unplaced === 0) expect(foreignLine).to.match(/: all placed in themes/).and.not.match(/not placed/);
    else expect(foreignLine).to.contain(`${unplaced} in other languages, not placed`);
  });

  it('records personal data for redaction: an attendee named in the notes, her email and phone', () => {
    const followUp = first.segments.find((x) => x.text.includes('volunteer rota'))!;
    const spans = followUp.annotation.pii.map((p) => [p.kind, followUp.text.slice(p.start, p.end), p.text]);
    expect(spans).to.deep.include(['person', 'Mirela Dervishi', 'Mirela Dervishi']);
    expect(spans).to.deep.include(['email', 'mirela.dervishi@example.org', 'mirela.dervishi@example.org']);
    expect(spans).to.deep.include(['phone', '+355 69 555 0142', '+355 69 555 0142']);
  });

  it('labels themes with phrases that occur in their members', () => {
    for (const sc of first.scopes) {
      for (const t of sc.themes.filter((x) => !x.isOther && x.language === 'en')) {
        const members = first.segments.filter((s) => s.themeId === t.id).map((s) => s.text.toLowerCase().replace(/[’']/g, "'"));
        // A label of two points ("Families; woman") names each: the first word of each occurs in the members.
        for (const part of t.label.toLowerCase().split(':')[0]!.replace(/ \(\d+\)$/, '').split(/;\s*/)) {
          expect(members.some((m) => m.includes(part.split(' ')[0]!)), `${t.id} "${t.label}"`).to.equal(true);
        }
      }
    }
  });
});

// Two runs go through bin/harvest.js in a new process (exit 0 with the outputs, exit 2 on an unknown command); the
// others call the same main() in this process (runMain), which saves a process start-up of seconds each.
describe('harvest analyse (command line)', function () {
  this.timeout(240_000);
  after(removeTempDirs);

  it('bin/harvest.js writes the outputs and exits 0', async () => {
    // The real process, on one notes file (its start-up is the cost): two files are the next test's.
    const out = await tempDir('harvest-cli-one-');
    const r = runCli(['analyse', path.join(SAMPLE, 'breakout-a-obstacles.md'), '--out', out, '--quiet']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.include('report.html');
    expect((await readdir(out)).sort()).to.include.members(['report.html', 'report.md', 'segments.csv', 'synthesis.json']);
  });

  it('writes the four outputs of a notes file and a survey and exits 0', async () => {
    // Two files, not the whole sample: the sample as a whole is analysed (and checked) by the suite above.
    const out = await tempDir('harvest-cli-');
    const r = await runMain(['analyse', path.join(SAMPLE, 'breakout-b-notes.txt'), path.join(SAMPLE, 'survey-responses.csv'), '--out', out, '--quiet']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.include('report.html');
    const csv = await readFile(path.join(out, 'segments.csv'), 'utf8');
    expect(csv.split(/\r?\n/)[0]).to.equal('segment_id,document,line,respondent_id,question,category,stakeholder_types,theme_id,theme_label,subtheme_id,subtheme_label,campaign_id,language,text');
    const html = await readFile(path.join(out, 'report.html'), 'utf8');
    expect(html).to.not.match(/<script|<link[^>]+href=|src="https?:/i);
    const json = JSON.parse(await readFile(path.join(out, 'synthesis.json'), 'utf8')) as Synthesis;
    expect(json.tool).to.equal('harvest');
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).to.match(/^# /m);
  });

  it('--redact writes reports with personal data replaced', async () => {
    const out = await tempDir('harvest-redact-');
    const r = await runMain(['analyse', path.join(SAMPLE, 'breakout-a-obstacles.md'), '--out', out, '--quiet', '--redact']);
    expect(r.status, r.stderr).to.equal(0);
    for (const file of ['report.md', 'report.html', 'segments.csv', 'synthesis.json']) {
      const text = await readFile(path.join(out, file), 'utf8');
      expect(text, file).to.not.include('mirela.dervishi@example.org');
      expect(text, file).to.not.include('555 0142');
      expect(text, file).to.include('[email]');
    }
    // The facilitator and rapporteur named in the notes' header lines are people too.
    for (const file of ['report.md', 'report.html']) {
      const text = await readFile(path.join(out, file), 'utf8');
      expect(text, file).to.not.match(/Teodora Ilievska|Arbana Hoti/);
    }
    // synthesis.json is redacted too: the folder can be shared as it is (test/security/redaction.test.ts covers the rest).
    const json = await readFile(path.join(out, 'synthesis.json'), 'utf8');
    expect(json).to.not.match(/Teodora|Ilievska|mirela\.dervishi@example\.org/);
  });

  it('exits 2 on bad arguments with a message naming the problem', async () => {
    const r = await runMain(['analyse', SAMPLE, '--out', os.tmpdir(), '--k', 'many']);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/--k must be a whole number/);
    expect((await runMain(['analyse', SAMPLE])).stderr).to.match(/--out/);
    const unknown = runCli(['frobnicate']);
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.include('unknown command "frobnicate"');
  });

  it('exits 1 when no file could be read, naming each file', async () => {
    const dir = await tempDir('harvest-bad-');
    await writeFile(path.join(dir, 'empty.txt'), '');
    await writeFile(path.join(dir, 'junk.csv'), Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7]));
    const r = await runMain(['analyse', dir, '--out', path.join(dir, 'out'), '--quiet']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.include('empty.txt');
    expect(r.stderr).to.include('junk.csv');
  });

  it('keeps analysing the good files when one is bad, and reports the bad one', async () => {
    const dir = await tempDir('harvest-mixed-');
    await copyFile(path.join(SAMPLE, 'breakout-a-obstacles.md'), path.join(dir, 'breakout-a-obstacles.md'));
    await writeFile(path.join(dir, 'broken.docx'), Buffer.from('PK\u0003\u0004 this is not really a zip'));
    await mkdir(path.join(dir, 'out'));
    const r = await runMain(['analyse', dir, '--out', path.join(dir, 'out'), '--quiet']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.include('broken.docx');
    const json = JSON.parse(await readFile(path.join(dir, 'out', 'synthesis.json'), 'utf8')) as Synthesis;
    expect(json.errors.map((e) => e.file)).to.deep.equal(['broken.docx']);
    expect(json.overview.documents).to.equal(1);
  });
});

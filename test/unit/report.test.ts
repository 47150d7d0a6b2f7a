// Tests of the report renderers (view model, Markdown, HTML, segments CSV, SVG charts) on a hand-made synthesis.
import fs from 'node:fs';
import { expect } from 'chai';
import { synthesis, type Synthesis } from '../../src/model/index.ts';
import { buildReportView } from '../../src/report/view-model.ts';
import { defaultTitle, formatPercent, oneVoiceOf } from '../../src/report/format.ts';
import { createRedactor, redactSpans } from '../../src/report/redactor.ts';
import { escapeCell, escapeMarkdown, renderMarkdown } from '../../src/export/markdown.ts';
import { renderHtml } from '../../src/export/html.ts';
import { filterSynthesis } from '../../src/report/filtered.ts';
import { neutraliseFormula, quoteField, renderSegmentsCsv, SEGMENT_CSV_COLUMNS } from '../../src/export/csv.ts';
import { barWidths, renderBarChart, wrapLabel } from '../../src/report/charts.ts';

// Parsed through the schema first, so a stale fixture fails loudly here rather than in an assertion.
const fixture: Synthesis = synthesis.parse(
  JSON.parse(fs.readFileSync(new URL('../fixtures/synthesis-small.json', import.meta.url), 'utf8')),
);

const QUESTION = 'What stops you from taking a digital course?';

describe('report: segments CSV', () => {
  const csv = renderSegmentsCsv(fixture);
  const records = csv.split('\r\n');

  it('has exactly the agreed columns and header line', () => {
    expect([...SEGMENT_CSV_COLUMNS]).to.deep.equal([
      'segment_id', 'document', 'line', 'respondent_id', 'question', 'category',
      'stakeholder_types', 'theme_id', 'theme_label', 'subtheme_id', 'subtheme_label', 'campaign_id', 'language', 'text',
    ]);
    expect(records[0]).to.equal(
      'segment_id,document,line,respondent_id,question,category,stakeholder_types,theme_id,theme_label,subtheme_id,subtheme_label,campaign_id,language,text',
    );
  });

  it('writes one CRLF-terminated row per segment, UTF-8 without BOM', () => {
    expect(csv.charCodeAt(0)).to.not.equal(0xfeff);
    expect(csv.endsWith('\r\n')).to.equal(true);
    // 11 segments + header; a1 holds an embedded LF (not CRLF), so it does not split here.
    expect(records.length).to.equal(13);
    expect(records[12]).to.equal('');
  });

  it('quotes a text with a comma, double quotes and a newline per RFC 4180', () => {
    expect(records).to.include(
      `a1,survey.csv,2,R001,${QUESTION},barrier,,t-care,Childcare and class times,,,,en,"Childcare, mostly.\nThe evening classes ""clash"" with school pick-up."`,
    );
  });

  it('joins stakeholder types with ; and looks up theme labels from the scopes', () => {
    expect(records).to.include(
      's6,breakout-a.md,22,,What would help,intervention,government,t-mentor,Mentoring for women returning to work,,,,en,The Ministry of Labour | Employment office could fund mentors for returning mothers.',
    );
  });

  it('neutralises formula injection in cells', () => {
    expect(records).to.include(
      `a4,survey.csv,5,R004,${QUESTION},barrier,,t-data,Internet cost and speed,,,,en,'=1+2 hours of mobile data cost a day of my pay.`,
    );
    expect(records).to.include(
      `a6,survey.csv,7,R006,${QUESTION},barrier,,t-data,Internet cost and speed,,,,en,'@home the internet is too slow for video lessons.`,
    );
  });

  const formulaCases: [string, string][] = [
    ['=SUM(A1:A3)', "'=SUM(A1:A3)"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['-5 points', "'-5 points"],
    ['@mention', "'@mention"],
    ['\tindented', "'\tindented"],
    ['\rreturn', "'\rreturn"],
    ['plain text', 'plain text'],
    [' =not first', ' =not first'],
    ['', ''],
  ];
  for (const [input, expected] of formulaCases) {
    it(`neutraliseFormula(${JSON.stringify(input)}) -> ${JSON.stringify(expected)}`, () => {
      expect(neutraliseFormula(input)).to.equal(expected);
    });
  }

  const quoteCases: [string, string][] = [
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
  ];
  for (const [input, expected] of quoteCases) {
    it(`quoteField(${JSON.stringify(input)}) -> ${JSON.stringify(expected)}`, () => {
      expect(quoteField(input)).to.equal(expected);
    });
  }

  it('redacts the name and e-mail only when asked', () => {
    expect(records).to.include(
      's3,breakout-a.md,21,,What would help,intervention,,t-mentor,Mentoring for women returning to work,,,,en,Ask Marija Petrovic at marija.petrovic@example.org about the mentoring pilot.',
    );
    const redacted = renderSegmentsCsv(fixture, { redact: true }).split('\r\n');
    expect(redacted).to.include(
      's3,breakout-a.md,21,,What would help,intervention,,t-mentor,Mentoring for women returning to work,,,,en,Ask [name] at [email] about the mentoring pilot.',
    );
    expect(redacted.join('\n')).to.not.match(/marija/i);
  });
});

describe('report: redaction', () => {
  it('replaces spans by offset and skips spans whose offsets do not match', () => {
    const text = 'Call Ana on 064 123 4567.';
    expect(
      redactSpans(text, [
        { kind: 'person', start: 5, end: 8, text: 'Ana' },
        { kind: 'phone', start: 12, end: 24, text: '064 123 4567' },
        { kind: 'email', start: 0, end: 4, text: 'nope' },
      ]),
    ).to.equal('Call [name] on [phone].');
  });

  it('redacts known names, e-mails and phone numbers in free text but leaves dates alone', () => {
    const r = createRedactor(fixture, true);
    expect(r.text('Thanks to marija petrovic (+381 64 123 4567), 2024-03-14.')).to.equal('Thanks to [name] ([phone]), 2024-03-14.');
    expect(r.text('Write to someone@example.net')).to.equal('Write to [email]');
    expect(createRedactor(fixture, false).text('Write to someone@example.net')).to.equal('Write to someone@example.net');
  });
});

describe('report: view model', () => {
  const view = buildReportView(fixture);

  it('titles the report after the first document title', () => {
    expect(view.title).to.equal('Synthesis: Consultation on women in digital jobs');
  });

  it('orders themes by size with the Other theme last', () => {
    expect(view.scopes.map((s) => s.themes.map((t) => t.id))).to.deep.equal([
      ['t-cost', 't-xss', 't-other'],
      ['t-mentor'],
      ['t-care', 't-data'],
    ]);
    expect(view.scopes[0].themes.map((t) => t.rank)).to.deep.equal(['1', '2', '—']);
  });

  it('orders categories by count with other last, shares of all segments', () => {
    expect(view.categories.map((c) => [c.id, c.label, c.count, c.share])).to.deep.equal([
      ['barrier', 'Barrier', 8, '73%'],
      ['intervention', 'Intervention', 2, '18%'],
      ['stakeholder', 'Stakeholder', 0, '0%'],
      ['capacity_gap', 'Capacity gap', 0, '0%'],
      ['other', 'Other', 1, '9%'],
    ]);
  });

  it('writes provenance for notes and survey quotes', () => {
    expect(view.scopes[0].themes[0].quotes[0].provenance).to.equal("breakout-a.md, line 12, section 'Obstacles'");
    expect(view.scopes[2].themes[0].quotes[0].provenance).to.equal('survey.csv, respondent R001, line 2');
  });

  it('breaks a theme down by attribute and document', () => {
    const care = view.scopes[2].themes[0];
    expect(care.sizeLine).to.equal('3 segments (60%)');
    expect(care.byAttribute.map((b) => [b.heading, b.rows.map((r) => [r.label, r.count, r.share])])).to.deep.equal([
      ['By country', [['Serbia', 2, '67%'], ['Albania', 1, '33%']]],
      ['By org type', [['NGO', 2, '67%'], ['Public sector', 1, '33%']]],
    ]);
    expect(care.byDocument).to.deep.equal([{ label: 'survey.csv', count: 3, share: '100%' }]);
  });

  it('takes the title given (the consultation name, --title) over the documents\' titles', () => {
    expect(buildReportView(fixture, { title: 'Digital jobs: national consultation' }).title).to.equal('Digital jobs: national consultation');
    const md = renderMarkdown(fixture, { title: 'Digital jobs: national consultation' });
    expect(md.startsWith('# Digital jobs: national consultation\n')).to.equal(true);
  });

  // documents' titles -> the default title: the one naming a consultation, else the first, never "N documents".
  const titleCases: [(string | null)[], string][] = [
    [['Breakout Group A: Obstacles', 'Regional consultation - Digital skills', null], 'Synthesis: Regional consultation - Digital skills'],
    [['Breakout Group A', 'Breakout Group B'], 'Synthesis: Breakout Group A'],
    [[null, null], 'Consultation synthesis'],
    [[], 'Consultation synthesis'],
  ];
  for (const [titles, expected] of titleCases) {
    it(`defaultTitle(${JSON.stringify(titles)}) -> ${expected}`, () => {
      expect(defaultTitle(titles.map((title) => ({ title })))).to.equal(expected);
    });
  }

  it('lists documents by title with the file name beside it', () => {
    expect(view.documents.map((d) => d.label)).to.deep.equal(['Consultation on women in digital jobs (breakout-a.md)', 'survey.csv']);
    const html = renderHtml(fixture);
    expect(html).to.include('<th scope="row">Consultation on women in digital jobs</th><td>breakout-a.md</td>');
  });

  it('says what each category number counts: all segments and the notes points in its section', () => {
    expect(view.categories.map((c) => [c.id, c.count, c.inNotes])).to.deep.equal([
      ['barrier', 8, 4], ['intervention', 2, 2], ['stakeholder', 0, 0], ['capacity_gap', 0, 0], ['other', 1, 0],
    ]);
    // recomputable: the notes points are the category scope's segments, the rest are survey answers
    const barrierScope = fixture.scopes.find((sc) => sc.kind === 'category' && sc.category === 'barrier')!;
    expect(barrierScope.segments).to.equal(4);
    expect(view.categoriesNote).to.match(/^All segments: every segment tagged with the category, notes and survey answers alike\. In notes:/);
    expect(renderMarkdown(fixture)).to.include('| Category | All segments | Share | In notes |');
  });

  it('says coherence in words, the number in a tooltip', () => {
    const cost = view.scopes[0].themes[0];
    expect([cost.coherenceText, cost.coherence]).to.deep.equal(['a loose theme: check it', '0.41']);
    const html = renderHtml(fixture);
    expect(html).to.include('<span class="coherence" title="coherence 0.41 (how alike its segments are, 0 to 1)">a loose theme: check it</span>');
    expect(html).to.not.match(/· coherence 0\.\d\d</);
  });

  it('names the one voice that carries a theme, with counts from its breakdowns', () => {
    const care = view.scopes[2].themes[0];
    // Serbia gave 2 of the theme's 3 answers but 2 of the question's 5 (40%).
    expect(care.oneVoice).to.equal('2 of 3 answers from country “Serbia”, which gave 40% of this question\'s answers');
    expect(view.scopes[2].themes[1].oneVoice).to.equal(null);
    // one group in the whole scope: nothing to say
    expect(view.scopes[0].themes.map((t) => t.oneVoice)).to.deep.equal([null, null, null]);
  });

  it('names a breakout group as "group C" and a document by its file name', () => {
    const theme = (id: string, size: number, group: Record<string, number>, doc: Record<string, number>) =>
      ({ ...fixture.scopes[0].themes[0], id, isOther: false, size, byAttribute: { group }, byDocument: doc });
    const a = theme('a', 9, { C: 8, A: 1 }, { 'c.md': 8, 'a.md': 1 });
    const b = theme('b', 20, { A: 15, B: 5 }, { 'a.md': 15, 'b.md': 5 });
    expect(oneVoiceOf(a, [a, b], 'points')).to.equal('8 of 9 points from group C, which gave 28% of this section\'s points');
    expect(oneVoiceOf(b, [a, b], 'points')).to.equal(null);
  });

  it('renders a quote that spans wrapped source lines as one paragraph', () => {
    const wrapped = structuredClone(fixture);
    const q = wrapped.scopes[0].themes.find((t) => t.id === 't-cost')!.quotes[0]!;
    q.text = `${q.text}\n  and the data.`;
    const v = buildReportView(wrapped);
    expect(v.scopes[0].themes[0].quotes[0].text).to.equal(`${fixture.scopes[0].themes.find((t) => t.id === 't-cost')!.quotes[0]!.text} and the data.`);
  });

  const percentCases: [number, string][] = [
    [0, '0%'],
    [0.8333, '83%'],
    [0.004, '0.4%'],
    [0.00001, '0.1%'],
    [1, '100%'],
  ];
  for (const [share, expected] of percentCases) {
    it(`formatPercent(${share}) -> ${expected}`, () => {
      expect(formatPercent(share)).to.equal(expected);
    });
  }
});

describe('report: Show only (filterSynthesis)', () => {
  const serbia = filterSynthesis(fixture, (seg) => seg.attributes.country === 'Serbia', 'country is “Serbia”');
  const kept = fixture.segments.filter((seg) => seg.attributes.country === 'Serbia');

  it('keeps only the matching segments, with every count recomputed from them', () => {
    expect(serbia.segments.map((seg) => seg.id)).to.deep.equal(kept.map((seg) => seg.id));
    expect(serbia.overview.segments).to.equal(kept.length);
    for (const scope of serbia.scopes) {
      expect(scope.segments).to.equal(scope.themes.reduce((a, t) => a + t.size, 0));
      for (const t of scope.themes) {
        expect(t.size).to.equal(t.segmentIds.length);
        for (const id of t.segmentIds) expect(kept.some((seg) => seg.id === id)).to.equal(true);
        for (const q of t.quotes) expect(kept.some((seg) => seg.id === q.segmentId)).to.equal(true);
      }
    }
    const care = serbia.scopes.find((sc) => sc.id === 'q-1')!.themes.find((t) => t.id === 't-care')!;
    expect([care.size, care.byAttribute.country, care.byDocument]).to.deep.equal([2, { Serbia: 2 }, { 'survey.csv': 2 }]);
  });

  it('rewrites the summary from the matching segments and says which filter applies', () => {
    expect(serbia.executiveSummary[0]).to.equal(
      `Show only country is “Serbia”: ${kept.length} of ${fixture.segments.length} segments (${formatPercent(kept.length / fixture.segments.length)}), from 1 of 2 documents, 2 survey respondents. Every number below counts these segments only.`,
    );
    const v = buildReportView(serbia);
    expect(v.categories.reduce((a, c) => a + c.count, 0)).to.equal(kept.length);
  });
});

describe('report: Markdown', () => {
  const md = renderMarkdown(fixture);

  it('has the theme table rows, with the Other theme last', () => {
    expect(md).to.include('| 1 | Cost of devices and data | 2 | 50% | cost, mobile data, laptop |');
    expect(md).to.include('| — | Other | 1 | 25% | — |');
    const costRow = md.indexOf('| 1 | Cost of devices and data |');
    const otherRow = md.indexOf('| — | Other |');
    expect(costRow).to.be.greaterThan(0);
    expect(otherRow).to.be.greaterThan(costRow);
    const otherSection = md.indexOf('### Other (not grouped into a theme)');
    expect(otherSection).to.be.greaterThan(md.indexOf('### 2. &lt;script&gt;'));
    expect(otherSection).to.be.lessThan(md.indexOf('## Interventions (category)'));
  });

  it('shows quotes as blockquotes with provenance', () => {
    expect(md).to.include(
      "> Mobile data costs too much for women in rural areas, so many leave online courses halfway.\n>\n> — breakout-a.md, line 12, section 'Obstacles'",
    );
    expect(md).to.include('> Childcare, mostly.\\\n> The evening classes "clash" with school pick-up.\n>\n> — survey.csv, respondent R001, line 2');
  });

  it('shows the overview, the answer rate, the hand-edited mark and the method', () => {
    expect(md.startsWith('# Synthesis: Consultation on women in digital jobs\n')).to.equal(true);
    expect(md).to.include(`| ${QUESTION} | survey.csv | 5 | 1 | 0 | 83% |`);
    expect(md).to.include('| 1 | Mentoring for women returning to work (edited by hand) | 2 | 100% | mentor, mentoring |');
    expect(md).to.include('| Families | 3 | 1 | children (1), family (1), parents (1) | breakout-a.md (2), survey.csv (1) | country: Serbia (1); group: Breakout A (2) |');
    expect(md).to.include('- **Not analysed:** 2 lines (line and reason: 1 title · 3 metadata)');
    expect(md).to.include('| scan.pdf | ENCRYPTED_FILE | The file is password-protected. |');
    expect(md).to.include('- **Seed:** 42');
  });

  it('escapes HTML and table-breaking characters', () => {
    expect(md).to.not.include('<script>');
    expect(md).to.not.include('<img');
    expect(md).to.include('| 2 | &lt;script&gt;alert(1)&lt;/script&gt; Family expectations | 1 | 25% | parents, boys |');
    expect(md).to.include('> The login page of the job portal confuses people"&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  const escapeCases: [string, string][] = [
    ['<b>bold</b>', '&lt;b&gt;bold&lt;/b&gt;'],
    ['[click](javascript:alert(1))', '\\[click\\](javascript:alert(1))'],
    ['[name] stays readable', '[name] stays readable'],
    ['*stars* and `ticks`', '\\*stars\\* and \\`ticks\\`'],
    ['snake_case stays, _edge_ does not', 'snake_case stays, \\_edge\\_ does not'],
  ];
  for (const [input, expected] of escapeCases) {
    it(`escapeMarkdown(${JSON.stringify(input)})`, () => {
      expect(escapeMarkdown(input)).to.equal(expected);
    });
  }

  it('escapes pipes and flattens newlines in table cells', () => {
    expect(escapeCell('Ministry | Office\nline two')).to.equal('Ministry \\| Office line two');
  });

  it('redacts names and e-mails in quotes and metadata', () => {
    const redacted = renderMarkdown(fixture, { redact: true });
    expect(redacted).to.include('> Ask [name] at [email] about the mentoring pilot.');
    expect(redacted).to.include('- **contact:** [email]');
    expect(redacted).to.not.match(/marija|lead\.facilitator/i);
    expect(md).to.include('> Ask Marija Petrovic at marija.petrovic@example.org about the mentoring pilot.');
  });
});

describe('report: HTML', () => {
  const html = renderHtml(fixture);

  it('is one self-contained page: no scripts, no external URLs, a print stylesheet', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).to.equal(true);
    expect(html).to.not.match(/<script/i);
    expect(html).to.not.match(/https?:\/\//i);
    expect(html).to.not.match(/<(img|link|iframe|object)\b/i);
    expect(html).to.include('@media print');
    expect(html).to.include('<title>Synthesis: Consultation on women in digital jobs</title>');
    expect(html).to.include('<dt>Not analysed</dt><dd><details><summary>2 lines</summary><p class="small">Line and reason: 1 title · 3 metadata</p></details></dd>');
  });

  it('escapes XSS payloads in a theme label and in a quote', () => {
    expect(html).to.include('<h3>2. &lt;script&gt;alert(1)&lt;/script&gt; Family expectations</h3>');
    expect(html).to.include('<blockquote><p>The login page of the job portal confuses people&#34;&gt;&lt;img src=x onerror=alert(1)&gt;</p></blockquote>');
    expect(html).to.include('<title>&lt;script&gt;alert(1)&lt;/script&gt; Family expectations: 1 (25%)</title>');
  });

  it('shows quotes with provenance and marks Other and hand-edited themes', () => {
    expect(html).to.include("<figcaption>— breakout-a.md, line 12, section &#39;Obstacles&#39;</figcaption>");
    expect(html).to.include('<h3>Other (not grouped into a theme) <span class="badge badge-other">Other</span></h3>');
    expect(html).to.include('<h3>1. Mentoring for women returning to work <span class="badge badge-human">Edited by hand</span></h3>');
    // The Other theme comes after the other themes of its scope.
    expect(html.indexOf('id="theme-1-3"')).to.be.greaterThan(html.indexOf('id="theme-1-2"'));
    expect(html.indexOf('id="theme-1-3"')).to.be.lessThan(html.indexOf('id="scope-2"'));
  });

  it('has accessible charts with a title and an aria-label', () => {
    expect(html).to.include('<svg class="chart" role="img" aria-label="Theme sizes: Barriers" viewBox="0 0 640 104"'); // the second label wraps onto two lines
    expect(html).to.include('<title>Theme sizes: Barriers</title>');
  });

  it('redacts names and e-mails', () => {
    const redacted = renderHtml(fixture, { redact: true });
    expect(redacted).to.include('<blockquote><p>Ask [name] at [email] about the mentoring pilot.</p></blockquote>');
    expect(redacted).to.not.match(/marija|lead\.facilitator/i);
  });
});

describe('report: SVG bar charts', () => {
  const widthCases: [number[], number, number[]][] = [
    [[3, 2], 330, [330, 220]],
    [[10, 5, 0, 1], 200, [200, 100, 0, 20]],
    [[1000, 1], 330, [330, 1]],
    [[0, 0], 100, [0, 0]],
  ];
  for (const [values, max, expected] of widthCases) {
    it(`barWidths(${JSON.stringify(values)}, ${max}) -> ${JSON.stringify(expected)}`, () => {
      expect(barWidths(values, max)).to.deep.equal(expected);
    });
  }

  // label -> its lines at 34 characters: wrapped at a space, never cut before two lines are full.
  const wraps: [string, string[]][] = [
    ['Rural connectivity', ['Rural connectivity']],
    ['Rural connectivity (edited by hand)', ['Rural connectivity (edited by', 'hand)']],
    ['Community hubs in every municipality (edited by hand)', ['Community hubs in every', 'municipality (edited by hand)']],
    ['A very long label that goes on and on well past two full lines of text', ['A very long label that goes on and', 'on well past two full lines of te…']],
    ['Supercalifragilisticexpialidocious-and-more-words', ['Supercalifragilisticexpialidociou…']],
  ];
  for (const [label, lines] of wraps) {
    it(`wrapLabel(${JSON.stringify(label)})`, () => expect(wrapLabel(label, 34)).to.deep.equal(lines));
  }

  it('draws theme bars proportional to theme sizes', () => {
    const svg = buildReportView(fixture).scopes[2].chartSvg;
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).to.deep.equal([330, 220]);
  });

  it('escapes labels and returns nothing for no bars', () => {
    const svg = renderBarChart([{ label: 'A & <B>', value: 1, muted: true }], { title: 'T "1"' });
    expect(svg).to.include('aria-label="T &quot;1&quot;"');
    expect(svg).to.include('>A &amp; &lt;B&gt;</text>');
    expect(svg).to.include('fill="#6e7781"');
    expect(renderBarChart([], { title: 'empty' })).to.equal('');
  });
});

// The Markdown report: the report view model written as CommonMark/GFM, with every shown text escaped.
import type { Synthesis } from '../model/index.ts';
import { buildReportView } from '../report/view-model.ts';
import { plural } from '../report/format.ts';
import type { CountRow, QuoteView, ReportOptions, ReportView, ScopeView, ThemeView } from '../report/view-types.ts';

/**
 * Escape text for inline Markdown: no raw HTML (< > become entities), no emphasis or code spans,
 * no links or images (brackets are escaped when they could form one).
 */
export function escapeMarkdown(text: string): string {
  let out = text
    .replace(/\\/g, '\\\\')
    .replace(/`/g, '\\`')
    .replace(/\*/g, '\\*')
    .replace(/~/g, '\\~')
    // Underscores only emphasise at word edges; inside words (snake_case) they are left as they are.
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
    .replace(/&(?=[#\p{L}\p{N}]+;)/gu, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  if (/\]\s*[([:]/.test(out)) out = out.replace(/\[/g, '\\[').replace(/\]/g, '\\]');
  return out;
}

/** Escape text for a table cell: inline escaping, pipes escaped, line breaks flattened to spaces. */
export function escapeCell(text: string): string {
  return escapeMarkdown(text.replace(/\s*\r?\n\s*/g, ' ')).replace(/\|/g, '\\|');
}

/** Escape one line of running text, also neutralising what would start a block (heading, list, quote, rule). */
function escapeLine(line: string): string {
  const escaped = escapeMarkdown(line.trim());
  if (/^(#{1,6}|[-+])(\s|$)/.test(escaped) || /^&gt;/.test(escaped) || /^(=+|-+)$/.test(escaped)) return `\\${escaped}`;
  return escaped.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/** A heading line: inline escaping only (a heading's text cannot open a block), closing #s escaped. */
function heading(level: number, text: string): string {
  return `${'#'.repeat(level)} ${escapeMarkdown(text.replace(/\s+/g, ' ').trim()).replace(/#+$/, (m) => `\\${m}`)}`;
}

/** Escape a paragraph that may span lines; lines are kept with hard breaks. */
function paragraph(text: string): string {
  return text
    .split(/\r?\n/)
    .map(escapeLine)
    .filter((l) => l.length > 0)
    .join('\\\n');
}

function table(headers: string[], rows: (string | number)[][], align: ('l' | 'r')[] = []): string {
  const head = `| ${headers.map(escapeCell).join(' | ')} |`;
  const rule = `|${headers.map((_, i) => (align[i] === 'r' ? '---:' : '---')).join('|')}|`;
  const body = rows.map((row) => `| ${row.map((c) => escapeCell(String(c))).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

function countTable(first: string, rows: CountRow[]): string {
  return table(
    [first, 'Segments', 'Share'],
    rows.map((r) => [r.label, r.count, r.share]),
    ['l', 'r', 'r'],
  );
}

function blockquote(q: QuoteView): string {
  const body = paragraph(q.text)
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  return `${body}\n>\n> — ${escapeMarkdown(q.provenance)}`;
}

/** Adds blocks to the document (empty ones are skipped). */
type Push = (...blocks: string[]) => void;

/** The title, the subtitle, the redaction note and the summary. */
function titleAndSummary(v: ReportView, push: Push): void {
  push(heading(1, v.title), `*${escapeMarkdown(v.subtitle)}*`);
  if (v.redacted) push(`*${escapeMarkdown(v.redactionNote)}*`);

  push('## Summary');
  push(v.executiveSummary.length > 0 ? v.executiveSummary.map((x) => `- ${escapeMarkdown(x)}`).join('\n') : 'No summary sentences were produced.');
}

/** Overview: facts, documents, organisations, survey questions with their non-answers, languages. */
function overviewSection(v: ReportView, push: Push): void {
  push('## Overview');
  push(v.overview.facts.map((f) => `- **${escapeMarkdown(f.label)}:** ${escapeMarkdown(f.value)}`).join('\n'));
  push('### Documents');
  push(
    table(
      ['Document', 'File', 'Kind', 'Format', 'Encoding', 'Segments', 'Attendees'],
      v.overview.documents.map((d) => [d.title === '—' ? d.name : d.title, d.name, d.kind, d.format, d.warnings.length ? `${d.encoding} ⚠` : d.encoding, d.segments, d.attendees]),
      ['l', 'l', 'l', 'l', 'l', 'r', 'r'],
    ),
  );
  const warned = v.overview.documents.flatMap((d) => d.warnings.map((w) => `- ⚠ **${escapeMarkdown(d.name)}:** ${escapeMarkdown(w)}`));
  if (warned.length) push(warned.join('\n'));
  if (v.overview.organisations.length > 0) {
    push('### Organisations present');
    push(v.overview.organisations.map((o) => `- ${escapeMarkdown(o)}`).join('\n'));
  }
  if (v.overview.questions.length > 0) {
    push('### Survey questions');
    push(
      table(
        ['Question', 'Document', 'Answered', 'Blank', 'Non-answers', 'Answer rate'],
        v.overview.questions.map((q) => [q.question, q.document, q.answered, q.blank, q.nonAnswer, q.answerRate]),
        ['l', 'l', 'r', 'r', 'r', 'r'],
      ),
    );
    for (const q of v.overview.questions) {
      if (q.nonAnswers.length === 0) continue;
      const listed = q.nonAnswers.map((n) => `“${escapeMarkdown(n.text)}”${n.count > 1 ? ` ×${n.count}` : ''}`).join(' · ');
      push(`**No substantive answer** (${q.nonAnswer}, not themed) to “${escapeMarkdown(q.question)}”: ${listed}`);
    }
  }
  if (v.overview.languages.length > 0) {
    push('### Languages');
    push(countTable('Language', v.overview.languages));
  }
}

/** Categories: every category's segments, all and in notes. */
function categoriesSection(v: ReportView, push: Push): void {
  push('## Categories');
  push(
    table(['Category', 'All segments', 'Share', 'In notes'], v.categories.map((c) => [c.label, c.count, c.share, c.inNotes]), ['l', 'r', 'r', 'r']),
    `*${escapeMarkdown(v.categoriesNote)}*`,
  );
}

/** One theme: size and coherence, description, one voice, key terms, quotes, sub-themes, breakdowns. */
function themeSection(t: ThemeView, push: Push): void {
  push(heading(3, t.heading));
  const notes = [`**${escapeMarkdown(t.sizeLine)}**`];
  if (t.isOther) notes.push('Segments too few or too unlike the others to form a theme.');
  else notes.push(`${escapeMarkdown(t.coherenceText)} (coherence ${t.coherence})`);
  if (t.editedByHuman) notes.push('*Edited by hand.*');
  push(notes.join(' · '));
  if (t.description) push(`*${escapeMarkdown(t.description)}*`);
  if (t.oneVoice) push(`**One voice:** ${escapeMarkdown(t.oneVoice)}.`);
  push(`Key terms: ${escapeMarkdown(t.keyTermsText)}`);
  for (const q of t.quotes) push(blockquote(q));
  if (t.subthemes.length > 0) {
    // Collapsed where Markdown allows HTML (GitHub, most viewers); a plain list of headings elsewhere.
    push(`<details><summary>${t.subthemes.length} sub-themes</summary>`);
    for (const sub of t.subthemes) {
      push(heading(4, sub.label), `${escapeMarkdown(sub.sizeLine)}${sub.editedByHuman ? ' · *Edited by hand.*' : ''} · Key terms: ${escapeMarkdown(sub.keyTermsText)}`);
      for (const q of sub.quotes) push(blockquote(q));
    }
    push('</details>');
  }
  for (const b of t.byAttribute) {
    push(`**${escapeMarkdown(b.heading)}**`, countTable('Value', b.rows));
  }
  if (t.byDocument.length > 0) push('**By document**', countTable('Document', t.byDocument));
}

/** One question, category or section: its counts, summary, theme table and themes. */
function scopeSection(scope: ScopeView, push: Push): void {
  push(heading(2, scope.heading), `*${escapeMarkdown(scope.countsLine)}*`);
  if (scope.summary.length > 0) push(scope.summary.map((x) => `- ${escapeMarkdown(x)}`).join('\n'));
  if (scope.themes.length === 0) {
    push('No themes: too few segments in this scope.');
    return;
  }
  push(
    table(
      ['Rank', 'Theme', 'Segments', 'Share', 'Key terms'],
      scope.themes.map((t) => [t.rank, t.tableLabel, t.countText, t.share, t.keyTermsText]),
      ['r', 'l', 'r', 'r', 'l'],
    ),
  );
  for (const t of scope.themes) themeSection(t, push);
}

/** The facilitator's clusters of each whiteboard beside Harvest's themes. */
function boardGroupingsSection(v: ReportView, push: Push): void {
  if (v.boardGroupings.length > 0) {
    push("## Facilitator's clusters");
    push("How the stickies of each whiteboard were grouped on the board, and which of Harvest's themes they are in.");
    for (const g of v.boardGroupings) {
      push(heading(3, g.document));
      push(escapeMarkdown(`${plural(g.stickies, 'sticky', 'stickies')} grouped by ${g.groupedBy}. ${g.agreementWords} (agreement ${g.agreement}, adjusted Rand index).`));
      push(table(['Cluster on the board', 'Stickies', "Harvest's themes"], g.rows.map((r) => [r.cluster, String(r.stickies), r.themes])));
    }
  }
}

/** The stakeholder map and its quotes. */
function stakeholdersSection(v: ReportView, push: Push): void {
  push('## Stakeholder map');
  if (v.stakeholders.length === 0) push('No stakeholders were named.');
  else {
    push(
      table(
        ['Stakeholder', 'Mentions', 'As stakeholder', 'Top terms', 'Named in', 'Named by'],
        v.stakeholders.map((st) => [st.label, st.mentions, st.asStakeholder, st.topTerms, st.byDocument, st.byAttribute]),
        ['l', 'r', 'r', 'l', 'l', 'l'],
      ),
    );
    for (const st of v.stakeholders) {
      if (st.quotes.length === 0) continue;
      push(heading(3, st.label));
      for (const q of st.quotes) push(blockquote(q));
    }
  }
}

/** Campaigns and copies: answers pasted from one template. */
function campaignsSection(v: ReportView, push: Push): void {
  push('## Campaigns and copies');
  push(escapeMarkdown(v.campaigns.method), escapeMarkdown(v.campaigns.countingLine));
  if (v.campaigns.noneFound) push(v.campaigns.noneFound);
  for (const c of v.campaigns.campaigns) {
    push(heading(3, c.heading), escapeMarkdown(c.countLine), blockquote(c.template), escapeMarkdown(c.variation));
    push(`Themes: ${escapeMarkdown(c.themesText)}\n\nRespondents: ${escapeMarkdown(c.respondentsText)}`);
  }
}

/** Who said it differently. */
function differencesSection(v: ReportView, push: Push): void {
  push('## Who said it differently');
  push(escapeMarkdown(v.differences.method));
  if (v.differences.noneFound) push('No difference between groups passed the test.');
  if (v.differences.claims.length) push(v.differences.claims.map((d) => `- ${escapeMarkdown(d.sentence)}`).join('\n'));
}

/** Minority views set aside. */
function minorityViewsSection(v: ReportView, push: Push): void {
  push('## Minority views');
  if (v.minorityViews.length === 0) push('No minority views were set aside.');
  for (const m of v.minorityViews) {
    push(`**${escapeMarkdown(m.scopeLabel)}** (${escapeMarkdown(m.categoryLabel)}): ${escapeMarkdown(m.reason)}`, blockquote(m.quote));
  }
}

/** The Next steps register (when the consultation has notes). */
function nextStepsSection(v: ReportView, push: Push): void {
  if (v.showNextSteps) {
    push('## Next steps');
    if (v.nextSteps.length === 0) push('No next steps (who will do what by when) were found in the notes.');
    else push(table(['Owner', 'Action', 'Due', 'Source'], v.nextSteps.map((n) => [n.owner, n.task, n.due, n.source])));
    if (v.nextStepsNote) push(`_${escapeMarkdown(v.nextStepsNote)}_`);
  }
}

/** Each document: how it was read and what it holds. */
function documentsSection(v: ReportView, push: Push): void {
  push('## Documents');
  for (const d of v.documents) {
    push(heading(3, d.label));
    const lines = [
      `- **Title:** ${escapeMarkdown(d.title)}`,
      `- **Kind:** ${escapeMarkdown(`${d.kind} (${d.format})`)}`,
      `- **Encoding:** ${escapeMarkdown(d.encoding)}`,
      ...d.warnings.map((w) => `- **Warning:** ${escapeMarkdown(w)}`),
      `- **Segments:** ${d.segments}`,
      `- **Sections:** ${d.sections}`,
      `- **Attendees:** ${d.attendees}`,
      `- **Not analysed:** ${d.skippedLines} line${d.skippedLines === 1 ? '' : 's'}${d.notAnalysed ? ` (line and reason: ${d.notAnalysed})` : ''}`,
    ];
    if (d.organisations) lines.push(`- **Organisations:** ${escapeMarkdown(d.organisations)}`);
    for (const m of d.metadata) lines.push(`- **${escapeMarkdown(m.key)}:** ${escapeMarkdown(m.value)}`);
    for (const f of d.survey) lines.push(`- **${escapeMarkdown(f.key)}:** ${escapeMarkdown(f.value)}`);
    push(lines.join('\n'));
  }
}

/** Files not read. */
function errorsSection(v: ReportView, push: Push): void {
  if (v.errors.length > 0) {
    push('## Files not read');
    push(table(['File', 'Code', 'Message'], v.errors.map((e) => [e.file, e.code, e.message])));
  }
}

/** The method: steps, seed, k, codebook, parameters. */
function methodSection(v: ReportView, push: Push): void {
  push('## Method');
  push(v.method.steps.map((step, i) => `${i + 1}. ${escapeMarkdown(step)}`).join('\n'));
  push(
    [
      `- **Seed:** ${v.method.seed}`,
      `- **Number of themes (k):** ${escapeMarkdown(v.method.k)}`,
      `- **Codebook:** ${escapeMarkdown(v.method.codebook)}`,
      `- **Categories:** ${escapeMarkdown(v.method.categories)}`,
    ].join('\n'),
  );
  if (v.method.parameters.length > 0) {
    push(table(['Parameter', 'Value'], v.method.parameters.map((p) => [p.name, p.value])));
  }
}

/** Write a report view as Markdown (headings in order, GFM tables, quotes as blockquotes). */
export function renderMarkdownView(v: ReportView): string {
  const out: string[] = [];
  const push: Push = (...blocks) => {
    for (const b of blocks) if (b.length > 0) out.push(b);
  };
  titleAndSummary(v, push);
  overviewSection(v, push);
  categoriesSection(v, push);
  for (const scope of v.scopes) scopeSection(scope, push);
  boardGroupingsSection(v, push);
  stakeholdersSection(v, push);
  campaignsSection(v, push);
  differencesSection(v, push);
  minorityViewsSection(v, push);
  nextStepsSection(v, push);
  documentsSection(v, push);
  errorsSection(v, push);
  methodSection(v, push);
  return `${out.join('\n\n')}\n`;
}

/** Render a synthesis as a Markdown report; with `redact`, personal data is replaced by placeholders. */
export function renderMarkdown(s: Synthesis, options: ReportOptions = {}): string {
  return renderMarkdownView(buildReportView(s, options));
}

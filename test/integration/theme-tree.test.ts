// The theme tree on the sample consultation: sub-themes partition their themes, survive every edit, and reach the exports and the treemap.
import { expect } from 'chai';
import { strFromU8, unzipSync } from 'fflate';
import { parse } from 'csv-parse/sync';
import { loadResources, type Resources } from '../../src/corpus.ts';
import type { DocumentInfo, Synthesis, Theme } from '../../src/model/index.ts';
import { findInconsistencies } from '../../src/pipeline/verify.ts';
import { renderSegmentsCsv } from '../../src/export/csv.ts';
import { renderMarkdown } from '../../src/export/markdown.ts';
import { renderHtml } from '../../src/export/html.ts';
import { renderQdpx } from '../../src/export/qdpx.ts';
import { renderTreemap, squarify, textWidth, wrapLabel } from '../../src/report/treemap.ts';
import { applyEdits, type EditContext } from '../../src/pipeline/edits/index.ts';
import type { AnchoredTheme, ThemeEdit } from '../../src/store/schema.ts';
import { analysePaths, SAMPLE } from './helpers.ts';

const base = { at: '2026-12-05T00:00:00.000Z', by: 'human' as const, author: 'test' };
const anchor = (x: { id: string; segmentIds: string[] }): AnchoredTheme => ({ themeId: x.id, anchors: [...x.segmentIds] });
const allThemes = (s: Synthesis): Theme[] => s.scopes.flatMap((sc) => sc.themes);

describe('theme tree (sample consultation)', function () {
  this.timeout(240_000);
  let s: Synthesis;
  let documents: DocumentInfo[];
  let resources: Resources;
  let ctx: EditContext;
  let split: Theme;

  before(async () => {
    ({ synthesis: s, documents } = await analysePaths([SAMPLE]));
    resources = await loadResources();
    ctx = { seed: 42, stopwords: resources.stopwords, genericWords: resources.genericWords, gazetteer: resources.gazetteer };
    split = allThemes(s).filter((t) => t.subthemes.length >= 3).sort((a, b) => b.size - a.size)[0]!;
  });

  it('splits themes into sub-themes that hold each member once, with labels unique within the theme and unlike it', () => {
    const withSubs = allThemes(s).filter((t) => t.subthemes.length > 0);
    expect(withSubs.length).to.be.greaterThan(10);
    for (const t of allThemes(s)) {
      if (t.isOther || t.size < 6) expect(t.subthemes, t.id).to.deep.equal([]);
      if (t.subthemes.length === 0) continue;
      expect(t.subthemes.length, t.id).to.be.at.least(2);
      expect(t.subthemes.flatMap((sub) => sub.segmentIds).sort()).to.deep.equal([...t.segmentIds].sort());
      const labels = t.subthemes.map((sub) => sub.label.toLowerCase());
      expect(new Set(labels).size, t.id).to.equal(labels.length);
      expect(labels, t.id).to.not.include(t.label.toLowerCase());
    }
    expect(findInconsistencies(s, documents)).to.deep.equal([]);
  });

  it('writes subtheme_id and subtheme_label after theme_label in segments.csv', () => {
    const rows = parse(renderSegmentsCsv(s), { columns: true }) as Record<string, string>[];
    const header = Object.keys(rows[0]!);
    expect(header.slice(header.indexOf('theme_label'), header.indexOf('theme_label') + 3)).to.deep.equal(['theme_label', 'subtheme_id', 'subtheme_label']);
    const sub = split.subthemes[1]!;
    const row = rows.find((r) => r.segment_id === sub.segmentIds[0])!;
    expect([row.theme_id, row.subtheme_id, row.subtheme_label]).to.deep.equal([split.id, sub.id, sub.label]);
    const plain = allThemes(s).find((t) => !t.isOther && t.subthemes.length === 0)!;
    const plainRow = rows.find((r) => r.segment_id === plain.segmentIds[0])!;
    expect([plainRow.subtheme_id, plainRow.subtheme_label]).to.deep.equal(['', '']);
  });

  it('shows sub-themes collapsed under their theme, and one treemap per scope linked to the themes', () => {
    const html = renderHtml(s, { documents });
    expect(html.match(/<details class="subthemes">/g)!.length).to.equal(allThemes(s).filter((t) => t.subthemes.length > 0).length);
    expect(html.match(/<svg class="treemap"/g)!.length).to.equal(s.scopes.length);
    // Every treemap link goes to a theme heading of the page.
    for (const [, target] of html.matchAll(/<a href="#(theme-[\d-]+)">/g)) expect(html).to.include(`id="${target}"`);
    const md = renderMarkdown(s, { documents });
    expect(md).to.include(`<details><summary>${split.subthemes.length} sub-themes</summary>`);
    expect(md).to.include(`#### ${split.subthemes[0]!.label}`);
  });

  it('nests sub-theme codes in their theme code in the QDPX project', () => {
    const files = unzipSync(renderQdpx(s, documents, { now: new Date('2026-12-05T00:00:00Z') }));
    const project = strFromU8(files['project.qde']!);
    const start = project.indexOf(`name="${split.label}`);
    const end = project.indexOf('</Code>', project.indexOf(`name="${split.subthemes.at(-1)!.label}`));
    const block = project.slice(start, end);
    for (const sub of split.subthemes) expect(block).to.include(`name="${sub.label}`);
    // The theme's own code closes after its children.
    expect(block.split('<Code ').length - 1).to.equal(split.subthemes.length);
  });

  it('renames, merges and promotes sub-themes and moves a segment between them, keeping every count consistent', () => {
    const [a, b, c] = split.subthemes;
    const moved = c!.segmentIds[0]!;
    const edits: ThemeEdit[] = [
      { ...base, id: 'e1', type: 'rename-subtheme', theme: anchor(split), subtheme: anchor(a!), label: 'Renamed point' },
      { ...base, id: 'e2', type: 'move', segmentId: moved, theme: anchor(split), subtheme: anchor(a!), category: null },
    ];
    let out = applyEdits(s, edits, ctx);
    expect(out.outcomes.map((o) => o.note)).to.deep.equal(['applied', 'applied']);
    let theme = allThemes(out.synthesis).find((t) => t.id === split.id)!;
    const renamed = theme.subthemes.find((sub) => sub.id === a!.id)!;
    expect(renamed.label).to.equal('Renamed point');
    expect(renamed.editedBy).to.equal('human');
    expect(renamed.segmentIds).to.include(moved);
    expect(findInconsistencies(out.synthesis, documents)).to.deep.equal([]);

    out = applyEdits(s, [{ ...base, id: 'e3', type: 'merge-subthemes', theme: anchor(split), subthemes: [anchor(a!), anchor(b!)], label: 'Both points' }], ctx);
    theme = allThemes(out.synthesis).find((t) => t.id === split.id)!;
    expect(theme.subthemes.length).to.equal(split.subthemes.length - 1);
    expect(theme.subthemes.find((sub) => sub.label === 'Both points')!.size).to.equal(a!.size + b!.size);
    expect(findInconsistencies(out.synthesis, documents)).to.deep.equal([]);

    out = applyEdits(s, [{ ...base, id: 'e4', type: 'promote-subtheme', theme: anchor(split), subtheme: anchor(b!) }], ctx);
    const promoted = allThemes(out.synthesis).find((t) => t.label === b!.label && t.id !== split.id)!;
    expect([...promoted.segmentIds].sort()).to.deep.equal([...b!.segmentIds].sort());
    expect(allThemes(out.synthesis).find((t) => t.id === split.id)!.size).to.equal(split.size - b!.size);
    expect(findInconsistencies(out.synthesis, documents)).to.deep.equal([]);
  });

  it('makes merged themes sub-themes of the merged theme, and undoing the edit restores the machine tree', () => {
    const scope = s.scopes.find((sc) => sc.themes.filter((t) => !t.isOther).length >= 2 && sc.themes.some((t) => t.subthemes.length === 0 && !t.isOther))!;
    const [x, y] = scope.themes.filter((t) => !t.isOther);
    const out = applyEdits(s, [{ ...base, id: 'e5', type: 'merge', themes: [anchor(x!), anchor(y!)], label: null }], ctx);
    const merged = allThemes(out.synthesis).find((t) => t.id === x!.id)!;
    const expected = [...(x!.subthemes.length ? x!.subthemes.map((sub) => sub.label) : [x!.label]), ...(y!.subthemes.length ? y!.subthemes.map((sub) => sub.label) : [y!.label])];
    expect(merged.subthemes.map((sub) => sub.label)).to.deep.equal(expected);
    expect(findInconsistencies(out.synthesis, documents)).to.deep.equal([]);
    expect(applyEdits(s, [], ctx).synthesis).to.deep.equal(s);
  });
});

describe('treemap', () => {
  it('squarify fills the area with rectangles proportional to the values, without overlap', () => {
    const values = [6, 6, 4, 3, 2, 2, 1];
    const rects = squarify(values, { x: 0, y: 0, w: 600, h: 400 });
    const total = values.reduce((a, b) => a + b, 0);
    rects.forEach((r, i) => {
      expect(r.w * r.h).to.be.closeTo((600 * 400 * values[i]!) / total, 1e-6);
      expect(r.x).to.be.at.least(-1e-9);
      expect(r.y).to.be.at.least(-1e-9);
      expect(r.x + r.w).to.be.at.most(600 + 1e-9);
      expect(r.y + r.h).to.be.at.most(400 + 1e-9);
    });
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i]!;
        const b = rects[j]!;
        const overlap = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
        expect(overlap).to.be.lessThan(1e-6);
      }
    }
  });

  it('wraps a label over the lines its cell has room for, every line within the cell, the last cut with "…"', () => {
    const label = 'Younger relatives; women\'s association (8)';
    const one = wrapLabel(label, 160, 13, 1, true);
    expect(one).to.have.length(1);
    expect(one[0]).to.match(/^Younger relativ.*…$/);
    const two = wrapLabel(label, 160, 13, 2, true);
    expect(two[0]).to.equal('Younger relatives;');
    expect(two.join(' ')).to.not.equal(label);
    const many = wrapLabel(label, 160, 13, 5, true);
    expect(many.join(' ')).to.equal(label);
    for (const lines of [one, two, many]) for (const l of lines) expect(textWidth(l, 13, true)).to.be.at.most(154);
    // A word too long for the cell is cut; a cell too narrow for four letters gets no text.
    expect(wrapLabel('Telecommunications', 80, 12, 3)[0]).to.match(/^Tele.*…$/);
    expect(wrapLabel('Telecommunications', 30, 12, 3)).to.deep.equal([]);
    // No room for a line (a cell lower than the text): nothing drawn, even of a word too long for the cell.
    expect(wrapLabel('Telecommunications', 80, 12, 0)).to.deep.equal([]);
    // Bold and wide letters measure wider than plain narrow ones.
    expect(textWidth('MMMM', 12, true)).to.be.above(textWidth('iiii', 12));
  });

  it('escapes labels, links each theme and titles every cell', () => {
    const svg = renderTreemap([
      { label: '<script>x</script>', value: 10, href: '#theme-1-1', children: [{ label: 'A & B', value: 6 }, { label: 'C', value: 4 }] },
      { label: 'Other', value: 2, href: '#theme-1-2', muted: true },
    ], { title: 'Themes' });
    expect(svg).to.not.include('<script>');
    expect(svg).to.include('&lt;script&gt;x&lt;/script&gt;: 10 answers');
    expect(svg).to.include('A &amp; B: 6 answers');
    expect(svg.match(/<a href="#theme-1-\d">/g)).to.have.length(2);
    expect(renderTreemap([], { title: 'none' })).to.equal('');
  });
});

// The written summaries of a synthesis: template sentences for each scope and the few sentences at the top of the report.
import type { AnalysedSegment, Codebook, Scope, Synthesis, Theme } from '../model/index.ts';
import { own } from '../model/dict.ts';
import { canonicalLanguage, languageDisplayName } from './languages.ts';
import { breakdownOf } from './breakdowns.ts';
import { categoryLeadLine, count, isAre, list, otherLine, questionLeadLine, quoted } from './phrasing.ts';

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((100 * part) / whole) : 0;
}

/** The attribute value most over-represented in a theme compared with its scope ("above all by ..."). */
function standoutGroup(theme: readonly AnalysedSegment[], scope: readonly AnalysedSegment[]): { attr: string; value: string; count: number } | null {
  const inTheme = breakdownOf(theme);
  const inScope = breakdownOf(scope);
  let best: { attr: string; value: string; count: number; lift: number } | null = null;
  for (const [attr, values] of Object.entries(inTheme)) {
    // Only categorical attributes can stand out: a handful of values, not dates or free text.
    const distinct = Object.keys(own(inScope, attr) ?? {});
    if (distinct.length < 2 || distinct.length > 12 || distinct.every((v) => /^\d{4}-\d{2}-\d{2}/.test(v))) continue;
    for (const [value, count] of Object.entries(values)) {
      const scopeCount = own(own(inScope, attr), value) ?? 0;
      if (count < 3 || scopeCount === 0) continue;
      const lift = count / theme.length / (scopeCount / scope.length);
      if (lift >= 1.25 && (!best || lift > best.lift || (lift === best.lift && value < best.value))) best = { attr, value, count, lift };
    }
  }
  return best ? { attr: best.attr, value: best.value, count: best.count } : null;
}

function describeGroup(attr: string, value: string): string {
  if (/country/i.test(attr)) return `respondents from ${value}`;
  if (/breakout|^group$|session/i.test(attr)) return `breakout group ${value}`;
  if (/age/i.test(attr)) return `respondents aged ${value}`;
  return `${value} respondents`;
}


/** Template sentences for one scope, filled with its figures and theme labels. */
export function summariseScope(scope: Scope, members: readonly AnalysedSegment[], themeMembers: Map<string, AnalysedSegment[]>, codebook: Codebook, documentCount: number): string[] {
  const sentences: string[] = [];
  const themed = scope.themes.filter((t) => !t.isOther);
  const unit = scope.kind === 'question' ? 'answers' : 'points';
  // A question's answers are themes of the question, whatever category most of them have.
  const category = scope.kind === 'question' ? undefined : codebook.categories.find((c) => c.id === scope.category)?.label.toLowerCase();
  if (scope.kind === 'question') {
    const respondents = new Set(members.map((s) => `${s.provenance.documentId}:${s.respondentId}`)).size;
    sentences.push(`${count(respondents, 'respondent')} answered "${scope.label}"; their ${count(scope.segments, 'answer')} ${scope.segments === 1 ? 'forms' : 'form'} ${count(themed.length, 'theme')}.`);
  } else {
    const docs = new Set(members.map((s) => s.provenance.document)).size;
    sentences.push(`${scope.segments} ${unit} from the notes were coded as ${scope.label.toLowerCase()}, from ${docs} of ${documentCount} documents, in ${themed.length} theme${themed.length === 1 ? '' : 's'}.`);
  }
  const [first, second, third] = themed;
  if (first) {
    let s = `The largest ${category ? `${category} ` : ''}theme was ${quoted(first.label)} (${first.size} of ${scope.segments} ${unit}, ${percent(first.size, scope.segments)}%)`;
    const standout = standoutGroup(themeMembers.get(first.id)!, members);
    if (standout) s += `, above all by ${describeGroup(standout.attr, standout.value)} (${standout.count})`;
    sentences.push(`${s}.`);
  }
  if (second) {
    const next = [second, third].filter((t): t is Theme => Boolean(t)).map((t) => `${quoted(t.label)} (${t.size}, ${percent(t.size, scope.segments)}%)`);
    sentences.push(`Next came ${list(next)}.`);
  }
  const otherSize = scope.themes.filter((t) => t.isOther).reduce((a, t) => a + t.size, 0);
  if (otherSize) sentences.push(otherLine(otherSize, unit));
  return sentences;
}

/**
 * Segments in another language than English, by language (as Harvest reports it: BCMS as one), and how many are
 * in no theme but an Other one: answers in other languages are counted, never silently left out.
 */
export function otherLanguageCounts(s: Pick<Synthesis, 'segments' | 'scopes'>): { total: number; notPlaced: number; byLanguage: Map<string, number> } {
  const placed = new Set<string>();
  for (const scope of s.scopes) for (const t of scope.themes) if (!t.isOther) for (const id of t.segmentIds) placed.add(id);
  const byLanguage = new Map<string, number>();
  let total = 0;
  let notPlaced = 0;
  for (const seg of s.segments) {
    const lang = canonicalLanguage(seg.annotation.language);
    if (lang === 'en' || lang === 'und') continue;
    total++;
    byLanguage.set(lang, (byLanguage.get(lang) ?? 0) + 1);
    if (!placed.has(seg.id)) notPlaced++;
  }
  return { total, notPlaced, byLanguage: new Map([...byLanguage].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) };
}

/** The few sentences at the top of the report: what was read, the leading theme per scope, who was named. */
export function executiveSummary(s: Synthesis, codebook: Codebook): string[] {
  const out: string[] = [];
  const o = s.overview;
  const parts: string[] = [];
  if (o.notesDocuments) parts.push(`${o.notesDocuments} set${o.notesDocuments === 1 ? '' : 's'} of notes`);
  if (o.surveyDocuments) parts.push(`${o.surveyDocuments} survey export${o.surveyDocuments === 1 ? '' : 's'}`);
  let first = `This synthesis covers ${o.documents} document${o.documents === 1 ? '' : 's'} (${list(parts)}): ${o.segments} segments`;
  if (o.respondents) first += ` including the answers of ${o.respondents} survey respondents`;
  if (o.attendees) first += `, and ${o.attendees} listed attendees from ${o.organisations.length} organisations`;
  out.push(`${first}.`);
  for (const scope of s.scopes) {
    const top = scope.themes.find((t) => !t.isOther);
    if (!top || scope.category === 'other' && scope.kind === 'category') continue;
    const unit = scope.kind === 'question' ? 'answers' : 'points';
    if (scope.kind === 'category') {
      const cat = codebook.categories.find((c) => c.id === scope.category);
      out.push(categoryLeadLine(cat?.plural ?? scope.label, top.label, top.size, scope.segments, unit));
    } else {
      out.push(questionLeadLine(scope.label, top.label, top.size, scope.segments, unit));
    }
  }
  const named = s.stakeholders.slice(0, 4).map((e) => `${e.label.toLowerCase()} (${e.mentions})`);
  if (named.length) out.push(`The actors named most often were ${list(named)}.`);
  const foreign = otherLanguageCounts(s);
  if (foreign.total) {
    const names = [...foreign.byLanguage].map(([l, n]) => `${languageDisplayName(l)} ${n}`).join(', ');
    const placed = foreign.total - foreign.notPlaced;
    // (Where every one is placed, no count of none left over, nor a pointer to lists that are not there.)
    const where = foreign.notPlaced === 0
      ? `${foreign.total === 1 ? 'placed' : 'all placed'} in themes (marked with their language where quoted).`
      : `${placed} placed in themes (marked with their language where quoted), ${foreign.notPlaced} in other languages, not placed (listed under each scope's "Other: in …").`;
    out.push(`${foreign.total} segment${foreign.total === 1 ? ' is' : 's are'} in other languages than English (${names}): ${where}`);
  }
  if (s.minorityViews.length) out.push(`${count(s.minorityViews.length, 'minority view')} ${isAre(s.minorityViews.length)} listed: points made rarely but with substance.`);
  if (s.nextSteps.length) {
    const n = s.nextSteps.length;
    const owned = s.nextSteps.filter((x) => x.owner).length;
    const dated = s.nextSteps.filter((x) => x.due).length;
    out.push(`${n} next step${n === 1 ? ' was' : 's were'} agreed (${owned} with an owner, ${dated} with a due date); they are listed under Next steps, not in themes.`);
  }
  if (s.errors.length) out.push(`${s.errors.length} file${s.errors.length === 1 ? '' : 's'} could not be read: ${s.errors.map((e) => e.file).join(', ')}.`);
  return out;
}

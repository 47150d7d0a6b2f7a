// Synthesise: scopes, themes with counts/shares/quotes/breakdowns, stakeholder map, minority views and written summaries.
import type {
  AnalysedSegment, Breakdown, Codebook, DocumentInfo, DocumentSummary, FileError, MinorityView, Quote, Scope,
  StakeholderEntry, StakeholderGazetteer, Synthesis, Theme,
} from '../model/index.ts';
import { dict, increment, own, type Dict } from '../model/dict.ts';
import { groupingValues } from '../model/index.ts';
import { type ScopeThemes, type ThemeDraft } from './themes.ts';
import { canonicalLanguage, languageDisplayName } from './languages.ts';
import { findThemesOfScopes } from './parallel/themes-parallel.ts';
import { isNextStep, nextStepsOf } from './actions.ts';
import { quoteOf } from './quote.ts';
import { categoryLeadLine, count, isAre, list, questionLeadLine, quoted, withArticle } from './phrasing.ts';

export interface SynthesisOptions {
  seed: number;
  k?: number;
  codebookName: string;
  stopwords: Record<string, ReadonlySet<string>>;
  genericWords?: ReadonlySet<string>;
  /** The English answers' noun phrases were left to the label stage (see ThemeOptions.phrasesOnDemand). */
  phrasesOnDemand?: boolean;
  version: string;
  /** Called after each scope is themed (done, total). */
  onScope?: (done: number, total: number) => void;
  /** Called between the steps of a scope themed in this thread (see ThemeOptions.onStep), with the scopes done so far and their number. */
  onThemeStep?: (done: number, total: number) => void;
  /** Worker threads for theming scopes in parallel (default: the themes stage's own choice; 0: this thread only). */
  workers?: number;
}

/** A scope before themes: its key, kind, label and segments (indices into the analysed list). */
interface ScopeDraft {
  key: string;
  kind: Scope['kind'];
  label: string;
  category: string | null;
  members: number[];
}

const MAX_QUOTES = 4;

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((100 * part) / whole) : 0;
}


/** Counts per attribute value, and per ticked option of each multi-choice question (the document name is counted separately). */
export function breakdownOf(members: readonly AnalysedSegment[]): Breakdown {
  // Attribute names and values are the survey's columns and cells: tables that inherit nothing (see dict.ts).
  const out: Breakdown = dict();
  for (const s of members) {
    for (const [attr, value] of groupingValues(s)) {
      if (attr === 'document') continue;
      let counts = own(out, attr);
      if (!counts) out[attr] = counts = dict();
      increment(counts, value);
    }
  }
  return out;
}

/** Segments per file name. */
export function byDocumentOf(members: readonly AnalysedSegment[]): Dict<number> {
  const out = dict<number>();
  for (const s of members) increment(out, s.provenance.document);
  return out;
}

/** Representative quotes: closest to the theme centre first, readable length, one per respondent where possible. */
function pickQuotes(members: readonly AnalysedSegment[]): Quote[] {
  const readable = members.filter((s) => s.text.length >= 25 && s.text.length <= 400);
  const pool = readable.length >= Math.min(3, members.length) ? readable : members;
  const picked: AnalysedSegment[] = [];
  const seenWho = new Set<string>();
  for (const s of pool) {
    const who = s.respondentId ?? `${s.provenance.document}#${s.id}`;
    if (seenWho.has(who)) continue;
    seenWho.add(who);
    picked.push(s);
    if (picked.length >= MAX_QUOTES) break;
  }
  return picked.map(quoteOf);
}

/**
 * Scopes: one per survey question (same wording across files is one scope), one per notes category. Action notes
 * are the Next steps register, not themes: they are in no scope.
 */
function buildScopes(segments: readonly AnalysedSegment[], codebook: Codebook): ScopeDraft[] {
  const questions = new Map<string, ScopeDraft>();
  const categories = new Map<string, ScopeDraft>();
  segments.forEach((s, i) => {
    if (isNextStep(s)) return;
    if (s.kind === 'answer') {
      const label = s.section ?? s.provenance.column ?? 'Answers';
      const key = `question:${label}`;
      if (!questions.has(key)) questions.set(key, { key, kind: 'question', label, category: null, members: [] });
      questions.get(key)!.members.push(i);
    } else {
      const key = `category:${s.coding.category}`;
      if (!categories.has(key)) {
        const cat = codebook.categories.find((c) => c.id === s.coding.category);
        categories.set(key, { key, kind: 'category', label: cat ? cat.plural : 'Other points', category: s.coding.category, members: [] });
      }
      categories.get(key)!.members.push(i);
    }
  });
  const order = [...codebook.categories.map((c) => c.id), 'other'];
  const categoryScopes = [...categories.values()].sort((a, b) => order.indexOf(a.category!) - order.indexOf(b.category!));
  return [...categoryScopes, ...questions.values()];
}

/** The category most answers of a scope carry (for wording summaries). */
function dominantCategory(members: readonly AnalysedSegment[]): { category: string | null; counts: Dict<number> } {
  const counts = dict<number>();
  for (const s of members) increment(counts, s.coding.category);
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return { category: top && top[0] !== 'other' && top[1] >= members.length * 0.4 ? top[0] : null, counts };
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
function summariseScope(scope: Scope, members: readonly AnalysedSegment[], themeMembers: Map<string, AnalysedSegment[]>, codebook: Codebook, documentCount: number): string[] {
  const sentences: string[] = [];
  const themed = scope.themes.filter((t) => !t.isOther);
  const unit = scope.kind === 'question' ? 'answers' : 'points';
  const categoryLabel = codebook.categories.find((c) => c.id === scope.category)?.label.toLowerCase() ?? 'theme';
  if (scope.kind === 'question') {
    const respondents = new Set(members.map((s) => `${s.provenance.documentId}:${s.respondentId}`)).size;
    sentences.push(`${count(respondents, 'respondent')} answered "${scope.label}"; their ${count(scope.segments, 'answer')} ${scope.segments === 1 ? 'forms' : 'form'} ${count(themed.length, 'theme')}.`);
  } else {
    const docs = new Set(members.map((s) => s.provenance.document)).size;
    sentences.push(`${scope.segments} ${unit} from the notes were coded as ${scope.label.toLowerCase()}, from ${docs} of ${documentCount} documents, in ${themed.length} theme${themed.length === 1 ? '' : 's'}.`);
  }
  const [first, second, third] = themed;
  if (first) {
    let s = `${quoted(first.label)} was the ${categoryLabel} named most often (${first.size} of ${scope.segments} ${unit}, ${percent(first.size, scope.segments)}%)`;
    const standout = standoutGroup(themeMembers.get(first.id)!, members);
    if (standout) s += `, above all by ${describeGroup(standout.attr, standout.value)} (${standout.count})`;
    sentences.push(`${s}.`);
  }
  if (second) {
    const next = [second, third].filter((t): t is Theme => Boolean(t)).map((t) => `${quoted(t.label)} (${t.size}, ${percent(t.size, scope.segments)}%)`);
    sentences.push(`Next came ${list(next)}.`);
  }
  const otherSize = scope.themes.filter((t) => t.isOther).reduce((a, t) => a + t.size, 0);
  if (otherSize) sentences.push(`${otherSize} ${unit} did not fit a theme and are listed under Other.`);
  return sentences;
}

function stakeholderMap(segments: readonly AnalysedSegment[], gazetteer: StakeholderGazetteer): StakeholderEntry[] {
  const entries: StakeholderEntry[] = [];
  // One pass to group segments by the types they mention, and each term's pattern compiled once (not per segment).
  const byType = new Map<string, AnalysedSegment[]>();
  // A segment naming several types is lower-cased once.
  const lowerText = new Map<AnalysedSegment, string>();
  for (const s of segments) {
    for (const t of s.coding.stakeholderTypes) {
      const list = byType.get(t) ?? [];
      if (list[list.length - 1] !== s) list.push(s);
      byType.set(t, list);
    }
  }
  for (const type of gazetteer.types) {
    const members = byType.get(type.id) ?? [];
    if (members.length === 0) continue;
    const terms = dict<number>();
    const patterns = type.terms.map((term) => [term.toLowerCase(), new RegExp(`(^|[^\\p{L}\\p{N}])${term.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'u')] as const);
    for (const s of members) {
      let lower = lowerText.get(s);
      if (lower === undefined) lowerText.set(s, (lower = s.text.toLowerCase()));
      // The pattern only where the term occurs at all (a plain search is far cheaper than the regex).
      for (const [term, re] of patterns) if (lower.includes(term) && re.test(lower)) increment(terms, term);
    }
    const quotes = pickQuotes([...members].sort((a, b) => Number(b.coding.category === 'stakeholder') - Number(a.coding.category === 'stakeholder')));
    entries.push({
      type: type.id,
      label: type.label,
      mentions: members.length,
      asStakeholder: members.filter((s) => s.coding.category === 'stakeholder').length,
      terms,
      byDocument: byDocumentOf(members),
      byAttribute: breakdownOf(members),
      quotes: quotes.slice(0, 3),
    });
  }
  return entries.sort((a, b) => b.mentions - a.mentions || a.type.localeCompare(b.type));
}

function summariseDocument(info: DocumentInfo, segments: number): DocumentSummary {
  return {
    id: info.id,
    name: info.name,
    kind: info.kind,
    format: info.format,
    title: info.title,
    metadata: info.metadata,
    attendees: info.attendees.length,
    organisations: info.organisations,
    sections: info.sections,
    segments,
    skippedLines: info.notAnalysed.length,
    notAnalysed: info.notAnalysed.map((r) => ({ line: r.line, reason: r.reason })),
    survey: info.survey,
    ...(info.encoding !== undefined ? { encoding: info.encoding } : {}),
    ...(info.warnings?.length ? { warnings: info.warnings } : {}),
  };
}

/**
 * Build the whole synthesis from analysed segments: theme every scope, attach quotes and breakdowns,
 * and write the summaries. Segments get their themeId set (a new array is returned inside the synthesis).
 */
export function synthesise(
  input: readonly AnalysedSegment[],
  documents: readonly DocumentInfo[],
  errors: readonly FileError[],
  codebook: Codebook,
  gazetteer: StakeholderGazetteer,
  options: SynthesisOptions,
): Synthesis {
  const segments: AnalysedSegment[] = input.map((s) => ({ ...s, themeId: null }));
  const drafts = buildScopes(segments, codebook);
  const scopes: Scope[] = [];
  const minorityViews: MinorityView[] = [];
  const tried: string[] = [];
  // Every scope's themes (scopes in parallel threads when large), each scope's figures as soon as its themes are
  // known (in this thread), and the stakeholder map while this thread waits for a worker; then all in scope order.
  const scopeMembers = drafts.map((draft) => draft.members.map((i) => segments[i]!));
  const figuresOf = (scopeIndex: number, found: ScopeThemes): { scope: Scope; minority: MinorityView[]; tried: string | null } => {
    const draft = drafts[scopeIndex]!;
    const scopeId = `s${scopeIndex + 1}`;
    const members = scopeMembers[scopeIndex]!;
    const minority: MinorityView[] = [];
    const themeMembers = new Map<string, AnalysedSegment[]>();
    let themeNumber = 0;
    const themes: Theme[] = found.themes.map((t: ThemeDraft) => {
      const id = t.isOther ? `${scopeId}-other${t.language === 'en' ? '' : `-${t.language}`}` : `${scopeId}-t${++themeNumber}`;
      const ms = t.members.map((p) => members[p]!);
      for (const s of ms) s.themeId = id;
      themeMembers.set(id, ms);
      return {
        id,
        scopeId,
        label: t.label,
        keyTerms: t.keyTerms,
        ...(t.description ? { description: t.description } : {}),
        size: ms.length,
        share: ms.length / members.length,
        language: t.language,
        isOther: t.isOther,
        coherence: Number(t.coherence.toFixed(4)),
        quotes: pickQuotes(ms),
        byAttribute: breakdownOf(ms),
        byDocument: byDocumentOf(ms),
        segmentIds: ms.map((s) => s.id),
        editedBy: 'machine',
        subthemes: t.subthemes.map((sub, j) => {
          const subMembers = sub.members.map((p) => members[p]!);
          return { id: `${id}-s${j + 1}`, label: sub.label, keyTerms: sub.keyTerms, size: subMembers.length, quotes: pickQuotes(subMembers), segmentIds: subMembers.map((s) => s.id), editedBy: 'machine' as const };
        }),
      };
    });
    const { category, counts } = dominantCategory(members);
    const scope: Scope = {
      id: scopeId,
      kind: draft.kind,
      label: draft.label,
      category: draft.category ?? category,
      segments: members.length,
      k: found.k,
      themes,
      categoryCounts: counts,
      summary: [],
    };
    scope.summary = summariseScope(scope, members, themeMembers, codebook, documents.length);

    // Minority views: substantive points that did not join a theme (English Other only; other languages are listed as themes).
    const other = themes.find((t) => t.isOther && t.language === 'en');
    if (other) {
      const distinctStems = new Map<AnalysedSegment, number>();
      const stemsOf = (s: AnalysedSegment): number => {
        let n = distinctStems.get(s);
        if (n === undefined) distinctStems.set(s, (n = new Set(s.annotation.stems).size));
        return n;
      };
      const candidates = themeMembers.get(other.id)!
        .filter((s) => s.annotation.tokens.length >= 6 && s.coding.category !== 'other')
        .sort((a, b) => stemsOf(b) - stemsOf(a) || a.id.localeCompare(b.id))
        .slice(0, 3);
      for (const s of candidates) {
        minority.push({ scopeId, quote: quoteOf(s), category: s.coding.category, reason: `${withArticle(s.coding.category.replace('_', ' '))} point in "${draft.label}" that no other segment shares closely enough to form a theme` });
      }
    }
    const triedText = found.tried.length ? `${scopeId}: ${found.tried.map((t) => `k=${t.k} ${t.silhouette}`).join(', ')}` : null;
    return { scope, minority, tried: triedText };
  };
  const built: ReturnType<typeof figuresOf>[] = new Array(drafts.length);
  let themed = 0;
  let stakeholders: StakeholderEntry[] | null = null;
  findThemesOfScopes(scopeMembers, { seed: options.seed, k: options.k, stopwords: options.stopwords, genericWords: options.genericWords, phrasesOnDemand: options.phrasesOnDemand }, {
    workers: options.workers,
    ...(options.onThemeStep ? { onStep: () => options.onThemeStep!(themed, drafts.length) } : {}),
    onScope: (i, found) => {
      built[i] = figuresOf(i, found);
      options.onScope?.(++themed, drafts.length);
    },
    whileWaiting: () => {
      stakeholders = stakeholderMap(segments, gazetteer);
    },
  });
  for (const b of built) {
    scopes.push(b.scope);
    minorityViews.push(...b.minority);
    if (b.tried) tried.push(b.tried);
  }

  const perDocument = dict<number>();
  for (const s of segments) increment(perDocument, s.provenance.documentId);
  const languages = dict<number>();
  const categories = dict<number>();
  for (const s of segments) {
    increment(languages, s.annotation.language);
    increment(categories, s.coding.category);
  }
  const organisations = [...new Set(documents.flatMap((d) => d.organisations))].sort((a, b) => a.localeCompare(b));
  const questions = documents.flatMap((d) =>
    (d.survey?.questions ?? []).map((q) => ({ ...q, document: d.name, answerRate: d.survey!.respondents ? q.answered / d.survey!.respondents : 0 })),
  );
  const respondents = documents.reduce((a, d) => a + (d.survey?.respondents ?? 0), 0);
  const attendees = documents.reduce((a, d) => a + d.attendees.length, 0);
  stakeholders ??= stakeholderMap(segments, gazetteer);

  const synthesis: Synthesis = {
    tool: 'harvest',
    version: options.version,
    overview: {
      documents: documents.length,
      notesDocuments: documents.filter((d) => d.kind === 'notes').length,
      surveyDocuments: documents.filter((d) => d.kind === 'survey').length,
      segments: segments.length,
      respondents,
      attendees,
      organisations,
      questions,
      languages,
      categories,
    },
    executiveSummary: [],
    documents: documents.map((d) => summariseDocument(d, own(perDocument, d.id) ?? 0)),
    errors: [...errors],
    scopes,
    stakeholders,
    minorityViews,
    nextSteps: nextStepsOf(segments),
    method: {
      seed: options.seed,
      k: options.k ?? null,
      codebook: options.codebookName,
      categories: codebook.categories.map((c) => ({ id: c.id, label: c.label, plural: c.plural })),
      steps: [
        'ingest: read notes (txt, md, html, docx, pdf) and survey tables (csv, xlsx)',
        'segment: bullets, numbered items and sentences of notes under their section; one segment per survey answer; metadata, attendees, tables of contents and form prompts kept out',
        'annotate: normalise, detect language, tokenise, remove stop words, stem, bigrams, noun phrases and named entities, sentiment, personal data',
        'tag: codebook categories from section cues, keywords and phrase patterns; stakeholder types from the gazetteer',
        'vectorise: TF-IDF of stems (sublinear tf), LSA by a seeded randomized SVD (at most 50 dimensions) for larger scopes',
        'cluster: k-means (ml-kmeans) from deterministic density-weighted farthest-first centres, k chosen by silhouette unless set, refined by rounds of complement naive Bayes reassignment; weak members and tiny clusters to Other; each language themed separately',
        'label: the most distinctive noun phrase occurring in the theme (coverage and lift over phrases within clauses), as the members wrote it',
        'synthesise and verify: counts, shares, quotes and breakdowns, checked against the sources before writing',
      ],
      parameters: {
        scopes: scopes.length,
        minThemeSize: '3% of the scope, from 2 to 8 segments',
        minSimilarity: 0.2,
        kTried: tried.join('; ') || 'none',
      },
    },
    segments,
  };
  synthesis.executiveSummary = executiveSummary(synthesis, codebook);
  return synthesis;
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
function executiveSummary(s: Synthesis, codebook: Codebook): string[] {
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
    out.push(
      `${foreign.total} segment${foreign.total === 1 ? ' is' : 's are'} in other languages than English (${names}): ` +
        `${placed} placed in themes (marked with their language where quoted), ${foreign.notPlaced} in other languages, not placed (listed under each scope's "Other: in …").`,
    );
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

// Synthesise: scopes, themes with counts/shares/quotes/breakdowns (scope-figures.ts, breakdowns.ts), stakeholder map,
// minority views and written summaries (summaries.ts), composed into one Synthesis.
import type {
  AnalysedSegment, Codebook, DocumentInfo, DocumentSummary, FileError, MinorityView, Scope,
  StakeholderEntry, StakeholderGazetteer, Synthesis,
} from '../model/index.ts';
import { dict, increment, own } from '../model/dict.ts';
import { mentionsAsWordStart } from '../model/regexp.ts';
import { findThemesOfScopes } from './parallel/themes-parallel.ts';
import { isNextStep, nextStepsOf } from './actions.ts';
import { breakdownOf, byDocumentOf, pickQuotes } from './breakdowns.ts';
import { scopeFigures, type ScopeDraft, type ScopeFigures } from './scope-figures.ts';
import { executiveSummary } from './summaries.ts';
import type { WordVectors } from './word-vectors.ts';
import { headKeyOf } from './label-candidates.ts';

export interface SynthesisOptions {
  seed: number;
  k?: number;
  codebookName: string;
  stopwords: Record<string, ReadonlySet<string>>;
  genericWords?: ReadonlySet<string>;
  /** The English answers' noun phrases were left to the label stage (see ThemeOptions.phrasesOnDemand). */
  phrasesOnDemand?: boolean;
  /** Word meanings, when loaded (see ThemeOptions.wordVectors). */
  wordVectors?: WordVectors;
  version: string;
  /**
   * How far theming has come, 0..1, weighted by the scopes' sizes (a scope of 20,000 answers is most of the work):
   * after each scope is themed, and between the steps of a scope themed in this thread (see ThemeOptions.onStep).
   */
  onThemesProgress?: (fraction: number) => void;
  /** Worker threads for theming scopes in parallel (default: the themes stage's own choice; 0: this thread only). */
  workers?: number;
}

/** The part of a scope's share left after each of its steps. */
const STEP_REMAINS = 0.97;

/**
 * Theming progress weighted by scope size: the scopes done, plus a part of the scope this thread is theming that
 * grows with each of its steps (each less than the last, never the whole scope), so the bar moves on a long scope,
 * never passes the next mark and never goes back.
 */
export function themesProgressBySize(sizes: readonly number[], report?: (fraction: number) => void): { step: (i: number) => void; scopeDone: (i: number) => void } {
  const total = Math.max(1, sizes.reduce((a, n) => a + n, 0));
  let [doneSize, current, steps, shown] = [0, -1, 0, 0];
  const show = (fraction: number): void => {
    if (fraction <= shown) return;
    shown = fraction;
    report?.(fraction);
  };
  return {
    step: (i) => {
      if (i !== current) [current, steps] = [i, 0];
      steps++;
      // Each step a thirty-third of what is left of the scope: visible over the 50-100 steps of a huge scope.
      show((doneSize + sizes[i]! * (1 - STEP_REMAINS ** steps)) / total);
    },
    scopeDone: (i) => {
      doneSize += sizes[i]!;
      if (i === current) [current, steps] = [-1, 0];
      show(doneSize / total);
    },
  };
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

/** The stakeholder map: each gazetteer type the segments name, with its terms, breakdowns and quotes. */
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
    const lowerTerms = type.terms.map((term) => term.toLowerCase());
    for (const s of members) {
      let lower = lowerText.get(s);
      if (lower === undefined) lowerText.set(s, (lower = s.text.toLowerCase()));
      for (const term of lowerTerms) if (mentionsAsWordStart(lower, term)) increment(terms, term);
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

/** What the synthesis keeps of a document. */
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
  const built: ScopeFigures[] = new Array(drafts.length);
  const progress = themesProgressBySize(scopeMembers.map((m) => m.length), options.onThemesProgress);
  let stakeholders: StakeholderEntry[] | null = null;
  // The questions' own words name the consultation's subject, not a theme: none carries a label alone.
  const subjectText = drafts.filter((d) => d.kind === 'question').map((d) => d.label).join('\n');
  // The gazetteer's actors, by the head word of each term ("ministry", "organisations", "centres" of "centres for
  // social work"): a scope whose answers mostly start on an actor has themes named by them.
  const actorWords = [...new Set(gazetteer.types.flatMap((t) => t.terms.map((term) => headKeyOf(term.toLowerCase().split(/\s+/).join(' ')))))];
  findThemesOfScopes(scopeMembers, { seed: options.seed, k: options.k, stopwords: options.stopwords, genericWords: options.genericWords, phrasesOnDemand: options.phrasesOnDemand, wordVectors: options.wordVectors, actorWords, ...(subjectText ? { subjectText } : {}) }, {
    workers: options.workers,
    ...(options.onThemesProgress ? { onStep: progress.step } : {}),
    onScope: (i, found) => {
      built[i] = scopeFigures(drafts[i]!, i, scopeMembers[i]!, found, codebook, documents.length);
      progress.scopeDone(i);
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

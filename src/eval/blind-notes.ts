// Line-level scores on the blind notes corpus (test/fixtures/blind-notes): each labelled line of each document gets
// the category of the segment that holds it (or "none" when no segment does), compared with a blind coder's label.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Resources } from '../corpus.ts';
import { ingestFile } from '../ingest/index.ts';
import { defaultActionPatterns, extractAction } from '../pipeline/actions.ts';
import { segmentDocument } from '../pipeline/segment/index.ts';
import { lineOf, lineStarts } from '../pipeline/segment/register.ts';
import { annotateAndTagSegments } from '../pipeline/parallel/annotate-segments.ts';
import { withLocalActors } from '../pipeline/tag/local-actors.ts';
import { gatherPeople } from '../privacy/redact.ts';
import { categoryScores, type CategoryScore } from './metrics.ts';

/** The categories the targets are about (macro-F1 over these). */
export const SCORED_CATEGORIES = ['barrier', 'stakeholder', 'intervention', 'capacity_gap', 'outcome', 'action'] as const;

/** The coder's stakeholder types, as Harvest's gazetteer names them (families are counted with communities). */
const TYPE_OF_LABEL = new Map([
  ['government', 'government'],
  ['civil_society', 'civil_society'],
  ['private_sector', 'private_sector'],
  ['academia', 'academia'],
  ['schools', 'education'],
  ['media', 'media'],
  ['international_org', 'international'],
  ['donor', 'donor'],
  ['community', 'community'],
  ['health', 'health'],
]);
const harvestType = (t: string): string => (t === 'family' ? 'community' : t);

export interface LabelledLine {
  line: number;
  text: string;
  category: string;
  stakeholderTypes: string[];
  /** For an action line, the coder's owner and due date as written ('' where the line gives none). */
  actionOwner: string;
  actionDue: string;
}

export interface BlindDocument {
  name: string;
  /** The document file (beside its labels, or in ../shared/eval for the real notes). */
  file: string;
  labels: LabelledLine[];
}

export interface BlindReport {
  documents: number;
  lines: number;
  categories: CategoryScore[];
  /** Macro-F1 over SCORED_CATEGORIES. */
  macroF1: number;
  /** Content lines (coder: not "none") that no segment holds. */
  lostLines: number;
  contentLines: number;
  stakeholders: { precision: number; recall: number; f1: number; support: number };
  /** Up to 40 wrong lines, for reading. */
  errors: { document: string; line: number; expected: string; got: string; text: string }[];
  /** Every content line whose stakeholder types differ from the coder's: the types Harvest added (fp) and missed (fn). */
  typeErrors: TypeMismatch[];
  /**
   * The Next steps register against the coder's action lines that Harvest also read as actions: how many of those
   * lines have the coder's owner and due date (see sameActionPart), an empty part agreeing with an empty one.
   */
  actions: { lines: number; ownerAgrees: number; dueAgrees: number };
}

/** A line whose stakeholder types differ from the coder's. */
export interface TypeMismatch {
  document: string;
  line: number;
  category: string;
  fp: string[];
  fn: string[];
  text: string;
}

/** The labelled lines of one `X.labels.csv` (the coder's types named as Harvest's gazetteer names them). */
export function readLabelFile(file: string): LabelledLine[] {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  return rows.map((r) => ({
    line: Number(r.line),
    text: r.text ?? '',
    category: (r.category ?? '').trim(),
    stakeholderTypes: (r.stakeholder_types ?? '')
      .split(';')
      .map((t) => TYPE_OF_LABEL.get(t.trim()) ?? t.trim())
      .filter(Boolean),
    actionOwner: (r.action_owner ?? '').trim(),
    actionDue: (r.action_due ?? '').trim(),
  }));
}

/** An owner or due date as compared: lower case, words only ("Dr. Musyoka" is "dr musyoka", "Lejla & Amer" "lejla and amer"). */
const actionWords = (part: string): string => part.toLowerCase().replace(/&|\+/gu, ' and ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * Do Harvest's and the coder's owner (or due date) agree: both empty, or one's words within the other's ("by 2 July"
 * and "2 July", "by Friday" and "by Friday, March 31", "Youth council (Ana)" and "Youth council").
 */
export function sameActionPart(mine: string, coder: string): boolean {
  const a = actionWords(mine);
  const b = actionWords(coder);
  if (!a || !b) return a === b;
  return ` ${a} `.includes(` ${b} `) || ` ${b} `.includes(` ${a} `);
}

/**
 * Which labelled documents: the tune half, the authored test half, the real US notes of the test half (read from
 * `sharedEval`), or the real public write-ups of the test half (`test/real-public`, documents beside their labels).
 */
export type BlindHalf = 'tune' | 'test' | 'real' | 'public';

/** Where one half's labels and documents are. */
function halfFolders(root: string, half: BlindHalf, sharedEval: string): { labels: string; docs: string } {
  if (half === 'real') return { labels: path.join(root, 'test/us-open-government'), docs: path.join(sharedEval, 'notes_us_open_government') };
  const dir = path.join(root, half === 'public' ? 'test/real-public' : half);
  return { labels: dir, docs: dir };
}

/** The labelled documents of one half (see BlindHalf). */
export function blindDocuments(root: string, half: BlindHalf, sharedEval: string): BlindDocument[] {
  const dirs = [halfFolders(root, half, sharedEval)];
  const out: BlindDocument[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir.labels)) continue;
    for (const f of readdirSync(dir.labels).sort()) {
      if (!f.endsWith('.labels.csv')) continue;
      const name = f.slice(0, -'.labels.csv'.length);
      const file = path.join(dir.docs, name);
      if (!existsSync(file)) continue;
      out.push({ name, file, labels: readLabelFile(path.join(dir.labels, f)) });
    }
  }
  return out;
}

/** One document as Harvest segments it: the segments, which physical lines each covers, and their annotations. */
export async function readBlindDocument(doc: BlindDocument, resources: Resources) {
  const ingested = await ingestFile(doc.name, new Uint8Array(readFileSync(doc.file)));
  const { info, segments } = segmentDocument(ingested, 'd1', { nonAnswers: resources.nonAnswers, vocabulary: resources.notesVocabulary });
  const people = gatherPeople([info], segments);
  const starts = ingested.kind === 'notes' ? lineStarts(ingested.text) : null;
  const lines = segments.map((s) => {
    if (starts === null) return [s.provenance.line];
    const first = lineOf(starts, s.provenance.start);
    const last = lineOf(starts, Math.max(s.provenance.start, s.provenance.end - 1));
    return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  });
  return { info, segments, lines, people };
}

/** Harvest's reading of one line: its segment's category and stakeholder types, and for an action its owner and due date. */
interface LineReading {
  category: string;
  types: string[];
  owner?: string;
  due?: string;
}

/** Harvest's reading of one document, per physical line: the category and stakeholder types of the segment holding it. */
export async function predictLines(doc: BlindDocument, resources: Resources): Promise<Map<number, LineReading>> {
  const { info, segments, lines, people } = await readBlindDocument(doc, resources);
  const tagged = annotateAndTagSegments(segments, resources, { knownPeople: people.names, ordinaryNameWords: people.ordinaryWords, workers: 0 });
  const codings = withLocalActors(segments, tagged.codings, [info], resources.gazetteer);
  const byLine = new Map<number, LineReading>();
  const patterns = defaultActionPatterns();
  segments.forEach((segment, i) => {
    const coding = codings[i]!;
    // An action's owner and due date as the Next steps register reads them (nextStepsOf: the segment's text).
    const action = coding.category === 'action' ? extractAction(segment.text, patterns) : null;
    for (const line of lines[i]!) {
      if (!byLine.has(line)) byLine.set(line, { category: coding.category, types: coding.stakeholderTypes.map(harvestType), ...(action ? { owner: action.owner, due: action.due } : {}) });
    }
  });
  return byLine;
}

/** Score Harvest on labelled documents, line by line. */
export async function scoreBlindNotes(docs: readonly BlindDocument[], resources: Resources, resourcesFor: (doc: BlindDocument) => Resources = () => resources): Promise<BlindReport> {
  const truth: string[] = [];
  const predicted: string[] = [];
  const errors: BlindReport['errors'] = [];
  const typeErrors: TypeMismatch[] = [];
  let lost = 0;
  let content = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const actions = { lines: 0, ownerAgrees: 0, dueAgrees: 0 };
  for (const doc of docs) {
    const lines = await predictLines(doc, resourcesFor(doc));
    for (const l of doc.labels) {
      const got = lines.get(l.line);
      const category = got?.category ?? 'none';
      truth.push(l.category);
      predicted.push(category);
      if (l.category === 'action' && got?.owner !== undefined) {
        actions.lines++;
        if (sameActionPart(got.owner, l.actionOwner)) actions.ownerAgrees++;
        if (sameActionPart(got.due ?? '', l.actionDue)) actions.dueAgrees++;
      }
      if (l.category !== 'none') {
        content++;
        if (!got) lost++;
        const gold = new Set(l.stakeholderTypes);
        const mine = new Set(got?.types ?? []);
        const added = [...mine].filter((t) => !gold.has(t));
        const missed = [...gold].filter((t) => !mine.has(t));
        tp += mine.size - added.length;
        fp += added.length;
        fn += missed.length;
        if (added.length || missed.length) typeErrors.push({ document: doc.name, line: l.line, category: l.category, fp: added, fn: missed, text: l.text.slice(0, 160) });
      }
      if (category !== l.category && errors.length < 40) errors.push({ document: doc.name, line: l.line, expected: l.category, got: category, text: l.text.slice(0, 120) });
    }
  }
  const scores = categoryScores(truth, predicted);
  const scored = SCORED_CATEGORIES.map((c) => scores.categories.find((s) => s.category === c) ?? { category: c, precision: 0, recall: 0, f1: 0, support: 0 });
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    documents: docs.length,
    lines: truth.length,
    categories: scores.categories,
    macroF1: scored.reduce((s, c) => s + c.f1, 0) / scored.length,
    lostLines: lost,
    contentLines: content,
    stakeholders: { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, support: tp + fn },
    errors,
    typeErrors,
    actions,
  };
}

/** The stakeholder-type errors for reading, grouped by type: false positives, then false negatives, each with its line. */
export function formatTypeErrors(r: BlindReport): string {
  const byType = new Map<string, { fp: TypeMismatch[]; fn: TypeMismatch[] }>();
  for (const e of r.typeErrors) {
    for (const t of e.fp) (byType.get(t) ?? byType.set(t, { fp: [], fn: [] }).get(t)!).fp.push(e);
    for (const t of e.fn) (byType.get(t) ?? byType.set(t, { fp: [], fn: [] }).get(t)!).fn.push(e);
  }
  const out: string[] = [];
  for (const [type, { fp, fn }] of [...byType].sort((a, b) => b[1].fp.length + b[1].fn.length - (a[1].fp.length + a[1].fn.length))) {
    out.push(`\n## ${type}: ${fp.length} false positives, ${fn.length} false negatives`);
    for (const e of fp) out.push(`  FP ${e.document}:${e.line} [${e.category}] ${e.text}`);
    for (const e of fn) out.push(`  FN ${e.document}:${e.line} [${e.category}] ${e.text}`);
  }
  return out.join('\n');
}

const share = (n: number, of: number): string => (of ? (n / of).toFixed(3) : '-');

/** The report as Markdown. */
export function formatBlindTable(title: string, r: BlindReport): string {
  const rows = r.categories.filter((c) => c.support > 0 || (SCORED_CATEGORIES as readonly string[]).includes(c.category));
  return [
    `${title} (${r.documents} documents, ${r.lines} labelled lines): macro-F1 ${r.macroF1.toFixed(3)} over ${SCORED_CATEGORIES.join(', ')}; ` +
      `content lines in no segment ${r.lostLines} of ${r.contentLines}; stakeholder types P ${r.stakeholders.precision.toFixed(3)} R ${r.stakeholders.recall.toFixed(3)} F1 ${r.stakeholders.f1.toFixed(3)} (${r.stakeholders.support}); ` +
      `Next steps on the ${r.actions.lines} action lines read as actions: owner agrees ${share(r.actions.ownerAgrees, r.actions.lines)}, due date ${share(r.actions.dueAgrees, r.actions.lines)}`,
    '',
    '| category | precision | recall | F1 | support |',
    '|---|---|---|---|---|',
    ...rows.map((c) => `| ${c.category} | ${c.precision.toFixed(3)} | ${c.recall.toFixed(3)} | ${c.f1.toFixed(3)} | ${c.support} |`),
  ].join('\n');
}

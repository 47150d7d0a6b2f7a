// Verify: before anything is written, every quote must occur verbatim at its recorded place and every count must recompute.
import type { AnalysedSegment, DocumentInfo, Quote, SurveyRecord, Synthesis } from '../model/index.ts';
import { AppError } from '../errors.ts';
import { breakdownOf, byDocumentOf } from './breakdowns.ts';
import { dict, increment, own } from '../model/dict.ts';
import { isNextStep } from './actions.ts';

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Look-up tables for one document, built once per check instead of rescanning its text or records per quote. */
export interface DocumentIndex {
  /** Offsets of every line feed in the document's text (ascending). */
  newlines: Int32Array | null;
  /** First record starting on each line. */
  recordByLine: Map<number, SurveyRecord> | null;
  /** Column index by header name. */
  columnByHeader: Map<string, number>;
}

/** Build the look-up tables of one document (line-feed offsets, records by line, columns by header). */
export function indexDocument(doc: DocumentInfo): DocumentIndex {
  let newlines: Int32Array | null = null;
  if (doc.text !== null) {
    const found: number[] = [];
    for (let i = doc.text.indexOf('\n'); i !== -1; i = doc.text.indexOf('\n', i + 1)) found.push(i);
    newlines = Int32Array.from(found);
  }
  let recordByLine: DocumentIndex['recordByLine'] = null;
  if (doc.records) {
    recordByLine = new Map();
    for (const r of doc.records) if (!recordByLine.has(r.line)) recordByLine.set(r.line, r);
  }
  const columnByHeader = new Map<string, number>();
  (doc.headers ?? []).forEach((h, i) => { if (!columnByHeader.has(h)) columnByHeader.set(h, i); });
  return { newlines, recordByLine, columnByHeader };
}

/** lineAt through the index: 1 + the line feeds before the offset (binary search). */
function indexedLineAt(newlines: Int32Array, text: string, offset: number): number {
  const limit = Math.min(offset, text.length);
  let lo = 0;
  let hi = newlines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (newlines[mid]! < limit) lo = mid + 1;
    else hi = mid;
  }
  return 1 + lo;
}

/** Problems with one quote against its segment and its source document (empty when it checks out). */
export function checkQuote(q: Quote, segment: AnalysedSegment | undefined, doc: DocumentInfo | undefined, index?: DocumentIndex): string[] {
  const where = `quote ${q.segmentId} (${q.document}, line ${q.line})`;
  if (!segment) return [`${where}: no such segment`];
  if (!doc) return [`${where}: no such document`];
  const problems: string[] = [];
  if (q.text !== segment.text) problems.push(`${where}: text differs from its segment`);
  if (doc.text !== null) {
    if (doc.text.slice(q.start, q.end) !== q.text) problems.push(`${where}: not found verbatim at characters ${q.start}-${q.end}`);
    else {
      const line = index?.newlines ? indexedLineAt(index.newlines, doc.text, q.start) : lineAt(doc.text, q.start);
      if (line !== q.line) problems.push(`${where}: starts on line ${line}, not ${q.line}`);
    }
  } else {
    const record = index?.recordByLine ? index.recordByLine.get(q.line) : doc.records?.find((r) => r.line === q.line);
    const column = index ? index.columnByHeader.get(segment.provenance.column ?? '') ?? -1 : doc.headers?.indexOf(segment.provenance.column ?? '') ?? -1;
    const cell = record && column >= 0 ? record.cells[column] ?? '' : undefined;
    if (cell === undefined) problems.push(`${where}: no record starting on that line with column "${segment.provenance.column}"`);
    else if (cell.slice(q.start, q.end) !== q.text) problems.push(`${where}: not found verbatim in the answer cell`);
  }
  return problems;
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((own(a, k) ?? 0) !== (own(b, k) ?? 0)) return false;
  return true;
}

/** All problems found in a synthesis (empty when consistent). */
export function findInconsistencies(s: Synthesis, documents: readonly DocumentInfo[]): string[] {
  const problems: string[] = [];
  const segmentById = new Map(s.segments.map((seg) => [seg.id, seg]));
  const docById = new Map(documents.map((d) => [d.id, d]));
  const indexes = new Map<string, DocumentIndex>();
  const indexOf = (doc: DocumentInfo | undefined): DocumentIndex | undefined => {
    if (!doc) return undefined;
    let index = indexes.get(doc.id);
    if (!index) indexes.set(doc.id, (index = indexDocument(doc)));
    return index;
  };
  const docOf = (q: Quote): DocumentInfo | undefined => {
    const seg = segmentById.get(q.segmentId);
    return seg ? docById.get(seg.provenance.documentId) : undefined;
  };
  const quotes: Quote[] = [
    ...s.scopes.flatMap((sc) => sc.themes.flatMap((t) => t.quotes)),
    ...s.stakeholders.flatMap((e) => e.quotes),
    ...s.minorityViews.map((m) => m.quote),
    ...s.nextSteps,
    ...(s.campaigns?.list.map((c) => c.template) ?? []),
  ];
  for (const q of quotes) {
    const doc = docOf(q);
    problems.push(...checkQuote(q, segmentById.get(q.segmentId), doc, indexOf(doc)));
  }

  // Every segment of a document is verbatim in it, too: exports list them all.
  for (const seg of s.segments) {
    const q: Quote = { segmentId: seg.id, text: seg.text, document: seg.provenance.document, line: seg.provenance.line, start: seg.provenance.start, end: seg.provenance.end, section: seg.section, respondentId: seg.respondentId };
    const doc = docById.get(seg.provenance.documentId);
    problems.push(...checkQuote(q, seg, doc, indexOf(doc)));
  }

  const assigned = new Map<string, string>();
  let scoped = 0;
  for (const scope of s.scopes) {
    let inScope = 0;
    for (const t of scope.themes) {
      const members = t.segmentIds.map((id) => segmentById.get(id)).filter((x): x is AnalysedSegment => Boolean(x));
      if (members.length !== t.segmentIds.length) problems.push(`theme ${t.id}: lists unknown segments`);
      if (t.size !== t.segmentIds.length) problems.push(`theme ${t.id}: size ${t.size} but ${t.segmentIds.length} segments`);
      if (Math.abs(t.share - t.size / scope.segments) > 1e-9) problems.push(`theme ${t.id}: share does not recompute`);
      if (!sameCounts(t.byDocument, byDocumentOf(members))) problems.push(`theme ${t.id}: counts by document do not recompute`);
      const breakdown = breakdownOf(members);
      for (const attr of new Set([...Object.keys(breakdown), ...Object.keys(t.byAttribute)])) {
        if (!sameCounts(own(t.byAttribute, attr) ?? {}, own(breakdown, attr) ?? {})) problems.push(`theme ${t.id}: counts by ${attr} do not recompute`);
      }
      for (const m of members) {
        if (assigned.has(m.id)) problems.push(`segment ${m.id}: in two themes`);
        assigned.set(m.id, t.id);
        if (m.themeId !== t.id) problems.push(`segment ${m.id}: themeId ${m.themeId} but listed in ${t.id}`);
      }
      const memberIds = new Set(t.segmentIds);
      for (const q of t.quotes) if (!memberIds.has(q.segmentId)) problems.push(`theme ${t.id}: quote ${q.segmentId} is not a member`);
      // Sub-themes: none, or two or more that hold each of the theme's segments exactly once.
      if (t.subthemes.length === 1) problems.push(`theme ${t.id}: a single sub-theme`);
      const inSub = new Set<string>();
      for (const sub of t.subthemes) {
        if (sub.size !== sub.segmentIds.length) problems.push(`sub-theme ${sub.id}: size ${sub.size} but ${sub.segmentIds.length} segments`);
        for (const id of sub.segmentIds) {
          if (!memberIds.has(id)) problems.push(`sub-theme ${sub.id}: segment ${id} is not in its theme`);
          if (inSub.has(id)) problems.push(`segment ${id}: in two sub-themes of ${t.id}`);
          inSub.add(id);
        }
        for (const q of sub.quotes) if (!sub.segmentIds.includes(q.segmentId)) problems.push(`sub-theme ${sub.id}: quote ${q.segmentId} is not a member`);
      }
      if (t.subthemes.length > 0 && inSub.size !== memberIds.size) problems.push(`theme ${t.id}: ${memberIds.size - inSub.size} segments in no sub-theme`);
      inScope += t.size;
    }
    if (inScope !== scope.segments) problems.push(`scope ${scope.id}: ${scope.segments} segments but themes hold ${inScope}`);
    scoped += scope.segments;
  }
  // Action notes are in the Next steps register instead of a scope: each exactly once, and nothing else is.
  const actions = s.segments.filter(isNextStep);
  const listed = new Set<string>();
  for (const step of s.nextSteps) {
    const seg = segmentById.get(step.segmentId);
    if (seg && !isNextStep(seg)) problems.push(`next step ${step.segmentId}: the segment is not an action note`);
    if (listed.has(step.segmentId)) problems.push(`next step ${step.segmentId}: listed twice`);
    listed.add(step.segmentId);
    if (assigned.has(step.segmentId)) problems.push(`next step ${step.segmentId}: also in theme ${assigned.get(step.segmentId)}`);
  }
  for (const seg of actions) if (!listed.has(seg.id)) problems.push(`segment ${seg.id}: an action note missing from the next steps`);
  if (scoped + actions.length !== s.segments.length) problems.push(`scopes hold ${scoped} segments and next steps ${actions.length} of ${s.segments.length}`);
  if (s.overview.segments !== s.segments.length) problems.push('overview: segment count does not recompute');
  const categories = dict<number>();
  const languages = dict<number>();
  for (const seg of s.segments) {
    increment(categories, seg.coding.category);
    increment(languages, seg.annotation.language);
  }
  if (!sameCounts(categories, s.overview.categories)) problems.push('overview: category counts do not recompute');
  if (!sameCounts(languages, s.overview.languages)) problems.push('overview: language counts do not recompute');
  const mentionsByType = new Map<string, number>();
  for (const seg of s.segments) for (const type of new Set(seg.coding.stakeholderTypes)) mentionsByType.set(type, (mentionsByType.get(type) ?? 0) + 1);
  for (const e of s.stakeholders) {
    const mentions = mentionsByType.get(e.type) ?? 0;
    if (mentions !== e.mentions) problems.push(`stakeholder ${e.type}: ${e.mentions} mentions but ${mentions} segments name it`);
  }
  return problems;
}

/** Throw VERIFICATION_FAILED listing the first problems when the synthesis does not check out. */
export function verifySynthesis(s: Synthesis, documents: readonly DocumentInfo[]): void {
  const problems = findInconsistencies(s, documents);
  if (problems.length) {
    throw new AppError('VERIFICATION_FAILED', `The synthesis failed its consistency check (${problems.length} problems): ${problems.slice(0, 5).join('; ')}`);
  }
}

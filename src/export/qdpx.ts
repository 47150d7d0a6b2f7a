// The REFI-QDA export (.qdpx): sources as plain text, codes for categories and themes, and every segment coded, for NVivo, ATLAS.ti, MAXQDA or QualCoder.
import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import type { AnalysedSegment, DocumentInfo, Synthesis } from '../model/index.ts';
import { createRedaction, redactSynthesis } from '../privacy/redact.ts';
import { ACTION_CATEGORY } from '../pipeline/actions.ts';

type Redact = (text: string) => string;

export const QDA_NAMESPACE = 'urn:QDA-XML:project:1.0';

/** A stable GUID (UUID layout) from a key, so the same synthesis always exports the same project. */
export function guidOf(key: string): string {
  const h = createHash('sha1').update(`harvest:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** Escape text for an XML attribute or element, dropping characters XML 1.0 cannot hold. */
export function escapeXmlText(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A source text built piece by piece, with positions counted in Unicode characters (code points) as REFI-QDA expects. */
class SourceText {
  text = '';
  private chars = 0;
  readonly selections: { segment: AnalysedSegment; start: number; end: number }[] = [];

  add(part: string): void {
    this.text += part;
    this.chars += Array.from(part).length;
  }

  addSegment(segment: AnalysedSegment, part: string): void {
    const start = this.chars;
    this.add(part);
    this.selections.push({ segment, start, end: this.chars });
  }
}

/** Notes: the document text, with each segment's place recorded; redacted text keeps the positions right. */
function notesSource(doc: DocumentInfo, segments: AnalysedSegment[], redact: Redact): SourceText {
  const text = doc.text ?? '';
  const out = new SourceText();
  // Between segments: headers, attendee lists, metadata lines; the segments' own texts come already redacted.
  const gap = (part: string): string => redact(part);
  let at = 0;
  for (const seg of [...segments].sort((a, b) => a.provenance.start - b.provenance.start)) {
    if (seg.provenance.start < at) continue;
    out.add(gap(text.slice(at, seg.provenance.start)));
    out.addSegment(seg, seg.text);
    at = seg.provenance.end;
  }
  out.add(gap(text.slice(at)));
  return out;
}

/** Surveys: one block per answer ("Respondent R7, question: ..." then the answer), so each answer can be coded. */
function surveySource(segments: AnalysedSegment[]): SourceText {
  const out = new SourceText();
  for (const seg of segments) {
    out.add(`Respondent ${seg.respondentId ?? '?'} (line ${seg.provenance.line}), ${seg.provenance.column ?? seg.section ?? 'answer'}:\n`);
    out.addSegment(seg, seg.text);
    out.add('\n\n');
  }
  return out;
}

/**
 * Build a .qdpx project (a zip of project.qde and sources/*.txt): one text source per document, a code
 * tree "Categories" (one code per codebook category) and "Themes" (one code per question or category,
 * one child per theme, hand-edited themes marked), and one coded selection per segment carrying its
 * category and theme codes. With `redact`, personal data is replaced in the source texts.
 */
export function renderQdpx(input: Synthesis, documents: readonly DocumentInfo[], options: { redact?: boolean; name?: string; now?: Date } = {}): Uint8Array {
  const redaction = options.redact === true ? createRedaction(input, documents) : null;
  const s = redaction ? redactSynthesis(input, documents, redaction) : input;
  const redact: Redact = redaction ? redaction.text : (t) => t;
  const now = (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const user = guidOf('user');
  const files: Record<string, Uint8Array> = {};
  const x = escapeXmlText;

  // Codebook categories, then any other category segments carry ("other", "action" when the codebook lacks it), so every coding has its code.
  const codebookIds = s.method.categories.map((c) => c.id);
  const categoryIds = [...codebookIds, ...Object.keys(s.overview.categories).filter((id) => !codebookIds.includes(id)).sort()];
  const categoryCode = (id: string): string => guidOf(`category:${id}`);
  const themeCode = (id: string): string => guidOf(`theme:${id}`);
  const categoryLabel = (id: string): string => s.method.categories.find((c) => c.id === id)?.label ?? (id === ACTION_CATEGORY ? 'Action' : 'Other');
  // A next step's selection says who will do it and by when.
  const stepOf = new Map((s.nextSteps ?? []).map((n) => [n.segmentId, n]));
  // Each segment's sub-theme, coded besides its theme.
  const subthemeOf = new Map(s.scopes.flatMap((sc) => sc.themes.flatMap((t) => t.subthemes.flatMap((sub) => sub.segmentIds.map((id) => [id, sub.id] as const)))));

  const codes: string[] = [];
  codes.push(`<Code guid="${guidOf('categories')}" name="Categories" isCodable="false">`);
  for (const id of categoryIds) {
    codes.push(`<Code guid="${categoryCode(id)}" name="${x(categoryLabel(id))}" isCodable="true"><Description>${x(`Codebook category "${id}"`)}</Description></Code>`);
  }
  codes.push('</Code>');
  codes.push(`<Code guid="${guidOf('themes')}" name="Themes" isCodable="false">`);
  for (const scope of s.scopes) {
    codes.push(`<Code guid="${guidOf(`scope:${scope.id}`)}" name="${x(scope.label)}" isCodable="false">`);
    for (const t of scope.themes) {
      const name = `${t.label}${t.isOther ? ' (other)' : ''}${t.editedBy === 'human' ? ' (edited by hand)' : ''}`;
      const description = `${t.size} segments; key terms: ${t.keyTerms.join(', ') || '—'}`;
      // Sub-themes nest inside their theme's code (a code's children in REFI-QDA).
      const children = t.subthemes.map((sub) => {
        const subName = `${sub.label}${sub.editedBy === 'human' ? ' (edited by hand)' : ''}`;
        const subDescription = `${sub.size} segments; key terms: ${sub.keyTerms.join(', ') || '—'}`;
        return `<Code guid="${themeCode(sub.id)}" name="${x(subName)}" isCodable="true"><Description>${x(subDescription)}</Description></Code>`;
      });
      codes.push(`<Code guid="${themeCode(t.id)}" name="${x(name)}" isCodable="true"><Description>${x(description)}</Description>${children.join('')}</Code>`);
    }
    codes.push('</Code>');
  }
  codes.push('</Code>');

  const byDocument = new Map<string, AnalysedSegment[]>();
  for (const seg of s.segments) {
    if (!byDocument.has(seg.provenance.documentId)) byDocument.set(seg.provenance.documentId, []);
    byDocument.get(seg.provenance.documentId)!.push(seg);
  }
  const sources: string[] = [];
  for (const doc of documents) {
    const segments = byDocument.get(doc.id) ?? [];
    const source = doc.kind === 'notes' ? notesSource(doc, segments, redact) : surveySource(segments);
    const guid = guidOf(`source:${doc.id}:${doc.name}`);
    files[`sources/${guid}.txt`] = strToU8(source.text);
    const selections = source.selections.map(({ segment, start, end }) => {
      const subtheme = subthemeOf.get(segment.id);
      const codings = [categoryCode(segment.coding.category), ...(segment.themeId ? [themeCode(segment.themeId)] : []), ...(subtheme ? [themeCode(subtheme)] : [])]
        .map((code, i) => `<Coding guid="${guidOf(`coding:${segment.id}:${i}`)}" creatingUser="${user}" creationDateTime="${now}"><CodeRef targetGUID="${code}"/></Coding>`)
        .join('');
      const name = `${segment.id}${segment.respondentId ? ` (respondent ${segment.respondentId})` : ` (line ${segment.provenance.line})`}`;
      const step = stepOf.get(segment.id);
      const description = step ? `<Description>${x(`Next step. Owner: ${step.owner || '—'}; action: ${step.task || step.text}; due: ${step.due || '—'}`)}</Description>` : '';
      return `<PlainTextSelection guid="${guidOf(`selection:${segment.id}`)}" name="${x(name)}" startPosition="${start}" endPosition="${end}" creatingUser="${user}" creationDateTime="${now}">${description}${codings}</PlainTextSelection>`;
    });
    sources.push(`<TextSource guid="${guid}" name="${x(redact(doc.name))}" plainTextPath="internal://${guid}.txt" creatingUser="${user}" creationDateTime="${now}">${selections.join('')}</TextSource>`);
  }

  const projectName = options.name ?? s.documents.find((d) => d.title)?.title ?? 'Harvest synthesis';
  const xml = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<Project xmlns="${QDA_NAMESPACE}" name="${x(redact(projectName))}" origin="Harvest ${x(s.version)}" creatingUserGUID="${user}" creationDateTime="${now}">`,
    `<Users><User guid="${user}" name="Harvest"/></Users>`,
    `<CodeBook><Codes>${codes.join('')}</Codes></CodeBook>`,
    `<Sources>${sources.join('')}</Sources>`,
    `<Description>${x(`Exported by Harvest ${s.version}: ${s.segments.length} segments from ${documents.length} documents${redaction ? '; personal data redacted' : ''}.`)}</Description>`,
    '</Project>',
  ].join('\n');
  files['project.qde'] = strToU8(xml);
  return zipSync(files, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}

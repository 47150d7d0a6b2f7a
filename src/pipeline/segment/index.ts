// Segment stage: one ingested document -> DocumentInfo + verbatim Segments (notes and surveys each have their module).
import type { DocumentInfo, IngestedDocument, Segment } from '../../model/index.ts';
import type { SegmentOptions } from './options.ts';
import { segmentNotes } from './notes.ts';
import { segmentSurvey } from './survey.ts';
import { longLineWarnings } from './long-text.ts';
import { segmentBoard } from './board.ts';

export type { SegmentOptions, SurveyOptions } from './options.ts';
export { parseAttendee } from './attendees.ts';
export { splitSentences } from './sentences.ts';
export { segmentNotes } from './notes.ts';
export { segmentSurvey } from './survey.ts';
export { segmentBoard } from './board.ts';
export { isNonAnswer, nonAnswerMatcher, type NonAnswerMatcher } from './non-answers.ts';
export { detectSurveyMapping, profileColumns, type ColumnProfile } from './survey-mapping.ts';

/**
 * Split a document into segments and collect the facts about it. Notes: bullets, numbered items and
 * paragraphs (long ones split into sentences) under the heading or question they answer; surveys: one
 * segment per non-blank answer; whiteboard exports: one segment per sticky. Every segment's text is an exact slice of its source. Pure.
 */
export function segmentDocument(
  doc: IngestedDocument,
  documentId: string,
  options: SegmentOptions,
): { info: DocumentInfo; segments: Segment[] } {
  const result = doc.kind === 'survey' ? segmentSurvey(doc, documentId, options) : doc.board ? segmentBoard({ ...doc, board: doc.board }, documentId) : segmentNotes(doc, documentId, options);
  return withReadingFacts(doc, result);
}

/** The document's encoding and the reader's warnings, carried from ingest into the document's facts. */
function withReadingFacts(doc: IngestedDocument, result: { info: DocumentInfo; segments: Segment[] }): { info: DocumentInfo; segments: Segment[] } {
  if (doc.encoding !== undefined) result.info.encoding = doc.encoding;
  const warnings = [...(doc.warnings ?? []), ...(result.info.warnings ?? []), ...(doc.kind === 'notes' ? longLineWarnings(doc.text, result.segments) : [])];
  if (warnings.length) result.info.warnings = warnings;
  return result;
}

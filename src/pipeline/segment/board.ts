// Whiteboard exports read as notes: one segment per sticky, its frame, area or colour cluster the breakout group and section.
import { boardExportName, type BoardExport, type DocumentInfo, type IngestedNotes, type NotAnalysedReason, type Segment } from '../../model/index.ts';
import { dict } from '../../model/dict.ts';
import { accountForLines } from './register.ts';

/**
 * One segment per sticky, each an exact slice of the notes text made from the board. The sticky's cluster (frame,
 * area, or colour where the board has neither) is its section and its `group` attribute; its colour and tags are
 * attributes too, and so is its author (a person key: redacted reports hide it). The title is accounted for as not analysed. Pure.
 */
export function segmentBoard(doc: IngestedNotes & { board: BoardExport }, documentId: string): { info: DocumentInfo; segments: Segment[] } {
  const { board, text } = doc;
  const segments: Segment[] = board.stickies.map((sticky, i) => {
    const attributes = dict<string>();
    attributes.document = doc.name;
    attributes.group = sticky.cluster;
    if (sticky.colour) attributes.colour = sticky.colour;
    if (sticky.tags.length) attributes.tags = sticky.tags.join(', ');
    if (sticky.author) attributes.author = sticky.author;
    return {
      id: `${documentId}-${String(i + 1).padStart(4, '0')}`,
      kind: 'note',
      text: text.slice(sticky.start, sticky.end),
      section: sticky.cluster,
      respondentId: null,
      attributes,
      provenance: { documentId, document: doc.name, line: sticky.line, start: sticky.start, end: sticky.end, column: null },
    };
  });
  const sections = [...new Set(board.stickies.map((s) => s.cluster))];
  // The first line is the title the reader wrote (every other non-blank line is a sticky).
  const reasons = new Map<number, NotAnalysedReason>([[1, 'title']]);
  const metadata = dict<string[]>();
  metadata.exported_from = [boardExportName(board.platform)];
  metadata.groups_from = [board.clusteredBy === 'colour' ? 'sticky colours (the board has no frames or areas)' : `the board's ${board.clusteredBy}s`];
  const info: DocumentInfo = {
    id: documentId,
    name: doc.name,
    kind: 'notes',
    format: doc.format,
    title: null,
    metadata,
    attendees: [],
    organisations: [],
    sections,
    notAnalysed: accountForLines(text, segments.map((s) => s.provenance), reasons),
    survey: null,
    text,
    records: null,
    headers: null,
  };
  return { info, segments };
}

// Whiteboard exports (Miro, Mural): a table of sticky notes read as notes, one bullet per sticky under its frame, area or colour.
import { boardExportName, type BoardExport, type BoardSticky, type IngestedNotes, type IngestedSurvey } from '../model/index.ts';

/** Column with the sticky's text. */
const TEXT = /^(?:content|text|sticky(?: note)?(?: text| content)?|note(?: text)?|idea)$/i;
/** Column with the sticky's colour: what tells a board from a survey table. */
const COLOUR = /^(?:colou?r|sticky(?: note)? colou?r|background colou?r|fill colou?r)$/i;
/** Miro groups stickies in frames; Mural in areas; other boards in columns, lanes or named clusters (read as areas). */
const FRAME = /^(?:frame|frame name|frame title|parent frame)$/i;
const AREA = /^(?:area|area name|area title|section|column|lane|cluster|group)$/i;
const TAGS = /^(?:tags?|labels?)$/i;
/** Column with who wrote the sticky (Miro's Author, Mural's Created by): kept as its `author` attribute. */
const AUTHOR = /^(?:author|created by|creator|added by|owner)$/i;
/** Column with a sticky's votes, dots or likes: a board's, never a survey's (boards exported without colours have it). */
const VOTES = /^(?:votes?|dots?|dot votes?|likes?|upvotes?|\+1s?|reactions?)$/i;
/** Column naming the kind of board item (sticky note, shape, text, frame). */
const TYPE = /^(?:type|item type|widget type|object type)$/i;

/** Board platforms, from the file's name when it says, else from the columns (frames are Miro's, areas Mural's). */
function platformOf(name: string, frameAt: number, areaAt: number): BoardExport['platform'] {
  if (/miro/i.test(name)) return 'miro';
  if (/mural/i.test(name)) return 'mural';
  if (frameAt >= 0) return 'miro';
  if (areaAt >= 0) return 'mural';
  return 'board';
}

/**
 * Read a table as a whiteboard export when it is one: a text column and a colour, votes or frame column (what tells a
 * board from a survey table), with a frame or area, tags or a type column beside them. Each sticky (rows of another type, such as shapes and frames, are left out)
 * becomes a bullet on its own line of the file; its frame or area, or its colour when the board has neither, is
 * kept as its cluster, and who wrote it (an author column) as its author. Null when the table is not a board export.
 */
export function boardFromTable(table: IngestedSurvey): IngestedNotes | null {
  const find = (pattern: RegExp): number => table.headers.findIndex((h) => pattern.test(h.trim()));
  const textAt = find(TEXT);
  const colourAt = find(COLOUR);
  const frameAt = find(FRAME);
  const areaAt = find(AREA);
  const tagsAt = find(TAGS);
  const typeAt = find(TYPE);
  const authorAt = find(AUTHOR);
  const boardOnly = colourAt >= 0 || frameAt >= 0 || find(VOTES) >= 0;
  if (textAt < 0 || !boardOnly || (frameAt < 0 && areaAt < 0 && tagsAt < 0 && typeAt < 0)) return null;
  const cell = (cells: readonly string[], at: number): string => (at < 0 ? '' : (cells[at] ?? '').trim());
  const anyStickyType = typeAt >= 0 && table.records.some((r) => /sticky|note|card/i.test(cell(r.cells, typeAt)));
  const clusterAt = frameAt >= 0 ? frameAt : areaAt;
  const clustered = clusterAt >= 0 && table.records.some((r) => cell(r.cells, clusterAt) !== '');
  const clusteredBy: BoardExport['clusteredBy'] = !clustered ? 'colour' : frameAt >= 0 ? 'frame' : 'area';

  const notes: { line: number; cluster: string; colour: string | null; tags: string[]; author: string | null; text: string }[] = [];
  for (const record of table.records) {
    if (anyStickyType && !/sticky|note|card/i.test(cell(record.cells, typeAt))) continue;
    // A sticky's own line breaks become spaces: one sticky, one bullet.
    const text = cell(record.cells, textAt).replace(/\s+/g, ' ');
    if (!text) continue;
    const colour = cell(record.cells, colourAt) || null;
    const outside = clustered ? ` outside any ${clusteredBy}` : '';
    const cluster = (clustered ? cell(record.cells, clusterAt) : '') || (colour ? `${colour} stickies${outside}` : `Stickies${outside || ' outside any cluster'}`);
    const tags = cell(record.cells, tagsAt).split(/[,;|]/).map((t) => t.trim()).filter(Boolean);
    notes.push({ line: record.line, cluster, colour, tags, author: cell(record.cells, authorAt) || null, text });
  }
  if (notes.length === 0) return null;

  // Each sticky stays on its own line of the file (a record's first line), so a quote's line is the export's;
  // the title takes line 1 (the header row's), other rows (frames, shapes) and a record's further lines are blank.
  const platform = platformOf(table.name, frameAt, areaAt);
  const lines: string[] = Array.from({ length: notes[notes.length - 1]!.line }, () => '');
  lines[0] = `# ${boardExportName(platform)}: ${table.name}`;
  for (const note of notes) lines[note.line - 1] = `- ${note.text}`;
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const stickies: BoardSticky[] = notes.map((note) => {
    const start = starts[note.line - 1]! + 2;
    return { line: note.line, start, end: start + note.text.length, cluster: note.cluster, colour: note.colour, tags: note.tags, ...(note.author ? { author: note.author } : {}) };
  });
  return { kind: 'notes', name: table.name, format: table.format, text: `${lines.join('\n')}\n`, board: { platform, clusteredBy, stickies } };
}

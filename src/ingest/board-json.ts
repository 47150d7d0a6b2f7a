// A whiteboard's JSON (the items Miro's REST API lists, the widgets Mural's lists): its stickies read as notes, like a board CSV.
import type { IngestedNotes, SurveyRecord } from '../model/index.ts';
import { boardFromTable } from './board.ts';
import { fileError, reasonOf } from './common.ts';
import { checkText, DEFAULT_READER_LIMITS, type ReaderLimits } from './limits.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
/** A nested field ("data.content"), '' when absent or not text. */
const field = (item: Json, path: string): string => {
  let at: unknown = item;
  for (const part of path.split('.')) at = isObject(at) ? at[part] : undefined;
  return str(at);
};
const first = (item: Json, paths: readonly string[]): string => paths.map((p) => field(item, p)).find((v) => v.trim() !== '') ?? '';

const ENTITIES = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', ' ']]);

/** The text of a sticky's HTML content ("<p>No signal</p><p>in the village</p>" -> "No signal in the village"). */
export function htmlText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(?:p|div|li)>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (all, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES.get(name.toLowerCase()) ?? all;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** The item list of a board's JSON: the document itself, or its `data` (Miro), `value` (Mural), `widgets` or `items`. */
function itemsOf(json: unknown): Json[] | null {
  if (Array.isArray(json)) return json.filter(isObject);
  if (!isObject(json)) return null;
  for (const key of ['data', 'value', 'widgets', 'items']) {
    const list = json[key];
    if (Array.isArray(list)) return list.filter(isObject);
  }
  return null;
}

const STICKY = /sticky|note|card/i;
const CLUSTER = /^(?:frame|area)$/i;

/**
 * Read a board's JSON: its sticky notes (HTML content as text), their colour, the frame or area they are in (by
 * parent id), their tags and who created them (where the tool names them), as boardFromTable reads a board's CSV. Throws MALFORMED_FILE for JSON that is not a
 * list of board items with stickies.
 */
export function readBoardJson(name: string, bytes: Uint8Array, limits: ReaderLimits = DEFAULT_READER_LIMITS): IngestedNotes {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  checkText(name, text, limits);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw fileError('MALFORMED_FILE', name, `the JSON could not be read (${reasonOf(err)}).`, err);
  }
  const items = itemsOf(json);
  const notBoard = (): Error => fileError('MALFORMED_FILE', name, 'this JSON is not a whiteboard export (a list of items with sticky notes, as Miro and Mural give); export the board as CSV, or the notes as text.');
  if (!items) throw notBoard();
  const tagTitles = new Map<string, string>();
  const tagList = isObject(json) && Array.isArray(json.tags) ? json.tags.filter(isObject) : [];
  for (const tag of tagList) tagTitles.set(str(tag.id), first(tag, ['title', 'name']));
  const clusterTitles = new Map<string, { kind: string; title: string }>();
  for (const item of items) {
    const kind = field(item, 'type');
    if (CLUSTER.test(kind)) clusterTitles.set(str(item.id), { kind: kind.toLowerCase(), title: first(item, ['data.title', 'title', 'name']) });
  }
  const kinds = new Set([...clusterTitles.values()].map((c) => c.kind));
  const clusterHeader = kinds.has('area') && !kinds.has('frame') ? 'Area' : 'Frame';
  const records: SurveyRecord[] = [];
  items.forEach((item, i) => {
    if (!STICKY.test(field(item, 'type'))) return;
    const content = first(item, ['data.content', 'htmlText', 'text', 'content', 'data.text']);
    const parent = clusterTitles.get(first(item, ['parent.id', 'parentId']));
    const tagIds = Array.isArray(item.tagIds) ? item.tagIds.map(str) : [];
    const tags = tagIds.map((id) => tagTitles.get(id) ?? '').filter(Boolean).join(', ');
    // Mural names who created a widget; Miro gives only a user id, which names nobody and is left out.
    const author = first(item, ['author', 'createdBy.name']) || [field(item, 'createdBy.firstName'), field(item, 'createdBy.lastName')].join(' ').trim();
    // Line 1 is the title: the n-th item is on line n + 1 of the notes made from the board.
    records.push({ line: i + 2, cells: ['sticky_note', htmlText(content), first(item, ['style.fillColor', 'style.backgroundColor', 'style.color', 'color']), parent?.title ?? '', tags, author] });
  });
  if (records.length === 0) throw notBoard();
  const notes = boardFromTable({ kind: 'survey', name, format: 'json', sheet: null, headers: ['Type', 'Content', 'Color', clusterHeader, 'Tags', 'Author'], records });
  if (!notes) throw notBoard();
  return notes;
}

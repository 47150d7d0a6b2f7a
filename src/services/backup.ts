// Backup and restore of one consultation as a zip archive: its files (as read), codebook, analysis, edits and history.
import { strFromU8, strToU8, zipSync } from 'fflate';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { readZip, type ZipLimits } from '../ingest/zip-guard.ts';
import { HARVEST_VERSION } from '../pipeline/index.ts';
import { consultationData, type ConsultationData } from '../store/schema.ts';
import { parseCodebook } from '../corpus.ts';
import { cleanFileName } from '../model/names.ts';
import { findInconsistencies } from '../pipeline/verify.ts';

const MANIFEST = 'harvest-backup.json';
const DATA = 'consultation.json';

const manifest = z.object({
  format: z.literal('harvest-consultation-backup'),
  version: z.literal(1),
  harvest: z.string().max(100),
  exportedAt: z.string().max(40),
  consultationId: z.string().max(100),
  name: z.string().max(1000),
});

/** Pack a consultation's stored state into a zip: a manifest and the consultation as JSON. */
export function packBackup(data: ConsultationData, now = new Date()): Uint8Array {
  const head: z.infer<typeof manifest> = {
    format: 'harvest-consultation-backup',
    version: 1,
    harvest: HARVEST_VERSION,
    exportedAt: now.toISOString(),
    consultationId: data.consultation.id,
    name: data.consultation.name,
  };
  const files = { [MANIFEST]: strToU8(JSON.stringify(head, null, 2)), [DATA]: strToU8(JSON.stringify(data)) };
  // A fixed date per entry keeps archives of the same state byte-identical apart from the manifest.
  return zipSync(files, { level: 6, mtime: new Date('2020-01-01T00:00:00Z') });
}

/** The parts of a backup, in the order they are checked, with the words an error names them by. */
const PARTS = [
  ['consultation', 'its consultation record is'],
  ['documents', 'its files are'],
  ['codebook', 'its codebook is'],
  ['analysis', 'its analysis is'],
  ['edits', 'its corrections are'],
  ['history', 'its history is'],
  ['members', 'its members list is'],
  ['projector', 'its frozen projector is'],
  ['previous', 'its previous analysis is'],
] as const;

/** "documents.2.ingested.headers: Too big: expected array to have <=10000 items" for the first issue. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'it is not valid';
  const where = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message.replace(/^Invalid input:\s*/i, '')}`;
}

/**
 * Read a backup archive back into a consultation's state, checked whole before anything is stored: the manifest,
 * then each part (consultation, files, codebook, analysis, corrections, history, members) against the store's
 * schemas with their caps, the codebook as a codebook file is checked, the file names as names, and the analysis
 * against its own consistency check. A backup is untrusted input: BAD_ARGUMENT names the part and field wrong.
 */
export function unpackBackup(name: string, bytes: Uint8Array, limits: ZipLimits): ConsultationData {
  const bad = (why: string) => new AppError('BAD_ARGUMENT', `${name} is not a Harvest backup: ${why}.`);
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw bad('it is not a zip archive');
  // Inflated here under the limits, entry by entry (refused when the archive cannot be checked).
  const files = readZip(name, bytes, limits, { only: (entry) => entry === MANIFEST || entry === DATA, advice: 'download the backup from Harvest again.' });
  const manifestBytes = files.get(MANIFEST);
  const dataBytes = files.get(DATA);
  if (!manifestBytes || !dataBytes) throw bad(`it has no ${manifestBytes ? DATA : MANIFEST}`);
  let head: unknown;
  let body: unknown;
  try {
    head = JSON.parse(strFromU8(manifestBytes));
    body = JSON.parse(strFromU8(dataBytes));
  } catch {
    throw bad('its JSON is damaged');
  }
  const headCheck = manifest.safeParse(head);
  if (!headCheck.success) throw bad(`its manifest is not one Harvest writes (${describeIssue(headCheck.error)})`);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw bad(`${DATA} is not an object`);
  const record = body as Record<string, unknown>;
  const known = new Set<string>(PARTS.map(([key]) => key));
  const unknown = Object.keys(record).find((key) => !known.has(key));
  if (unknown !== undefined) throw bad(`${DATA} has a part Harvest does not write ("${unknown.slice(0, 40)}")`);
  // Each part on its own first, so the message says which part is wrong; then the whole, for the defaults.
  for (const [key, words] of PARTS) {
    const part = consultationData.shape[key].safeParse(Object.hasOwn(record, key) ? record[key] : undefined);
    if (!part.success) throw bad(`${words} not valid (${key}): ${describeIssue(part.error)}`);
  }
  const parsed = consultationData.safeParse(body);
  if (!parsed.success) throw bad(describeIssue(parsed.error));
  const data = parsed.data;
  data.documents.forEach((doc, i) => {
    // Names are cleaned when files are uploaded; a name that is not clean was made by hand (and would show
    // "evil\u202Egnp.txt" as "eviltxt.png"). Changing it here would break the analysis that refers to it.
    if (doc.name !== cleanFileName(doc.name) || doc.ingested.name !== doc.name) throw bad(`its files are not valid (documents): documents.${i}.name: a file name with control or bidi-override characters`);
    if (!/^[A-Za-z0-9_.-]{1,200}$/.test(doc.id)) throw bad(`its files are not valid (documents): documents.${i}.id: not an id Harvest makes`);
  });
  if (new Set(data.documents.map((d) => d.id)).size !== data.documents.length) throw bad('its files are not valid (documents): two files have the same id');
  if (data.codebook) {
    try {
      parseCodebook(data.codebook, 'codebook');
    } catch (err) {
      throw bad(`its codebook is not valid (codebook): ${err instanceof Error ? err.message.replace(/^codebook: /, '') : String(err)}`);
    }
  }
  // The analysis (and the one it replaced) is shown, exported and edited as it is: it must be what an analysis makes,
  // consistent with its files.
  for (const [key, words, analysis] of [['analysis', 'its analysis', data.analysis], ['previous', 'its previous analysis', data.previous]] as const) {
    const problems = analysis ? findInconsistencies(analysis.synthesis, analysis.documents) : [];
    if (problems.length) throw bad(`${words} is not consistent (${key}): ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}`);
  }
  return data;
}

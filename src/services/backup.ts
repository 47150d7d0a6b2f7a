// Backup and restore of one consultation as a zip archive: its files (as read), codebook, analysis, edits and history.
import { strFromU8, strToU8, zipSync } from 'fflate';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { readZip, type ZipLimits } from '../ingest/zip-guard.ts';
import { HARVEST_VERSION } from '../pipeline/index.ts';
import { consultationData, type ConsultationData } from '../store/schema.ts';

const MANIFEST = 'harvest-backup.json';
const DATA = 'consultation.json';

const manifest = z.object({
  format: z.literal('harvest-consultation-backup'),
  version: z.literal(1),
  harvest: z.string(),
  exportedAt: z.string(),
  consultationId: z.string(),
  name: z.string(),
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

/** Read a backup archive back into a consultation's state; BAD_ARGUMENT says what is wrong with the file. */
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
  if (!manifest.safeParse(head).success) throw bad('its manifest is not one Harvest writes');
  const parsed = consultationData.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw bad(`${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

// A survey's records parsed when first used: a store reads a consultation with each survey's records as text and
// parses (and checks) them only when something reads `records` (an analysis, an export, a respondent's answers),
// not for the pages that need only the consultation (its page, files, members, the role check of every route).
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { surveyRecord, type SurveyRecord } from '../model/index.ts';
import { LIMITS } from '../model/limits.ts';

const recordList = z.array(surveyRecord).max(LIMITS.segments);

/** The loader of each object whose `records` have not been read yet. */
const pending = new WeakMap<object, () => SurveyRecord[]>();

/** Records as JSON text, parsed and checked once, when first needed; `where` names the file or column in errors. */
export function recordsFromText(text: string, where: string): () => SurveyRecord[] {
  let kept: string | null = text;
  let records: SurveyRecord[] | null = null;
  return () => {
    if (records) return records;
    const parsed = recordList.safeParse(JSON.parse(kept!));
    if (!parsed.success) throw new AppError('INTERNAL', `${where} is not valid: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    kept = null;
    return (records = parsed.data);
  };
}

/**
 * Give `target` a `records` property read from `load` on first access (then an ordinary property holding the same
 * array). Enumerable, so JSON.stringify, structured clones (a worker's input) and spreads read it like any other.
 */
export function withLazyRecords<T extends object>(target: T, load: () => SurveyRecord[]): T & { records: SurveyRecord[] } {
  const settle = (records: SurveyRecord[]): SurveyRecord[] => {
    pending.delete(target);
    Object.defineProperty(target, 'records', { value: records, enumerable: true, writable: true, configurable: true });
    return records;
  };
  Object.defineProperty(target, 'records', {
    enumerable: true,
    configurable: true,
    get: () => settle(load()),
    set: (records: SurveyRecord[]) => void settle(records),
  });
  pending.set(target, load);
  return target as T & { records: SurveyRecord[] };
}

/** The loader of `holder.records` when they have not been read yet (to share them unread), else null. */
export function pendingRecords(holder: object): (() => SurveyRecord[]) | null {
  return pending.get(holder) ?? null;
}

/** `holder`'s records, or their loader when they have not been read yet: what to give another holder of the same records. */
export function recordsSource(holder: { records: SurveyRecord[] }): () => SurveyRecord[] {
  const load = pending.get(holder);
  if (load) return load;
  const records = holder.records;
  return () => records;
}

/**
 * The object without its `records`, without reading them (a destructuring would read a lazy property). For writing the
 * rest of a survey apart from its records.
 */
export function withoutRecords<T extends object>(holder: T): Omit<T, 'records'> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(holder)) if (key !== 'records') out[key] = (holder as Record<string, unknown>)[key];
  return out as Omit<T, 'records'>;
}

// Reading and changing one consultation's stored state, shared by the services: NOT_FOUND when it is absent,
// CONFLICT when it changed since the version the request was based on.
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { ConsultationData, ConsultationHead } from '../store/schema.ts';
import type { Acting } from './acting.ts';

/** A new random id with a prefix ("c" consultations, "e" edits). */
export function newId(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found.`);
}

/** The consultation's stored state; NOT_FOUND when there is none. */
export async function loadConsultation(store: Store, id: string): Promise<ConsultationData> {
  const data = await store.get(id);
  if (!data) throw notFound('Consultation');
  return data;
}

/** The consultation without its analyses' segments (Store.head); NOT_FOUND when there is none. */
export async function loadHead(store: Store, id: string): Promise<ConsultationHead> {
  const data = await store.head(id);
  if (!data) throw notFound('Consultation');
  return data;
}

/** Change a consultation in one store update; CONFLICT when it changed since the version `acting` was based on. */
export async function changeConsultation(store: Store, id: string, acting: Acting, fn: (data: ConsultationData) => ConsultationData): Promise<ConsultationData> {
  const expected = acting.version;
  const next = await store.update(id, (data) => {
    // Checked inside the store's update, so no other change can slip in between the check and the write.
    if (expected !== undefined && data.consultation.updatedAt !== expected) {
      throw new AppError('CONFLICT', `"${data.consultation.name}" was changed by someone else since you opened it (at ${data.consultation.updatedAt.slice(0, 19).replace('T', ' ')} UTC): reload the page and make your change again.`);
    }
    return fn(data);
  });
  if (!next) throw notFound('Consultation');
  return next;
}

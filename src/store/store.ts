// The store seam: services read and write consultations through this interface; lowdb is the default implementation.
import type { ConsultationData, ConsultationRecord } from './schema.ts';

export interface Store {
  /** Every consultation's record, newest first. */
  list(): Promise<ConsultationRecord[]>;
  /** One consultation with its documents, analysis and edits, or null when there is none with that id. */
  get(id: string): Promise<ConsultationData | null>;
  /** Save a new consultation. */
  create(data: ConsultationData): Promise<void>;
  /**
   * Change a consultation: `change` gets a copy and returns the new state. Changes to one consultation
   * are applied one after the other; returns null when the consultation does not exist.
   */
  update(id: string, change: (data: ConsultationData) => ConsultationData): Promise<ConsultationData | null>;
  /** Remove a consultation; false when there was none. */
  delete(id: string): Promise<boolean>;
}

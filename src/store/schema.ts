// What the store keeps per consultation, as zod schemas: validated when a file is read back.
import { z } from 'zod';
import { codebook, documentInfo, ingestedDocument, synthesis } from '../model/index.ts';

export const consultationRecord = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().min(1).max(200),
  description: z.string().max(5000).default(''),
  /** The day of the consultation (YYYY-MM-DD), when known. */
  date: z.string().nullable().default(null),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConsultationRecord = z.infer<typeof consultationRecord>;

/** The facilitator's choice of survey columns for one file (absent fields are detected). */
export const surveyChoice = z.object({
  idColumn: z.string().optional(),
  textColumns: z.array(z.string()).optional(),
  questionColumn: z.string().optional(),
  attributeColumns: z.array(z.string()).optional(),
});
export type SurveyChoice = z.infer<typeof surveyChoice>;

/** An uploaded file after ingest: kept as text or table so it can be re-analysed without the bytes. */
export const storedDocument = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().int().nonnegative(),
  uploadedAt: z.string(),
  ingested: ingestedDocument,
  mapping: surveyChoice.nullable().default(null),
});
export type StoredDocument = z.infer<typeof storedDocument>;

/** The machine's analysis, before any human edit. */
export const storedAnalysis = z.object({
  runAt: z.string(),
  seed: z.number().int(),
  k: z.number().int().nullable(),
  synthesis,
  documents: z.array(documentInfo),
});
export type StoredAnalysis = z.infer<typeof storedAnalysis>;

const anchoredTheme = z.object({
  themeId: z.string(),
  /** The theme's segments when the edit was made: how the theme is found again after a re-analysis. */
  anchors: z.array(z.string()),
  /** The same segments as content keys (file, line, column, text), which survive renumbering. */
  anchorKeys: z.array(z.string()).optional(),
});
export type AnchoredTheme = z.infer<typeof anchoredTheme>;

const editBase = {
  id: z.string(),
  at: z.string(),
  by: z.enum(['machine', 'human']),
  author: z.string(),
};

export const themeEdit = z.discriminatedUnion('type', [
  z.object({ ...editBase, type: z.literal('rename'), theme: anchoredTheme, label: z.string() }),
  z.object({ ...editBase, type: z.literal('merge'), themes: z.array(anchoredTheme).min(2), label: z.string().nullable() }),
  z.object({ ...editBase, type: z.literal('split'), theme: anchoredTheme, k: z.number().int().min(2).nullable() }),
  z.object({
    ...editBase,
    type: z.literal('move'),
    segmentId: z.string(),
    segmentKey: z.string().optional(),
    theme: anchoredTheme.nullable(),
    category: z.string().nullable(),
  }),
  z.object({ ...editBase, type: z.literal('exclude'), segmentId: z.string(), segmentKey: z.string().optional() }),
  z.object({ ...editBase, type: z.literal('pin'), theme: anchoredTheme, segmentId: z.string(), segmentKey: z.string().optional() }),
]);
export type ThemeEdit = z.infer<typeof themeEdit>;

/** One line of a consultation's history: what happened, when, and whether the machine or a person did it. */
export const historyEntry = z.object({
  at: z.string(),
  by: z.enum(['machine', 'human']),
  author: z.string(),
  what: z.string(),
});
export type HistoryEntry = z.infer<typeof historyEntry>;

/** Roles per consultation: owners manage members and delete; editors upload, edit and export; viewers read and export redacted. */
export const ROLES = ['viewer', 'editor', 'owner'] as const;
export const role = z.enum(ROLES);
export type Role = z.infer<typeof role>;
export const member = z.object({ user: z.string().min(1).max(64), role });
export type Member = z.infer<typeof member>;

export const consultationData = z.object({
  consultation: consultationRecord,
  documents: z.array(storedDocument),
  /** A codebook edited for this consultation; null uses corpus/codebook.json. */
  codebook: codebook.nullable().default(null),
  analysis: storedAnalysis.nullable().default(null),
  edits: z.array(themeEdit).default([]),
  history: z.array(historyEntry).default([]),
  /** Who may do what, when accounts are in use; absent or empty (made before accounts): every account is an owner. */
  members: z.array(member).optional(),
});
export type ConsultationData = z.infer<typeof consultationData>;

/** One line of a consultation's audit log: who did what, when (uploads, edits, exports, sharing, members). */
export const auditEntry = z.object({
  at: z.string(),
  user: z.string(),
  action: z.enum(['created', 'uploaded', 'edited', 'analysed', 'exported', 'shared', 'members', 'deleted']),
  detail: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

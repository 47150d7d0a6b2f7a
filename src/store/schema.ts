// What the store keeps per consultation, as zod schemas: validated when a file is read back.
import { z } from 'zod';
import { codebook, documentInfo, ingestedDocument, ingestedNotes, ingestedSurvey, surveyMapping, synthesis } from '../model/index.ts';
import { LIMITS } from '../model/limits.ts';
import { dictSchema } from '../model/dict.ts';
import { frozenProjector } from '../model/projector.ts';
import { themeEdit } from '../model/theme-edit.ts';

const id = z.string().max(LIMITS.id);
/** A time stamp (ISO 8601). */
const stamp = z.string().max(40);
const author = z.string().max(LIMITS.author);
/** A column name of a survey. */
const column = z.string().max(1_000_000);

export const consultationRecord = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().min(1).max(LIMITS.consultationName),
  description: z.string().max(LIMITS.description).default(''),
  /** The day of the consultation (YYYY-MM-DD), when known. */
  date: z.string().max(40).nullable().default(null),
  createdAt: stamp,
  updatedAt: stamp,
});
export type ConsultationRecord = z.infer<typeof consultationRecord>;

/** What a list of consultations shows of each, kept beside its record so listing never reads a consultation in full. */
export const consultationCounts = z.object({
  documents: z.number().int().min(0),
  /** When its current analysis ran (null: never analysed). */
  analysedAt: stamp.nullable(),
  edits: z.number().int().min(0),
  /** The accounts that are members (empty: made before accounts, open to every account). */
  members: z.array(z.string()),
});
export type ConsultationCounts = z.infer<typeof consultationCounts>;
/** A consultation's record with its counts: one row of a list of consultations. */
export type ConsultationListing = ConsultationRecord & ConsultationCounts;

/** The facilitator's choice of survey columns for one file (absent fields are detected). */
export const surveyChoice = z.object({
  /** null: the file has no id column (rows are numbered), whatever detection finds. */
  idColumn: column.nullable().optional(),
  textColumns: z.array(column).max(LIMITS.columns).optional(),
  questionColumn: column.optional(),
  attributeColumns: z.array(column).max(LIMITS.columns).optional(),
  /** Column name to the question heading the facilitator set (wins over the export's own question text). */
  questionTexts: dictSchema(column, { maxKeys: LIMITS.columns }).optional(),
});
export type SurveyChoice = z.infer<typeof surveyChoice>;

/**
 * What the files page shows of a survey's columns, kept with the document so that showing it reads none of its records:
 * the detected mapping, the mapping in force for `choice`, the number of records and the first rows (cut to 80
 * characters). `version` says which detection made it (see `Documents`); another version, or another choice, is
 * detected again from the records.
 */
export const surveyColumns = z.object({
  version: z.string().max(200),
  choice: surveyChoice.nullable(),
  detected: surveyMapping,
  mapping: surveyMapping,
  records: z.number().int().min(0),
  preview: z.array(z.array(z.string().max(100)).max(LIMITS.columns)).max(3),
});
export type SurveyColumns = z.infer<typeof surveyColumns>;

/** An uploaded file after ingest: kept as text or table so it can be re-analysed without the bytes. */
export const storedDocument = z.object({
  id,
  name: z.string().max(LIMITS.fileName),
  size: z.number().int().nonnegative(),
  uploadedAt: stamp,
  ingested: ingestedDocument,
  mapping: surveyChoice.nullable().default(null),
  /** Surveys: their columns as detected (absent in stores written before, and for notes). */
  columns: surveyColumns.optional(),
});
export type StoredDocument = z.infer<typeof storedDocument>;

/** A document as a store keeps it apart from a survey's records (they are in a file or column of their own). */
export const storedDocumentApart = storedDocument.extend({
  ingested: z.discriminatedUnion('kind', [ingestedNotes, ingestedSurvey.extend({ records: ingestedSurvey.shape.records.optional() })]),
});
export type StoredDocumentApart = z.infer<typeof storedDocumentApart>;

/** The machine's analysis, before any human edit. */
export const storedAnalysis = z.object({
  runAt: stamp,
  seed: z.number().int(),
  k: z.number().int().nullable(),
  synthesis,
  documents: z.array(documentInfo).max(LIMITS.documents),
});
export type StoredAnalysis = z.infer<typeof storedAnalysis>;

/**
 * The analysis a new analysis replaced, with the corrections it had then and when it was replaced: "What changed
 * since the last analysis" compares the current synthesis with it. Only the one before the current is kept.
 */
export const previousAnalysis = storedAnalysis.extend({
  edits: z.array(themeEdit).max(LIMITS.edits),
  replacedAt: stamp,
});
export type PreviousAnalysis = z.infer<typeof previousAnalysis>;

export { themeEdit, type AnchoredTheme, type ThemeEdit } from '../model/theme-edit.ts';

/** One line of a consultation's history: what happened, when, and whether the machine or a person did it. */
export const historyEntry = z.object({
  at: stamp,
  by: z.enum(['machine', 'human']),
  author,
  what: z.string().max(100_000),
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
  documents: z.array(storedDocument).max(LIMITS.documents),
  /** A codebook edited for this consultation; null uses corpus/codebook.json. */
  codebook: codebook.nullable().default(null),
  analysis: storedAnalysis.nullable().default(null),
  edits: z.array(themeEdit).max(LIMITS.edits).default([]),
  history: z.array(historyEntry).max(LIMITS.history).default([]),
  /** Who may do what, when accounts are in use; absent or empty (made before accounts): every account is an owner. */
  members: z.array(member).max(LIMITS.members).optional(),
  /** The live plenary's projector while the facilitator has frozen it (absent: it follows the analysis). */
  projector: frozenProjector.optional(),
  /** The analysis the current one replaced (absent before the second analysis, and in consultations stored before). */
  previous: previousAnalysis.optional(),
});
export type ConsultationData = z.infer<typeof consultationData>;

/** One line of a consultation's audit log: who did what, when (uploads, edits, exports, sharing, members). */
export const auditEntry = z.object({
  at: stamp,
  user: author,
  action: z.enum(['created', 'uploaded', 'pasted', 'edited', 'analysed', 'exported', 'shared', 'members', 'deleted']),
  detail: z.string().max(100_000),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/**
 * An analysis as stored apart from its segments: without `segments` when they are kept on their own (an analysis
 * stored before has them inside).
 */
const synthesisApart = synthesis.extend({ segments: synthesis.shape.segments.optional() });
export const storedAnalysisApart = storedAnalysis.extend({ synthesis: synthesisApart });
export const previousAnalysisApart = previousAnalysis.extend({ synthesis: synthesisApart });

/** A synthesis without its segments (most of a large one: 96,000 of them at 100,000 answers). */
export type SynthesisHead = Omit<z.infer<typeof synthesis>, 'segments'>;
/** An analysis without its segments. */
export type AnalysisHead<A extends StoredAnalysis = StoredAnalysis> = Omit<A, 'synthesis'> & { synthesis: SynthesisHead };
/**
 * A consultation without its analyses' segments (`Store.head`): the record, documents, codebook, edits, history, members
 * and both analyses' headers and findings. Every ConsultationData is one.
 */
export type ConsultationHead = Omit<ConsultationData, 'analysis' | 'previous'> & { analysis: AnalysisHead | null; previous?: AnalysisHead<PreviousAnalysis> };

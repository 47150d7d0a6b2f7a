// Caps on what the model accepts (from uploads, edits, codebooks and backups): generous for real consultations, small enough that no list or name makes the server work for seconds.
/**
 * Stored data is validated against these when it is read back, so each cap is above what the services let in:
 * names and labels are checked when they are entered, and file-derived lists are bounded by the upload limits.
 */
export const LIMITS = {
  /** Consultation names (the forms allow 200). */
  consultationName: 200,
  description: 5000,
  /** Uploaded file names, shown and exported but never used as paths. */
  fileName: 255,
  /** Theme labels, scope labels, codebook labels and the like (the forms allow 200). */
  label: 1000,
  /** Account names and edit authors. */
  author: 200,
  /** Ids the app makes (consultations, documents, segments, themes, edits). */
  id: 200,
  /** Segments, survey records and theme members of one consultation (the benchmark has 400,000 answers). */
  segments: 2_000_000,
  /** Keys of one table keyed by user data (attribute values, documents, terms). */
  tableKeys: 2_000_000,
  /** Columns of a survey, metadata keys of a document, sections, attendees, quotes and other per-document lists. */
  columns: 10_000,
  listItems: 100_000,
  /** Documents of one consultation. */
  documents: 10_000,
  /** Themes named by one merge. */
  mergeThemes: 100,
  /** Stored edits and history lines of one consultation. */
  edits: 100_000,
  history: 1_000_000,
  members: 1_000,
  /** Codebook categories and the keywords, patterns and cues of each. */
  codebookCategories: 200,
  codebookTerms: 2_000,
  /** A keyword, pattern or cue of a codebook. */
  codebookTerm: 200,
} as const;

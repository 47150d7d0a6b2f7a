// The facilitator's use cases in one object for the web app, the CLI and the tests: a thin facade over
// consultations.ts, documents.ts, analysis.ts, theme-edits.ts and live-plenary.ts, which hold the logic.
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LIMITS, DEFAULT_READING, type ReadingLimits, type UploadLimits } from '../config.ts';
import type { ReaderLimits } from '../ingest/limits.ts';
import { ReaderPool } from '../ingest/read-pool.ts';
import type { ZipLimits } from '../ingest/zip-guard.ts';
import type { Codebook } from '../model/index.ts';
import type { ProjectorView } from '../model/projector.ts';
import type { Resources } from '../model/resources.ts';
import type { Store } from '../store/store.ts';
import type { AuditEntry, ConsultationData, ConsultationHead, ConsultationRecord, Member, Role, StoredDocument, SurveyChoice } from '../store/schema.ts';
import { Analyses, type CurrentSynthesis } from './analysis.ts';
import { compareConsultation, type CompareAgainst, type ComparisonResult } from './comparisons.ts';
import { Consultations, type ConsultationSummary } from './consultations.ts';
import { Documents, type UploadedDocumentView, type UploadedFile, type UploadResult } from './documents.ts';
import { JobQueue, workerRunner, type AnalysisRunner, type Job } from './jobs.ts';
import { LivePlenary, type LivePlenaryOptions, type PastedNotes, type PasteResult, type ProjectorListener } from './live-plenary.ts';
import type { PgJobQueue } from './pg-jobs.ts';
import type { Acting } from './acting.ts';
import type { EditBy } from './theme-edits.ts';
import { ThemeEdits } from './theme-edits.ts';

export type { CurrentSynthesis, ConsultationSummary, UploadedDocumentView, UploadedFile, UploadResult };

export interface HarvestOptions {
  limits?: Partial<UploadLimits>;
  reading?: Partial<ReadingLimits>;
  readers?: ReaderPool;
  /** The PostgreSQL job queue: whichever Harvest process is free runs a job. Absent: `jobs` runs them here. */
  dbJobs?: PgJobQueue;
  runner?: AnalysisRunner;
  uploadDir?: string;
  /** The live plenary's projector streams: how often they look for an analysis saved elsewhere, how many per consultation. */
  live?: LivePlenaryOptions;
}

export class HarvestService {
  readonly consultations: Consultations;
  readonly documents: Documents;
  readonly analyses: Analyses;
  readonly themeEdits: ThemeEdits;
  readonly live: LivePlenary;

  /** Limits applied to DOCX and XLSX uploads before they are unpacked. */
  readonly zipLimits: ZipLimits;
  /** What one uploaded file may expand to while it is read. */
  readonly readerLimits: ReaderLimits;
  /** The worker threads that read uploads. */
  readonly readers: ReaderPool;
  /** Where uploads are streamed to before they are read (the data folder's "uploads" for the server); each file is removed once read. */
  readonly uploadDir: string;

  constructor(
    store: Store,
    readonly resources: Resources,
    readonly jobs: JobQueue = new JobQueue(),
    options: HarvestOptions = {},
  ) {
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const reading = { ...DEFAULT_READING, ...options.reading };
    this.readerLimits = { unzippedBytes: limits.unzippedBytes, zipEntries: limits.zipEntries, textChars: reading.textChars, cells: reading.cells, pdfPages: reading.pdfPages, nesting: reading.nesting };
    // Uploads are read in worker threads with a time and memory limit per file (src/ingest/read-pool.ts).
    this.readers = options.readers ?? ReaderPool.shared({ timeMs: reading.seconds * 1000, memoryMb: reading.memoryMb });
    this.uploadDir = options.uploadDir ?? path.join(os.tmpdir(), 'harvest-uploads');
    this.zipLimits = { unzippedBytes: limits.unzippedBytes, zipEntries: limits.zipEntries };
    this.consultations = new Consultations(store, this.zipLimits);
    this.documents = new Documents(store, resources, this.readers, this.readerLimits);
    this.analyses = new Analyses(store, resources, jobs, options.runner ?? workerRunner, options.dbJobs);
    this.themeEdits = new ThemeEdits(store, this.analyses);
    this.live = new LivePlenary(store, this.documents, this.analyses, options.live);
    // First of the delete hooks: a deleted consultation's cached synthesis goes before anything else runs.
    this.consultations.onDelete(async (id) => this.analyses.forget(id));
    // Its open projectors are told at once (their streams end), not at the next poll.
    this.consultations.onDelete(async (id) => this.live.refresh(id));
  }

  // Every call that changes a consultation, lists consultations or logs an action says who is acting (`Acting`: the
  // logged-in account and the version the change was based on; OPEN_MODE for the CLI and the open mode's tools).

  // ---- consultations (consultations.ts) ----

  listConsultations = (acting: Acting): Promise<ConsultationSummary[]> => this.consultations.list(acting);
  createConsultation = (input: { name: string; description?: string; date?: string | null; id?: string }, acting: Acting): Promise<ConsultationRecord> => this.consultations.create(input, acting);
  getConsultation = (id: string): Promise<ConsultationData> => this.consultations.get(id);
  /** The consultation without its analyses' segments: what the role check and most pages need, read without them. */
  consultationHead = (id: string): Promise<ConsultationHead> => this.consultations.head(id);
  deleteConsultation = (id: string): Promise<void> => this.consultations.delete(id);
  /** Run `hook` after each consultation is deleted (the web app removes its share links: see createApp). */
  onDelete = (hook: (id: string) => Promise<unknown>): void => this.consultations.onDelete(hook);
  roleOf = (id: string, user: string): Promise<Role | null | undefined> => this.consultations.roleOf(id, user);
  audit = (id: string, action: AuditEntry['action'], detail: string, acting: Acting): Promise<void> => this.consultations.audit(id, action, detail, acting);
  auditLog = (id: string): Promise<AuditEntry[]> => this.consultations.auditLog(id);
  members = (id: string): Promise<Member[]> => this.consultations.members(id);
  colleaguesOf = (user: string): Promise<string[]> => this.consultations.colleaguesOf(user);
  setMember = (id: string, user: string, role: Role | null, acting: Acting): Promise<Member[]> => this.consultations.setMember(id, user, role, acting);
  exportBackup = (id: string): Promise<{ filename: string; bytes: Uint8Array }> => this.consultations.exportBackup(id);
  importBackup = (name: string, bytes: Uint8Array, acting: Acting): Promise<ConsultationRecord> => this.consultations.importBackup(name, bytes, acting);

  // ---- documents (documents.ts) ----

  viewDocument = (doc: StoredDocument): UploadedDocumentView => this.documents.view(doc);
  /** A survey's first rows (cells cut to 80 characters) for its columns page; empty for notes. */
  surveyPreview = (doc: StoredDocument): string[][] => this.documents.columnsOf(doc)?.preview ?? [];
  addDocuments = (id: string, files: readonly UploadedFile[], acting: Acting): Promise<UploadResult> => this.documents.add(id, files, acting);
  listDocuments = (id: string): Promise<UploadedDocumentView[]> => this.documents.list(id);
  deleteDocument = (id: string, documentId: string, acting: Acting): Promise<void> => this.documents.remove(id, documentId, acting);
  setMapping = (id: string, documentId: string, choice: SurveyChoice | null, acting: Acting): Promise<UploadedDocumentView> => this.documents.setMapping(id, documentId, choice, acting);

  // ---- codebook and analysis (analysis.ts) ----

  codebookOf = (id: string): Promise<{ codebook: Codebook; custom: boolean }> => this.analyses.codebookOf(id);
  setCodebook = (id: string, raw: unknown | null, acting: Acting): Promise<Codebook> => this.analyses.setCodebook(id, raw, acting);
  analyse = (id: string, options: { seed?: number; k?: number | null } = {}): Promise<Job> => this.analyses.start(id, options);
  findJob = (jobId: string): Promise<Job> => this.analyses.findJob(jobId);
  latestJob = (id: string): Promise<Job | null> => this.analyses.latestJob(id);
  current = (id: string): Promise<CurrentSynthesis> => this.analyses.current(id);
  /** What changed between consultation `id`'s current synthesis and its machine analysis or another consultation (comparisons.ts). */
  compare = (id: string, name: string, against: CompareAgainst, redact: boolean): Promise<ComparisonResult> => compareConsultation(this.analyses, id, name, against, redact);

  // ---- the live plenary (live-plenary.ts) ----

  pasteNotes = (id: string, pasted: PastedNotes, acting: Acting): Promise<PasteResult> => this.live.paste(id, pasted, acting);
  earlierPaste = (data: ConsultationHead, group: string, acting: Acting, rapporteur?: string): string => this.live.earlierPaste(data, group, acting, rapporteur);
  projector = (id: string): Promise<ProjectorView> => this.live.view(id);
  freezeProjector = (id: string, acting: Acting): Promise<ProjectorView> => this.live.freeze(id, acting);
  unfreezeProjector = (id: string, acting: Acting): Promise<ProjectorView> => this.live.unfreeze(id, acting);
  watchProjector = (id: string, listener: ProjectorListener): Promise<() => void> => this.live.watch(id, listener);

  // ---- theme edits (theme-edits.ts) ----

  renameTheme = (id: string, themeId: string, label: string, by: EditBy): Promise<CurrentSynthesis> => this.themeEdits.renameTheme(id, themeId, label, by);
  mergeThemes = (id: string, themeIds: string[], label: string | null, by: EditBy): Promise<CurrentSynthesis> => this.themeEdits.mergeThemes(id, themeIds, label, by);
  splitTheme = (id: string, themeId: string, k: number | null, by: EditBy): Promise<CurrentSynthesis> => this.themeEdits.splitTheme(id, themeId, k, by);
  moveSegment = (id: string, segmentId: string, target: { themeId?: string; subthemeId?: string; category?: string }, by: EditBy): Promise<CurrentSynthesis> =>
    this.themeEdits.moveSegment(id, segmentId, target, by);
  renameSubtheme = (id: string, themeId: string, subthemeId: string, label: string, by: EditBy): Promise<CurrentSynthesis> => this.themeEdits.renameSubtheme(id, themeId, subthemeId, label, by);
  mergeSubthemes = (id: string, themeId: string, subthemeIds: string[], label: string | null, by: EditBy): Promise<CurrentSynthesis> =>
    this.themeEdits.mergeSubthemes(id, themeId, subthemeIds, label, by);
  promoteSubtheme = (id: string, themeId: string, subthemeId: string, by: EditBy): Promise<CurrentSynthesis> => this.themeEdits.promoteSubtheme(id, themeId, subthemeId, by);
  excludeSegment = (id: string, segmentId: string, by: EditBy): Promise<CurrentSynthesis> => this.themeEdits.excludeSegment(id, segmentId, by);
  pinQuote = (id: string, themeId: string, segmentId: string, by: EditBy): Promise<CurrentSynthesis> => this.themeEdits.pinQuote(id, themeId, segmentId, by);
  undoEdit = (id: string, editId: string, acting: Acting): Promise<CurrentSynthesis> => this.themeEdits.undo(id, editId, acting);
}

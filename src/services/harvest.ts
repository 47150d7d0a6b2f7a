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
import type { AuditEntry, ConsultationData, ConsultationRecord, Member, Role, StoredDocument, SurveyChoice } from '../store/schema.ts';
import { Analyses, type CurrentSynthesis } from './analysis.ts';
import { compareConsultation, type CompareAgainst, type ComparisonResult } from './comparisons.ts';
import { Consultations, type ConsultationSummary } from './consultations.ts';
import { Documents, type UploadedDocumentView, type UploadedFile, type UploadResult } from './documents.ts';
import { JobQueue, workerRunner, type AnalysisRunner, type Job } from './jobs.ts';
import { LivePlenary, type LivePlenaryOptions, type PastedNotes, type PasteResult, type ProjectorListener } from './live-plenary.ts';
import type { PgJobQueue } from './pg-jobs.ts';
import { actingAs, basedOn } from './request-context.ts';
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

  /** See request-context.ts basedOn: a change made inside `task` fails with CONFLICT when the consultation changed since `version`. */
  basedOn<R>(version: string | undefined, task: () => R): R {
    return basedOn(version, task);
  }

  /** See request-context.ts actingAs: `task` runs for a logged-in account. */
  actingAs<R>(user: string | null | undefined, task: () => R): R {
    return actingAs(user, task);
  }

  // ---- consultations (consultations.ts) ----

  listConsultations = (): Promise<ConsultationSummary[]> => this.consultations.list();
  createConsultation = (input: { name: string; description?: string; date?: string | null; id?: string }): Promise<ConsultationRecord> => this.consultations.create(input);
  getConsultation = (id: string): Promise<ConsultationData> => this.consultations.get(id);
  deleteConsultation = (id: string): Promise<void> => this.consultations.delete(id);
  /** Run `hook` after each consultation is deleted (the web app removes its share links: see createApp). */
  onDelete = (hook: (id: string) => Promise<unknown>): void => this.consultations.onDelete(hook);
  roleOf = (id: string, user: string): Promise<Role | null | undefined> => this.consultations.roleOf(id, user);
  audit = (id: string, action: AuditEntry['action'], detail: string): Promise<void> => this.consultations.audit(id, action, detail);
  auditLog = (id: string): Promise<AuditEntry[]> => this.consultations.auditLog(id);
  members = (id: string): Promise<Member[]> => this.consultations.members(id);
  colleaguesOf = (user: string): Promise<string[]> => this.consultations.colleaguesOf(user);
  setMember = (id: string, user: string, role: Role | null): Promise<Member[]> => this.consultations.setMember(id, user, role);
  exportBackup = (id: string): Promise<{ filename: string; bytes: Uint8Array }> => this.consultations.exportBackup(id);
  importBackup = (name: string, bytes: Uint8Array): Promise<ConsultationRecord> => this.consultations.importBackup(name, bytes);

  // ---- documents (documents.ts) ----

  viewDocument = (doc: StoredDocument): UploadedDocumentView => this.documents.view(doc);
  addDocuments = (id: string, files: readonly UploadedFile[]): Promise<UploadResult> => this.documents.add(id, files);
  listDocuments = (id: string): Promise<UploadedDocumentView[]> => this.documents.list(id);
  deleteDocument = (id: string, documentId: string): Promise<void> => this.documents.remove(id, documentId);
  setMapping = (id: string, documentId: string, choice: SurveyChoice | null): Promise<UploadedDocumentView> => this.documents.setMapping(id, documentId, choice);

  // ---- codebook and analysis (analysis.ts) ----

  codebookOf = (id: string): Promise<{ codebook: Codebook; custom: boolean }> => this.analyses.codebookOf(id);
  setCodebook = (id: string, raw: unknown | null): Promise<Codebook> => this.analyses.setCodebook(id, raw);
  analyse = (id: string, options: { seed?: number; k?: number | null } = {}): Promise<Job> => this.analyses.start(id, options);
  findJob = (jobId: string): Promise<Job> => this.analyses.findJob(jobId);
  latestJob = (id: string): Promise<Job | null> => this.analyses.latestJob(id);
  current = (id: string): Promise<CurrentSynthesis> => this.analyses.current(id);
  /** What changed between consultation `id`'s current synthesis and its machine analysis or another consultation (comparisons.ts). */
  compare = (id: string, name: string, against: CompareAgainst, redact: boolean): Promise<ComparisonResult> => compareConsultation(this.analyses, id, name, against, redact);

  // ---- the live plenary (live-plenary.ts) ----

  pasteNotes = (id: string, pasted: PastedNotes): Promise<PasteResult> => this.live.paste(id, pasted);
  earlierPaste = (data: ConsultationData, group: string, rapporteur?: string): string => this.live.earlierPaste(data, group, rapporteur);
  projector = (id: string): Promise<ProjectorView> => this.live.view(id);
  freezeProjector = (id: string): Promise<ProjectorView> => this.live.freeze(id);
  unfreezeProjector = (id: string): Promise<ProjectorView> => this.live.unfreeze(id);
  watchProjector = (id: string, listener: ProjectorListener): Promise<() => void> => this.live.watch(id, listener);

  // ---- theme edits (theme-edits.ts) ----

  renameTheme = (id: string, themeId: string, label: string, author?: string): Promise<CurrentSynthesis> => this.themeEdits.renameTheme(id, themeId, label, author);
  mergeThemes = (id: string, themeIds: string[], label: string | null, author?: string): Promise<CurrentSynthesis> => this.themeEdits.mergeThemes(id, themeIds, label, author);
  splitTheme = (id: string, themeId: string, k: number | null, author?: string): Promise<CurrentSynthesis> => this.themeEdits.splitTheme(id, themeId, k, author);
  moveSegment = (id: string, segmentId: string, target: { themeId?: string; subthemeId?: string; category?: string }, author?: string): Promise<CurrentSynthesis> =>
    this.themeEdits.moveSegment(id, segmentId, target, author);
  renameSubtheme = (id: string, themeId: string, subthemeId: string, label: string, author?: string): Promise<CurrentSynthesis> => this.themeEdits.renameSubtheme(id, themeId, subthemeId, label, author);
  mergeSubthemes = (id: string, themeId: string, subthemeIds: string[], label: string | null, author?: string): Promise<CurrentSynthesis> =>
    this.themeEdits.mergeSubthemes(id, themeId, subthemeIds, label, author);
  promoteSubtheme = (id: string, themeId: string, subthemeId: string, author?: string): Promise<CurrentSynthesis> => this.themeEdits.promoteSubtheme(id, themeId, subthemeId, author);
  excludeSegment = (id: string, segmentId: string, author?: string): Promise<CurrentSynthesis> => this.themeEdits.excludeSegment(id, segmentId, author);
  pinQuote = (id: string, themeId: string, segmentId: string, author?: string): Promise<CurrentSynthesis> => this.themeEdits.pinQuote(id, themeId, segmentId, author);
  undoEdit = (id: string, editId: string): Promise<CurrentSynthesis> => this.themeEdits.undo(id, editId);
}

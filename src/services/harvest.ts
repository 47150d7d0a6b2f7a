// The facilitator's use cases (consultations, uploads, column mapping, analysis jobs, theme edits, exports) over the store seam.
import { randomBytes } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import os from 'node:os';
import path from 'node:path';
import type { Resources } from '../corpus.ts';
import { parseCodebook } from '../corpus.ts';
import { AppError, toAppError } from '../errors.ts';
import { DEFAULT_LIMITS, DEFAULT_READING, type ReadingLimits, type UploadLimits } from '../config.ts';
import type { ReaderLimits } from '../ingest/limits.ts';
import { ReaderPool } from '../ingest/read-pool.ts';
import type { ZipLimits } from '../ingest/zip-guard.ts';
import { slugOf } from '../export/index.ts';
import { packBackup, unpackBackup } from './backup.ts';
import { LIMITS } from '../model/limits.ts';
import { cleanFileName, cleanName, cleanText } from '../model/names.ts';
import type { Codebook, DocumentInfo, IngestedDocument, SurveyMapping, Synthesis } from '../model/index.ts';
import { detectSurveyMapping } from '../pipeline/segment/index.ts';
import type { Analysis } from '../pipeline/index.ts';
import type { Store } from '../store/store.ts';
import type { AnchoredTheme, AuditEntry, ConsultationData, ConsultationRecord, Member, Role, StoredDocument, SurveyChoice, ThemeEdit } from '../store/schema.ts';
import { applyEdits, segmentKey, type EditOutcome } from '../pipeline/edits.ts';
import { inProcessQueue, JobQueue, workerRunner, type AnalysisQueue, type AnalysisRunner, type Job, type JobSpec, type WorkerInput } from './jobs.ts';
import type { PgJobQueue } from './pg-jobs.ts';

/** An uploaded file as the API shows it (without its text). */
export interface DocumentView {
  id: string;
  name: string;
  kind: 'notes' | 'survey';
  format: string;
  size: number;
  uploadedAt: string;
  /** The text encoding the file was read with (text formats), else null. */
  encoding: string | null;
  /** Warnings about how the file was read (a weak encoding guess, mixed lines). */
  warnings: string[];
  /** Surveys: the columns, the detected mapping, the facilitator's choice and the mapping in force. */
  survey: { headers: string[]; detected: SurveyMapping; choice: SurveyChoice | null; mapping: SurveyMapping; records: number } | null;
}

/** An uploaded file: its bytes in memory, or the temporary file the upload was streamed into. */
export type UploadedFile = { name: string; bytes: Uint8Array } | { name: string; path: string; size: number };

export interface UploadResult {
  documents: DocumentView[];
  errors: { file: string; code: string; message: string }[];
}

/** The synthesis with the facilitator's edits applied, and what happened to each edit. */
export interface CurrentSynthesis {
  synthesis: Synthesis;
  documents: DocumentInfo[];
  outcomes: EditOutcome[];
  edits: ThemeEdit[];
  runAt: string;
}

export interface ConsultationSummary extends ConsultationRecord {
  documents: number;
  analysed: boolean;
  analysedAt: string | null;
  edits: number;
}

const DEFAULT_SEED = 42;

/** An edit before it gets its id, time and author. */
type EditDraft = ThemeEdit extends infer E ? (E extends ThemeEdit ? Omit<E, 'id' | 'at' | 'by' | 'author'> & { author?: string } : never) : never;

function newId(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** A theme label as stored: at most LIMITS.label characters (the store refuses longer ones when it reads them back). */
function checkLabel<L extends string | null>(label: L): L {
  if (label !== null && label.length > LIMITS.label) throw new AppError('BAD_ARGUMENT', `A theme label has at most ${LIMITS.label} characters.`);
  return label;
}

/** A file read is kept only within the model's caps (columns and records), so the store can always read it back. */
function checkIngestedSize(doc: IngestedDocument): void {
  if (doc.kind !== 'survey') return;
  const widest = doc.records.reduce((m, r) => Math.max(m, r.cells.length), doc.headers.length);
  if (widest > LIMITS.columns) throw new AppError('MALFORMED_FILE', `${doc.name} has ${widest} columns; Harvest reads at most ${LIMITS.columns}.`, { file: doc.name });
  if (doc.records.length > LIMITS.segments) throw new AppError('MALFORMED_FILE', `${doc.name} has ${doc.records.length} rows; Harvest reads at most ${LIMITS.segments}.`, { file: doc.name });
}

function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found.`);
}

/** Per request: the version (consultation.updatedAt) a change was based on, and the logged-in account acting. */
interface RequestContext {
  version?: string;
  user?: string;
}
const requestContext = new AsyncLocalStorage<RequestContext>();
const ROLE_RANK: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };

/** Whether `has` allows what `needs` allows. */
export function roleAllows(has: Role | null, needs: Role): boolean {
  return has !== null && ROLE_RANK[has] >= ROLE_RANK[needs];
}

export class HarvestService {
  private readonly cache = new Map<string, { key: string; value: CurrentSynthesis }>();

  constructor(
    private readonly store: Store,
    readonly resources: Resources,
    readonly jobs: JobQueue = new JobQueue(),
    options: { limits?: Partial<UploadLimits>; reading?: Partial<ReadingLimits>; readers?: ReaderPool; dbJobs?: PgJobQueue; runner?: AnalysisRunner; uploadDir?: string } = {},
  ) {
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const reading = { ...DEFAULT_READING, ...options.reading };
    this.readerLimits = { unzippedBytes: limits.unzippedBytes, zipEntries: limits.zipEntries, textChars: reading.textChars, cells: reading.cells, pdfPages: reading.pdfPages, nesting: reading.nesting };
    // Uploads are read in worker threads with a time and memory limit per file (src/ingest/read-pool.ts).
    this.readers = options.readers ?? ReaderPool.shared({ timeMs: reading.seconds * 1000, memoryMb: reading.memoryMb });
    this.uploadDir = options.uploadDir ?? path.join(os.tmpdir(), 'harvest-uploads');
    this.zipLimits = { unzippedBytes: limits.unzippedBytes, zipEntries: limits.zipEntries };
    // With a database queue (PostgreSQL) whichever Harvest process is free runs a job; else `jobs` runs it here.
    const runner = options.runner ?? workerRunner;
    options.dbJobs?.setHandler(async (spec, onProgress) => this.saveAnalysis(spec, await runner(await this.analysisInput(spec), onProgress)));
    this.queue = options.dbJobs ?? inProcessQueue(this.jobs, (spec) => this.analysisInput(spec), (spec, analysis) => this.saveAnalysis(spec, analysis));
  }

  /** Where analyses are queued: the database queue (options.dbJobs) when there is one, else `jobs`. */
  private readonly queue: AnalysisQueue;

  /** Limits applied to DOCX and XLSX uploads before they are unpacked. */
  readonly zipLimits: ZipLimits;

  /** What one uploaded file may expand to while it is read. */
  readonly readerLimits: ReaderLimits;

  /** The worker threads that read uploads. */
  readonly readers: ReaderPool;

  /** Where uploads are streamed to before they are read (the data folder's "uploads" for the server); each file is removed once read. */
  readonly uploadDir: string;

  // ---- consultations ----

  /** Every consultation with its document count and whether it has been analysed, newest first. */
  async listConsultations(): Promise<ConsultationSummary[]> {
    const records = await this.store.list();
    const user = requestContext.getStore()?.user;
    const out: ConsultationSummary[] = [];
    for (const r of records) {
      const data = await this.store.get(r.id);
      // A logged-in account sees the consultations it is a member of (and those made before accounts).
      if (user && data?.members?.length && !data.members.some((m) => m.user === user)) continue;
      out.push({ ...r, documents: data?.documents.length ?? 0, analysed: Boolean(data?.analysis), analysedAt: data?.analysis?.runAt ?? null, edits: data?.edits.length ?? 0 });
    }
    return out;
  }

  /** Create a consultation; `id` may be given (the sample uses "sample"), else one is made up. */
  async createConsultation(input: { name: string; description?: string; date?: string | null; id?: string }): Promise<ConsultationRecord> {
    const now = new Date().toISOString();
    // Names are shown everywhere: no control or bidi-override characters (one rule for API, pages, CLI, restore).
    const name = cleanName(input.name, LIMITS.consultationName);
    if (!name) throw new AppError('BAD_ARGUMENT', 'Give the consultation a name.');
    const consultation: ConsultationRecord = {
      id: input.id ?? newId('c'),
      name,
      description: cleanText(input.description ?? '', LIMITS.description),
      date: input.date || null,
      createdAt: now,
      updatedAt: now,
    };
    const user = requestContext.getStore()?.user;
    await this.store.create({
      consultation,
      documents: [],
      codebook: null,
      analysis: null,
      edits: [],
      history: [{ at: now, by: 'human', author: user ?? 'facilitator', what: 'created the consultation' }],
      ...(user ? { members: [{ user, role: 'owner' as const }] } : {}),
    });
    await this.audit(consultation.id, 'created', `created "${consultation.name}"`);
    return consultation;
  }

  /** The consultation's stored state; NOT_FOUND when there is none. */
  async getConsultation(id: string): Promise<ConsultationData> {
    const data = await this.store.get(id);
    if (!data) throw notFound('Consultation');
    return data;
  }

  async deleteConsultation(id: string): Promise<void> {
    if (!(await this.store.delete(id))) throw notFound('Consultation');
    this.cache.delete(id);
    for (const hook of this.deleteHooks) await hook(id);
  }

  private readonly deleteHooks: ((id: string) => Promise<unknown>)[] = [];

  /** Run `hook` after each consultation is deleted (the web app removes its share links: see createApp). */
  onDelete(hook: (id: string) => Promise<unknown>): void {
    this.deleteHooks.push(hook);
  }

  /**
   * Run `task` as a change based on `version` (the consultation's updatedAt the facilitator saw): a change made
   * inside it to a consultation changed since then fails with CONFLICT (409) instead of overwriting the other change.
   */
  basedOn<R>(version: string | undefined, task: () => R): R {
    return version ? requestContext.run({ ...requestContext.getStore(), version }, task) : task();
  }

  /** Run `task` for a logged-in account: it becomes the owner of what it creates, and lists only its consultations. */
  actingAs<R>(user: string | null | undefined, task: () => R): R {
    return user ? requestContext.run({ ...requestContext.getStore(), user }, task) : task();
  }

  /**
   * The role of `user` in a consultation: null when they are not a member, undefined when there is no such
   * consultation. A consultation without members (made before accounts existed) is open to every account as owner.
   */
  async roleOf(id: string, user: string): Promise<Role | null | undefined> {
    const data = await this.store.get(id);
    if (!data) return undefined;
    if (!data.members || data.members.length === 0) return 'owner';
    return data.members.find((m) => m.user === user)?.role ?? null;
  }

  /** Who is acting: the logged-in account, or "facilitator" in the open mode without accounts. History and audit lines name them. */
  private actor(): string {
    return requestContext.getStore()?.user ?? 'facilitator';
  }

  /** Add a line to the consultation's audit log, by the account acting (or "facilitator" without accounts). */
  async audit(id: string, action: AuditEntry['action'], detail: string): Promise<void> {
    await this.store.appendAudit(id, { at: new Date().toISOString(), user: this.actor(), action, detail });
  }

  /** The consultation's audit log, oldest first; NOT_FOUND when there is no such consultation. */
  async auditLog(id: string): Promise<AuditEntry[]> {
    await this.getConsultation(id);
    return this.store.audit(id);
  }

  /** The members with their roles (empty for a consultation made before accounts). */
  async members(id: string): Promise<Member[]> {
    return (await this.getConsultation(id)).members ?? [];
  }

  /** The accounts `user` works with: members of the consultations `user` is a member of (sorted, without `user`). */
  async colleaguesOf(user: string): Promise<string[]> {
    const names = new Set<string>();
    for (const r of await this.store.list()) {
      const members = (await this.store.get(r.id))?.members ?? [];
      if (members.some((m) => m.user === user)) for (const m of members) names.add(m.user);
    }
    names.delete(user);
    return [...names].sort();
  }

  /** Give an account a role, or with null remove it; the last owner cannot be removed or demoted. */
  async setMember(id: string, user: string, newRole: Role | null): Promise<Member[]> {
    const by = this.actor();
    const next = await this.change(id, (d) => {
      const members = (d.members ?? []).filter((m) => m.user !== user);
      if (newRole) members.push({ user, role: newRole });
      if (!members.some((m) => m.role === 'owner')) throw new AppError('BAD_ARGUMENT', `${user} is the last owner of "${d.consultation.name}": make someone else owner first.`);
      members.sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role] || a.user.localeCompare(b.user));
      d.members = members;
      d.history.push({ at: new Date().toISOString(), by: 'human', author: by, what: newRole ? `gave ${user} the role ${newRole}` : `removed ${user} from the members` });
      return d;
    });
    return next.members ?? [];
  }

  private async change(id: string, fn: (data: ConsultationData) => ConsultationData): Promise<ConsultationData> {
    const expected = requestContext.getStore()?.version;
    const next = await this.store.update(id, (data) => {
      // Checked inside the store's update, so no other change can slip in between the check and the write.
      if (expected !== undefined && data.consultation.updatedAt !== expected) {
        throw new AppError('CONFLICT', `"${data.consultation.name}" was changed by someone else since you opened it (at ${data.consultation.updatedAt.slice(0, 19).replace('T', ' ')} UTC): reload the page and make your change again.`);
      }
      return fn(data);
    });
    if (!next) throw notFound('Consultation');
    return next;
  }

  /** The consultation as one backup archive (documents as read, codebook, analysis, edits, history). */
  async exportBackup(id: string): Promise<{ filename: string; bytes: Uint8Array }> {
    const data = await this.getConsultation(id);
    return { filename: `${slugOf(data.consultation.name)}-backup.harvest.zip`, bytes: packBackup(data) };
  }

  /**
   * Restore a backup archive as a new consultation, always under a new id: a backup never overwrites a
   * consultation, and never brings back share links or audit lines kept under its old id. It is checked whole
   * first (see unpackBackup); its analysis and edits come back as they were, so the synthesis is the same.
   */
  async importBackup(rawName: string, bytes: Uint8Array): Promise<ConsultationRecord> {
    const name = cleanFileName(rawName);
    const data = unpackBackup(name, bytes, this.zipLimits);
    const now = new Date().toISOString();
    const user = requestContext.getStore()?.user;
    // Whoever restores it owns the copy: the backup's members list is not trusted (it must not give anyone access).
    const { members: _untrusted, ...rest } = data;
    const restored: ConsultationData = {
      ...rest,
      ...(user ? { members: [{ user, role: 'owner' as const }] } : {}),
      consultation: {
        ...data.consultation,
        id: newId('c'),
        name: cleanName(data.consultation.name, LIMITS.consultationName) || 'Restored consultation',
        description: cleanText(data.consultation.description, LIMITS.description),
      },
      history: [...data.history.slice(-(LIMITS.history - 1)), { at: now, by: 'human', author: user ?? 'facilitator', what: `restored from the backup ${name}` }],
    };
    await this.store.create(restored);
    await this.audit(restored.consultation.id, 'created', `restored from the backup ${name}`);
    return (await this.getConsultation(restored.consultation.id)).consultation;
  }

  // ---- documents ----

  /** How a stored file is shown: surveys with their columns and mappings. */
  viewDocument(doc: StoredDocument): DocumentView {
    // Detecting a survey's columns reads every record: once per stored document (a change to it makes a new object).
    let view = this.documentViews.get(doc);
    if (!view) this.documentViews.set(doc, (view = this.computeDocumentView(doc)));
    return view;
  }

  private readonly documentViews = new WeakMap<StoredDocument, DocumentView>();

  private computeDocumentView(doc: StoredDocument): DocumentView {
    const base = { id: doc.id, name: doc.name, kind: doc.ingested.kind, format: doc.ingested.format, size: doc.size, uploadedAt: doc.uploadedAt, encoding: doc.ingested.encoding ?? null, warnings: doc.ingested.warnings ?? [] };
    if (doc.ingested.kind !== 'survey') return { ...base, survey: null };
    const nonAnswers = this.resources.nonAnswers;
    const detected = detectSurveyMapping(doc.ingested, { nonAnswers });
    let mapping = detected;
    try {
      mapping = doc.mapping ? detectSurveyMapping(doc.ingested, { ...doc.mapping, nonAnswers }) : detected;
    } catch {
      mapping = detected;
    }
    return { ...base, survey: { headers: doc.ingested.headers, detected, choice: doc.mapping, mapping, records: doc.ingested.records.length } };
  }

  /**
   * Read uploaded files and keep the ones that can be read. A file that cannot be read is reported in
   * `errors` with the reason; the others are kept. A file with the name of one already uploaded replaces it.
   */
  async addDocuments(id: string, files: readonly UploadedFile[]): Promise<UploadResult> {
    await this.getConsultation(id);
    const errors: UploadResult['errors'] = [];
    const read: StoredDocument[] = [];
    // Each file is read in a worker thread (a streamed upload from its file, a CSV piece by piece), a few at a
    // time; a file that runs over its time or memory limit is refused on its own. The name is shown and exported:
    // no control or bidi-override characters ("evil\u202Egnp.txt").
    const cleanNames = files.map((file) => cleanFileName(file.name));
    const outcomes = await Promise.allSettled(files.map((file, i) => this.readers.read(cleanNames[i]!, 'path' in file ? { path: file.path } : { bytes: file.bytes }, this.readerLimits)));
    for (const [i, outcome] of outcomes.entries()) {
      const file = files[i]!;
      const name = cleanNames[i]!;
      try {
        if (outcome.status === 'rejected') throw outcome.reason;
        checkIngestedSize(outcome.value);
        const size = 'path' in file ? file.size : file.bytes.length;
        read.push({ id: '', name, size, uploadedAt: new Date().toISOString(), ingested: outcome.value, mapping: null });
      } catch (err) {
        const e = toAppError(err, 'UNREADABLE_FILE', name);
        errors.push({ file: name, code: e.code, message: e.message });
      }
    }
    if (read.length === 0) return { documents: [], errors };
    const next = await this.change(id, (data) => {
      let n = data.documents.reduce((m, d) => Math.max(m, Number(d.id.slice(1)) || 0), 0);
      for (const doc of read) {
        const at = data.documents.findIndex((d) => d.name === doc.name);
        if (at >= 0) data.documents[at] = { ...doc, id: data.documents[at]!.id };
        else data.documents.push({ ...doc, id: `f${++n}` });
      }
      data.history.push({ at: new Date().toISOString(), by: 'human', author: this.actor(), what: `uploaded ${read.map((d) => d.name).join(', ')}` });
      return data;
    });
    const names = new Set(read.map((d) => d.name));
    return { documents: next.documents.filter((d) => names.has(d.name)).map((d) => this.viewDocument(d)), errors };
  }

  async listDocuments(id: string): Promise<DocumentView[]> {
    return (await this.getConsultation(id)).documents.map((d) => this.viewDocument(d));
  }

  async deleteDocument(id: string, documentId: string): Promise<void> {
    const data = await this.getConsultation(id);
    const doc = data.documents.find((d) => d.id === documentId);
    if (!doc) throw notFound('Document');
    await this.change(id, (d) => {
      d.documents = d.documents.filter((x) => x.id !== documentId);
      d.history.push({ at: new Date().toISOString(), by: 'human', author: this.actor(), what: `removed ${doc.name}` });
      return d;
    });
  }

  /** Set (or with null, reset to detection) a survey file's columns; unknown column names are refused. */
  async setMapping(id: string, documentId: string, choice: SurveyChoice | null): Promise<DocumentView> {
    const data = await this.getConsultation(id);
    const doc = data.documents.find((d) => d.id === documentId);
    if (!doc) throw notFound('Document');
    if (doc.ingested.kind !== 'survey') throw new AppError('BAD_ARGUMENT', `${doc.name} is notes, not a survey: it has no columns to map.`);
    const cleaned: SurveyChoice | null = choice && Object.values(choice).some((v) => v !== undefined) ? choice : null;
    if (cleaned) detectSurveyMapping(doc.ingested, { ...cleaned, nonAnswers: this.resources.nonAnswers });
    const next = await this.change(id, (d) => {
      const target = d.documents.find((x) => x.id === documentId)!;
      target.mapping = cleaned;
      d.history.push({ at: new Date().toISOString(), by: 'human', author: this.actor(), what: `set the survey columns of ${doc.name}` });
      return d;
    });
    return this.viewDocument(next.documents.find((d) => d.id === documentId)!);
  }

  // ---- codebook ----

  /** The codebook in force: the consultation's own, or the corpus default. */
  async codebookOf(id: string): Promise<{ codebook: Codebook; custom: boolean }> {
    const data = await this.getConsultation(id);
    return data.codebook ? { codebook: data.codebook, custom: true } : { codebook: this.resources.codebook, custom: false };
  }

  /** Replace the consultation's codebook (validated like a codebook file), or with null go back to the default. */
  async setCodebook(id: string, raw: unknown | null): Promise<Codebook> {
    const codebook = raw === null ? null : parseCodebook(raw, 'codebook');
    await this.change(id, (d) => {
      d.codebook = codebook;
      d.history.push({ at: new Date().toISOString(), by: 'human', author: this.actor(), what: codebook ? 'edited the codebook' : 'went back to the default codebook' });
      return d;
    });
    return codebook ?? this.resources.codebook;
  }

  private resourcesFor(data: ConsultationData): Resources {
    return data.codebook ? { ...this.resources, codebook: data.codebook, codebookName: `${data.consultation.name} codebook` } : this.resources;
  }

  // ---- analysis ----

  /** Start (or join the running) analysis of a consultation; refused when it has no documents. */
  async analyse(id: string, options: { seed?: number; k?: number | null } = {}): Promise<Job> {
    const data = await this.getConsultation(id);
    if (data.documents.length === 0) throw new AppError('NO_CONTENT', 'Upload at least one file before analysing.');
    const seed = options.seed ?? data.analysis?.seed ?? DEFAULT_SEED;
    const k = options.k ?? null;
    // The queue joins a queued or running analysis of the consultation. The job saves its result later, whatever
    // changed meanwhile: it is not a change based on the caller's version.
    return requestContext.exit(() => this.queue.enqueue({ consultationId: id, seed, k }));
  }

  /** What the engine needs to analyse the consultation as it is now. */
  private async analysisInput({ consultationId, seed, k }: JobSpec): Promise<WorkerInput> {
    const current = await this.getConsultation(consultationId);
    return { docs: current.documents.map((d) => d.ingested), resources: this.resourcesFor(current), seed, k, mappings: current.documents.map((d) => d.mapping) };
  }

  private async saveAnalysis({ consultationId: id, seed, k }: JobSpec, analysis: Analysis): Promise<void> {
    const runAt = new Date().toISOString();
    await this.change(id, (d) => {
      d.analysis = { runAt, seed, k, synthesis: analysis.synthesis, documents: analysis.documents };
      d.history.push({ at: runAt, by: 'machine', author: 'harvest', what: `analysed ${analysis.documents.length} documents: ${analysis.synthesis.segments.length} segments in ${analysis.synthesis.scopes.length} scopes (seed ${seed})` });
      return d;
    });
    this.cache.delete(id);
  }

  /** An analysis job by id; NOT_FOUND when there is none. */
  async findJob(jobId: string): Promise<Job> {
    const job = await this.queue.lookup(jobId);
    if (!job) throw notFound('Job');
    return job;
  }

  /** The consultation's most recent analysis job, or null. */
  async latestJob(id: string): Promise<Job | null> {
    return (await this.queue.latestFor(id)) ?? null;
  }

  /** The synthesis with every edit applied (cached until the consultation changes); NOT_FOUND before the first analysis. */
  async current(id: string): Promise<CurrentSynthesis> {
    const data = await this.getConsultation(id);
    if (!data.analysis) throw new AppError('NOT_FOUND', 'This consultation has not been analysed yet.');
    const key = `${data.consultation.updatedAt}|${data.analysis.runAt}|${data.edits.length}`;
    const hit = this.cache.get(id);
    if (hit && hit.key === key) return hit.value;
    const value = this.computeCurrent(data, data.edits);
    this.cache.set(id, { key, value });
    return value;
  }

  private computeCurrent(data: ConsultationData, edits: ThemeEdit[]): CurrentSynthesis {
    const analysis = data.analysis!;
    // Without edits the synthesis is the machine's as stored (applyEdits would copy 100,000 segments to change nothing).
    if (edits.length === 0) return { synthesis: analysis.synthesis, documents: analysis.documents, outcomes: [], edits, runAt: analysis.runAt };
    const res = this.resourcesFor(data);
    const result = applyEdits(analysis.synthesis, edits, { seed: analysis.seed, stopwords: res.stopwords, genericWords: res.genericWords, gazetteer: res.gazetteer });
    return { synthesis: result.synthesis, documents: analysis.documents, outcomes: result.outcomes, edits, runAt: analysis.runAt };
  }

  // ---- theme edits ----

  private async anchor(id: string, themeId: string): Promise<AnchoredTheme> {
    const { synthesis } = await this.current(id);
    const theme = synthesis.scopes.flatMap((sc) => sc.themes).find((t) => t.id === themeId);
    if (!theme) throw notFound(`Theme ${themeId}`);
    const byId = new Map(synthesis.segments.map((s) => [s.id, s]));
    return { themeId, anchors: [...theme.segmentIds], anchorKeys: theme.segmentIds.map((sid) => segmentKey(byId.get(sid)!)) };
  }

  /** The segment's content key; NOT_FOUND when the current synthesis has no such segment. */
  private async segmentKeyOf(id: string, segmentId: string): Promise<string> {
    const { synthesis } = await this.current(id);
    const seg = synthesis.segments.find((s) => s.id === segmentId);
    if (!seg) throw notFound(`Segment ${segmentId}`);
    return segmentKey(seg);
  }

  /** Record an edit after checking it applies to the current synthesis; BAD_ARGUMENT says why when it does not. */
  private async record(id: string, edit: EditDraft, what: string): Promise<CurrentSynthesis> {
    const data = await this.getConsultation(id);
    const full = { ...edit, id: newId('e'), at: new Date().toISOString(), by: 'human', author: edit.author?.trim() || this.actor() } as ThemeEdit;
    const trial = this.computeCurrent(data, [...data.edits, full]);
    const outcome = trial.outcomes.at(-1)!;
    if (!outcome.applied) throw new AppError('BAD_ARGUMENT', `This change cannot be made: ${outcome.note}.`);
    await this.change(id, (d) => {
      d.edits.push(full);
      d.history.push({ at: full.at, by: 'human', author: full.author, what });
      return d;
    });
    return this.current(id);
  }

  async renameTheme(id: string, themeId: string, label: string, author?: string): Promise<CurrentSynthesis> {
    const theme = await this.anchor(id, themeId);
    return this.record(id, { type: 'rename', theme, label: checkLabel(label.trim()), author }, `renamed theme ${themeId} to "${label.trim()}"`);
  }

  async mergeThemes(id: string, themeIds: string[], label: string | null, author?: string): Promise<CurrentSynthesis> {
    // A theme named twice is merged once: anchoring reads the whole synthesis, so each copy would cost as much again.
    const distinct = [...new Set(themeIds)];
    if (distinct.length < 2) throw new AppError('BAD_ARGUMENT', 'Name at least two different themes to merge.');
    if (distinct.length > LIMITS.mergeThemes) throw new AppError('BAD_ARGUMENT', `At most ${LIMITS.mergeThemes} themes can be merged at once.`);
    const themes = [];
    for (const t of distinct) themes.push(await this.anchor(id, t));
    return this.record(id, { type: 'merge', themes, label: checkLabel(label?.trim() || null), author }, `merged themes ${distinct.join(', ')}`);
  }

  async splitTheme(id: string, themeId: string, k: number | null, author?: string): Promise<CurrentSynthesis> {
    const theme = await this.anchor(id, themeId);
    return this.record(id, { type: 'split', theme, k, author }, `split theme ${themeId}${k ? ` into ${k}` : ''}`);
  }

  async moveSegment(id: string, segmentId: string, target: { themeId?: string; subthemeId?: string; category?: string }, author?: string): Promise<CurrentSynthesis> {
    const key = await this.segmentKeyOf(id, segmentId);
    const theme = target.themeId ? await this.anchor(id, target.themeId) : null;
    const subtheme = theme && target.subthemeId ? await this.anchorSub(id, target.themeId!, target.subthemeId) : undefined;
    const where = subtheme ? `sub-theme ${target.subthemeId}` : target.themeId ? `theme ${target.themeId}` : `category ${target.category}`;
    return this.record(id, { type: 'move', segmentId, segmentKey: key, theme, ...(subtheme ? { subtheme } : {}), category: theme ? null : target.category ?? null, author }, `moved segment ${segmentId} to ${where}`);
  }

  /** A sub-theme of a theme, anchored by its segments like a theme; NOT_FOUND when the theme has no such sub-theme. */
  private async anchorSub(id: string, themeId: string, subthemeId: string): Promise<AnchoredTheme> {
    const { synthesis } = await this.current(id);
    const sub = synthesis.scopes.flatMap((sc) => sc.themes).find((t) => t.id === themeId)?.subthemes.find((x) => x.id === subthemeId);
    if (!sub) throw notFound(`Sub-theme ${subthemeId}`);
    const byId = new Map(synthesis.segments.map((s) => [s.id, s]));
    return { themeId: subthemeId, anchors: [...sub.segmentIds], anchorKeys: sub.segmentIds.map((sid) => segmentKey(byId.get(sid)!)) };
  }

  async renameSubtheme(id: string, themeId: string, subthemeId: string, label: string, author?: string): Promise<CurrentSynthesis> {
    const theme = await this.anchor(id, themeId);
    const subtheme = await this.anchorSub(id, themeId, subthemeId);
    return this.record(id, { type: 'rename-subtheme', theme, subtheme, label: checkLabel(label.trim()), author }, `renamed sub-theme ${subthemeId} to "${label.trim()}"`);
  }

  async mergeSubthemes(id: string, themeId: string, subthemeIds: string[], label: string | null, author?: string): Promise<CurrentSynthesis> {
    const distinct = [...new Set(subthemeIds)];
    if (distinct.length < 2) throw new AppError('BAD_ARGUMENT', 'Name at least two different sub-themes to merge.');
    if (distinct.length > LIMITS.mergeThemes) throw new AppError('BAD_ARGUMENT', `At most ${LIMITS.mergeThemes} sub-themes can be merged at once.`);
    const theme = await this.anchor(id, themeId);
    const subthemes = [];
    for (const sub of distinct) subthemes.push(await this.anchorSub(id, themeId, sub));
    return this.record(id, { type: 'merge-subthemes', theme, subthemes, label: checkLabel(label?.trim() || null), author }, `merged sub-themes ${distinct.join(', ')}`);
  }

  async promoteSubtheme(id: string, themeId: string, subthemeId: string, author?: string): Promise<CurrentSynthesis> {
    const theme = await this.anchor(id, themeId);
    const subtheme = await this.anchorSub(id, themeId, subthemeId);
    return this.record(id, { type: 'promote-subtheme', theme, subtheme, author }, `made sub-theme ${subthemeId} a theme`);
  }

  async excludeSegment(id: string, segmentId: string, author?: string): Promise<CurrentSynthesis> {
    const key = await this.segmentKeyOf(id, segmentId);
    return this.record(id, { type: 'exclude', segmentId, segmentKey: key, author }, `excluded segment ${segmentId}`);
  }

  async pinQuote(id: string, themeId: string, segmentId: string, author?: string): Promise<CurrentSynthesis> {
    const theme = await this.anchor(id, themeId);
    const key = await this.segmentKeyOf(id, segmentId).catch(() => undefined);
    return this.record(id, { type: 'pin', theme, segmentId, segmentKey: key, author }, `pinned quote ${segmentId} in theme ${themeId}`);
  }

  /** Withdraw an edit (the others are re-applied without it). */
  async undoEdit(id: string, editId: string): Promise<CurrentSynthesis> {
    const data = await this.getConsultation(id);
    const edit = data.edits.find((e) => e.id === editId);
    if (!edit) throw notFound('Edit');
    await this.change(id, (d) => {
      d.edits = d.edits.filter((e) => e.id !== editId);
      d.history.push({ at: new Date().toISOString(), by: 'human', author: this.actor(), what: `withdrew the ${edit.type} edit of ${edit.at.slice(0, 16).replace('T', ' ')}` });
      return d;
    });
    return this.current(id);
  }
}

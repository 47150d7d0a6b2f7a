// A consultation's uploaded files: read in worker threads and kept when readable, listed, removed, survey columns chosen.
import { createHash } from 'node:crypto';
import type { Resources } from '../model/resources.ts';
import { AppError, toAppError } from '../errors.ts';
import type { ReaderLimits } from '../ingest/limits.ts';
import type { ReaderPool } from '../ingest/read-pool.ts';
import { LIMITS } from '../model/limits.ts';
import { cleanFileName } from '../model/names.ts';
import { exportedFrom, type IngestedDocument, type SurveyMapping } from '../model/index.ts';
import { detectSurveyMapping } from '../pipeline/segment/index.ts';
import { SURVEY_DETECTION_VERSION } from '../pipeline/segment/survey-mapping.ts';
import type { Store } from '../store/store.ts';
import type { StoredDocument, SurveyChoice, SurveyColumns } from '../store/schema.ts';
import { changeConsultation, loadHead, notFound } from './consultation-state.ts';
import { actorName, type Acting } from './acting.ts';

/** An uploaded file as the API shows it (without its text). */
export interface UploadedDocumentView {
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
  /** The survey platform or whiteboard the file was exported from, when recognised ("SurveyMonkey", "Miro board"). */
  exportedFrom: string | null;
  /** Notes pasted in the live plenary: the breakout group and the rapporteur (null for an uploaded file). */
  pasted: { group: string; by: string } | null;
  /**
   * Surveys: the columns, the detected mapping, the facilitator's choice and the mapping in force, and the question
   * text the export gives for its columns (a second header row, a codebook sheet), by column.
   */
  survey: { headers: string[]; detected: SurveyMapping; choice: SurveyChoice | null; mapping: SurveyMapping; records: number; questions: ReadonlyMap<string, string> } | null;
}

/** An uploaded file: its bytes in memory, or the temporary file the upload was streamed into. */
export type UploadedFile = { name: string; bytes: Uint8Array } | { name: string; path: string; size: number };

export interface UploadResult {
  documents: UploadedDocumentView[];
  errors: { file: string; code: string; message: string }[];
}

/** A file read is kept only within the model's caps (columns and records), so the store can always read it back. */
function checkIngestedSize(doc: IngestedDocument): void {
  if (doc.kind !== 'survey') return;
  const widest = doc.records.reduce((m, r) => Math.max(m, r.cells.length), doc.headers.length);
  if (widest > LIMITS.columns) throw new AppError('MALFORMED_FILE', `${doc.name} has ${widest} columns; Harvest reads at most ${LIMITS.columns}.`, { file: doc.name });
  if (doc.records.length > LIMITS.segments) throw new AppError('MALFORMED_FILE', `${doc.name} has ${doc.records.length} rows; Harvest reads at most ${LIMITS.segments}.`, { file: doc.name });
}

/** Two mappings that use the same columns the same way (lists compared as sets). */
function sameMapping(a: SurveyMapping, b: SurveyMapping): boolean {
  const same = (x: readonly string[], y: readonly string[]): boolean => x.length === y.length && x.every((v) => y.includes(v));
  return a.shape === b.shape && a.idColumn === b.idColumn && a.questionColumn === b.questionColumn && same(a.textColumns, b.textColumns) && same(a.attributeColumns, b.attributeColumns);
}

/** Two stored choices that say the same (null is detection). */
function sameChoice(a: SurveyChoice | null, b: SurveyChoice | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A cell of the columns page's first rows: cut to 80 characters. */
const previewCell = (c: string): string => (c.length > 80 ? `${c.slice(0, 77)}…` : c);

export class Documents {
  private readonly views = new WeakMap<StoredDocument, UploadedDocumentView>();
  private readonly detectedColumns = new WeakMap<StoredDocument, SurveyColumns>();
  /** The version of the survey columns this process detects: the detection's, and the non-answers it is given. */
  private readonly columnsVersion: string;

  constructor(
    private readonly store: Store,
    private readonly resources: Resources,
    private readonly readers: ReaderPool,
    private readonly readerLimits: ReaderLimits,
  ) {
    const nonAnswers = createHash('sha256').update(JSON.stringify(resources.nonAnswers)).digest('hex').slice(0, 16);
    this.columnsVersion = `detection ${SURVEY_DETECTION_VERSION}, non-answers ${nonAnswers}`;
  }

  /**
   * A survey's columns as the files page shows them: as kept with the document when they are of this detection and
   * its choice, else detected from its records (which reads them: a 100,000-answer survey, about a second).
   */
  columnsOf(doc: StoredDocument): SurveyColumns | undefined {
    if (doc.ingested.kind !== 'survey') return undefined;
    const kept = doc.columns;
    if (kept && kept.version === this.columnsVersion && sameChoice(kept.choice, doc.mapping)) return kept;
    // Detected once per stored object: the columns page asks for the view and then for the first rows.
    const known = this.detectedColumns.get(doc);
    if (known) return known;
    const columns = this.detectColumns(doc, doc.ingested);
    this.detectedColumns.set(doc, columns);
    return columns;
  }

  private detectColumns(doc: StoredDocument, survey: Extract<StoredDocument['ingested'], { kind: 'survey' }>): SurveyColumns {
    const nonAnswers = this.resources.nonAnswers;
    const detected = detectSurveyMapping(survey, { nonAnswers });
    let mapping = detected;
    try {
      mapping = doc.mapping ? detectSurveyMapping(survey, { ...doc.mapping, nonAnswers }) : detected;
    } catch {
      mapping = detected;
    }
    const records = survey.records;
    const preview = records.slice(0, 3).map((rec) => rec.cells.map(previewCell));
    return { version: this.columnsVersion, choice: doc.mapping, detected, mapping, records: records.length, preview };
  }

  /** The document with its survey columns kept (a change stores them, so that later reads need not detect them). */
  private withColumns(doc: StoredDocument): StoredDocument {
    const columns = this.columnsOf(doc);
    return columns && columns !== doc.columns ? { ...doc, columns } : doc;
  }

  /** How a stored file is shown: surveys with their columns and mappings. */
  view(doc: StoredDocument): UploadedDocumentView {
    // Detecting a survey's columns reads every record: once per stored document (a change to it makes a new object).
    let view = this.views.get(doc);
    if (!view) this.views.set(doc, (view = this.computeView(doc)));
    return view;
  }

  private computeView(doc: StoredDocument): UploadedDocumentView {
    const base = { id: doc.id, name: doc.name, kind: doc.ingested.kind, format: doc.ingested.format, size: doc.size, uploadedAt: doc.uploadedAt, encoding: doc.ingested.encoding ?? null, warnings: doc.ingested.warnings ?? [], exportedFrom: exportedFrom(doc.ingested), pasted: (doc.ingested.kind === 'notes' && doc.ingested.pasted) || null };
    const columns = this.columnsOf(doc);
    if (doc.ingested.kind !== 'survey' || !columns) return { ...base, survey: null };
    const questions = new Map(Object.entries(doc.ingested.source?.questions ?? {}));
    return { ...base, survey: { headers: doc.ingested.headers, detected: columns.detected, choice: doc.mapping, mapping: columns.mapping, records: columns.records, questions } };
  }

  /**
   * Read uploaded files and keep the ones that can be read. A file that cannot be read is reported in
   * `errors` with the reason; the others are kept. A file with the name of one already uploaded replaces it.
   * `pasted`: the files are a breakout group's notes pasted in the live plenary, kept and logged as pasted.
   */
  async add(id: string, files: readonly UploadedFile[], acting: Acting, pasted?: { group: string; by: string }): Promise<UploadResult> {
    await loadHead(this.store, id);
    const { read, errors } = await this.readAll(files);
    if (read.length === 0) return { documents: [], errors };
    if (pasted) for (const doc of read) if (doc.ingested.kind === 'notes') doc.ingested = { ...doc.ingested, pasted };
    const names = read.map((d) => d.name).join(', ');
    const next = await changeConsultation(this.store, id, acting, (data) => {
      // Surveys stored before their columns were kept (or by another detection) keep them from now on.
      data.documents = data.documents.map((d) => this.withColumns(d));
      let n = data.documents.reduce((m, d) => Math.max(m, Number(d.id.slice(1)) || 0), 0);
      for (const doc of read) {
        const at = data.documents.findIndex((d) => d.name === doc.name);
        if (at >= 0) data.documents[at] = { ...doc, id: data.documents[at]!.id };
        else data.documents.push({ ...doc, id: `f${++n}` });
      }
      const what = pasted ? `pasted the notes of ${pasted.group} (${names})` : `uploaded ${names}`;
      data.history.push({ at: new Date().toISOString(), by: 'human', author: pasted?.by ?? actorName(acting), what });
      return data;
    });
    const kept = new Set(read.map((d) => d.name));
    return { documents: next.documents.filter((d) => kept.has(d.name)).map((d) => this.view(d)), errors };
  }

  /** Read each file in a worker thread: the readable ones as documents to store (without an id yet), the others as errors. */
  private async readAll(files: readonly UploadedFile[]): Promise<{ read: StoredDocument[]; errors: UploadResult['errors'] }> {
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
        read.push(this.withColumns({ id: '', name, size, uploadedAt: new Date().toISOString(), ingested: outcome.value, mapping: null }));
      } catch (err) {
        const e = toAppError(err, 'UNREADABLE_FILE', name);
        errors.push({ file: name, code: e.code, message: e.message });
      }
    }
    return { read, errors };
  }

  async list(id: string): Promise<UploadedDocumentView[]> {
    return (await loadHead(this.store, id)).documents.map((d) => this.view(d));
  }

  async remove(id: string, documentId: string, acting: Acting): Promise<void> {
    const data = await loadHead(this.store, id);
    const doc = data.documents.find((d) => d.id === documentId);
    if (!doc) throw notFound('Document');
    await changeConsultation(this.store, id, acting, (d) => {
      d.documents = d.documents.filter((x) => x.id !== documentId);
      d.history.push({ at: new Date().toISOString(), by: 'human', author: actorName(acting), what: `removed ${doc.name}` });
      return d;
    });
  }

  /** Set (or with null, reset to detection) a survey file's columns; unknown column names are refused. */
  async setMapping(id: string, documentId: string, choice: SurveyChoice | null, acting: Acting): Promise<UploadedDocumentView> {
    const data = await loadHead(this.store, id);
    const doc = data.documents.find((d) => d.id === documentId);
    if (!doc) throw notFound('Document');
    if (doc.ingested.kind !== 'survey') throw new AppError('BAD_ARGUMENT', `${doc.name} is notes, not a survey: it has no columns to map.`);
    const given: SurveyChoice | null = choice && Object.values(choice).some((v) => v !== undefined) ? choice : null;
    const nonAnswers = this.resources.nonAnswers;
    // A choice that comes to the detected columns (the columns page saved unchanged) is no choice: not "set by hand".
    const chosen = given ? detectSurveyMapping(doc.ingested, { ...given, nonAnswers }) : null;
    const headers = doc.ingested.headers;
    const unknown = Object.keys(given?.questionTexts ?? {}).find((c) => !headers.includes(c));
    if (unknown !== undefined) throw new AppError('BAD_ARGUMENT', `${doc.name}: no column "${unknown}" to set the question of; columns are: ${headers.join(', ')}`, { file: doc.name });
    const texts = Object.keys(given?.questionTexts ?? {}).length > 0;
    const cleaned = chosen && (texts || !sameMapping(chosen, detectSurveyMapping(doc.ingested, { nonAnswers }))) ? given : null;
    if (sameChoice(cleaned, doc.mapping)) return this.view(doc);
    const next = await changeConsultation(this.store, id, acting, (d) => {
      const at = d.documents.findIndex((x) => x.id === documentId);
      d.documents[at] = this.withColumns({ ...d.documents[at]!, mapping: cleaned });
      d.history.push({ at: new Date().toISOString(), by: 'human', author: actorName(acting), what: cleaned ? `set the survey columns of ${doc.name}` : `went back to the detected survey columns of ${doc.name}` });
      return d;
    });
    return this.view(next.documents.find((d) => d.id === documentId)!);
  }
}

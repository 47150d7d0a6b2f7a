// The live plenary: rapporteurs paste each breakout group's notes during a workshop, each paste is kept as a notes
// document and analysed again (at most one analysis waiting behind the running one), and the projector page
// follows the themes as each analysis is saved, unless the facilitator has frozen it.
import { AppError, ERROR_CODES, type ErrorCode } from '../errors.ts';
import { cleanName, cleanText } from '../model/names.ts';
import type { ProjectorThemes, ProjectorView } from '../model/projector.ts';
import { projectorThemes } from '../report/projector-view.ts';
import type { Store } from '../store/store.ts';
import type { ConsultationHead } from '../store/schema.ts';
import type { Analyses } from './analysis.ts';
import { changeConsultation, loadHead } from './consultation-state.ts';
import type { Documents, UploadedDocumentView } from './documents.ts';
import type { Job } from './jobs.ts';
import { actorName, type Acting } from './acting.ts';

/** A breakout group's notes as a rapporteur pasted them. */
export interface PastedNotes {
  group: string;
  notes: string;
  /** The rapporteur's name as typed, read only in the open mode (nobody logged in): an account pastes as itself. */
  rapporteur?: string;
}

/** Who pastes: the logged-in account; in the open mode the name the rapporteur typed, else "facilitator". */
export function rapporteurOf(typed: string | undefined, acting: Acting): string {
  return acting.user ?? (cleanName(typed ?? '', 80) || actorName(acting));
}

export interface PasteResult {
  document: UploadedDocumentView;
  /** The analysis that will include the notes (running, queued, or the one that runs after the running one). */
  job: Job;
}

export interface LivePlenaryOptions {
  /** How often a consultation with an open projector is read for a new analysis saved by any process (default 2 s). */
  pollMs?: number;
  /** Most projector streams open at once per consultation (default 50). */
  maxStreams?: number;
}

/** Told the projector's view when it changed; null when the consultation is gone. */
export type ProjectorListener = (view: ProjectorView | null) => void;

interface Watch {
  listeners: Set<ProjectorListener>;
  /** What the projector shows comes from: the analysis, the edits and the freeze (see showingKey). */
  key: string | null;
  /** The consultation's version (Store.version) when it was last read: unchanged, there is nothing to look at. */
  version: string | null;
  timer: NodeJS.Timeout;
  checking: boolean;
  again: boolean;
}

/** How often a paste's follow-up analysis looks whether the running one has finished. */
const FOLLOW_UP_POLL_MS = 200;

/** The document a paste is kept as: one per rapporteur and breakout group, so pasting again replaces it. */
export function pastedNotesName(group: string, rapporteur: string): string {
  return `${group} (notes by ${rapporteur}).md`;
}

/** The notes text as stored: the group as title and as the `group` tag the notes segmenter reads, then the notes. */
export function pastedNotesText(group: string, notes: string): string {
  return `# Breakout group: ${group}\n[[group:${group.replace(/[[\]]/g, '')}]]\n\n${notes}\n`;
}

/** The notes of a paste as the rapporteur typed them (the stored text without the group lines pastedNotesText adds). */
export function notesOfPaste(text: string, group: string): string {
  const head = pastedNotesText(group, '').slice(0, -1);
  return (text.startsWith(head) ? text.slice(head.length) : text).replace(/\n$/, '');
}

/** What the projector shows is made from: a change to any of these changes the view. */
function showingKey(data: ConsultationHead): string {
  return [data.analysis?.runAt ?? '', data.edits.length, data.edits.at(-1)?.id ?? '', data.projector?.at ?? ''].join('|');
}

export class LivePlenary {
  private readonly watches = new Map<string, Watch>();
  /** Consultations with an analysis to run once their running one finishes, each with its wait and start. */
  private readonly followUps = new Map<string, Promise<unknown>>();
  private readonly pollMs: number;
  private readonly maxStreams: number;

  constructor(
    private readonly store: Store,
    private readonly documents: Documents,
    private readonly analyses: Analyses,
    options: LivePlenaryOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 2000;
    this.maxStreams = options.maxStreams ?? 50;
    // An analysis saved by this process is shown at once; one saved by another process when the poll finds it.
    analyses.onAnalysed((id) => this.check(id));
  }

  /**
   * Keep a breakout group's pasted notes as a notes document, read like an upload (same checks and errors), and
   * analyse again. The same rapporteur pasting for the same group again replaces their earlier paste (they paste
   * the notes as they stand); another rapporteur's paste for that group is a document of its own.
   */
  async paste(id: string, pasted: PastedNotes, acting: Acting): Promise<PasteResult> {
    const group = cleanName(pasted.group, 100);
    const notes = cleanText(pasted.notes, 1_000_000);
    if (!group) throw new AppError('BAD_ARGUMENT', 'Name the breakout group the notes are from.');
    if (!notes) throw new AppError('EMPTY_FILE', `The notes of ${group} are empty: paste or type them first.`);
    const by = rapporteurOf(pasted.rapporteur, acting);
    const name = pastedNotesName(group, cleanName(by, 80));
    const result = await this.documents.add(id, [{ name, bytes: new TextEncoder().encode(pastedNotesText(group, notes)) }], acting, { group, by });
    const failed = result.errors[0];
    if (failed || !result.documents[0]) {
      const code: ErrorCode = failed && Object.hasOwn(ERROR_CODES, failed.code) ? (failed.code as ErrorCode) : 'UNREADABLE_FILE';
      throw new AppError(code, failed?.message ?? `The notes of ${group} could not be read.`);
    }
    return { document: result.documents[0], job: await this.analyseSoon(id) };
  }

  /** The notes the acting rapporteur (in the open mode: the one named `rapporteur`) last pasted for `group` ('' when none), to add to them. */
  earlierPaste(data: ConsultationHead, group: string, acting: Acting, rapporteur?: string): string {
    const clean = cleanName(group, 100);
    const doc = data.documents.find((d) => d.name === pastedNotesName(clean, cleanName(rapporteurOf(rapporteur, acting), 80)));
    return doc?.ingested.kind === 'notes' ? notesOfPaste(doc.ingested.text, clean) : '';
  }

  /**
   * Analyse the consultation with everything pasted so far, one analysis at a time: a queued analysis reads the
   * documents when it starts, so it is joined; while one runs, one more is run after it (not one per paste).
   */
  private async analyseSoon(id: string): Promise<Job> {
    const latest = await this.analyses.latestJob(id);
    if (latest?.state === 'running') {
      if (!this.followUps.has(id)) {
        // Whatever became of the running job (even if it can no longer be found), the follow-up runs; a consultation
        // deleted meanwhile has nothing to analyse.
        const followUp = this.afterJob(latest.id)
          .catch(() => undefined)
          .then(() => {
            this.followUps.delete(id);
            return this.analyses.start(id);
          })
          .catch(() => undefined);
        this.followUps.set(id, followUp);
      }
      return latest;
    }
    return this.analyses.start(id);
  }

  /**
   * Resolves when no follow-up analysis waits for a running one: each has been queued (for tests and shutdown,
   * before waiting for the job queue: a follow-up is queued only once the analysis it waits for has ended).
   */
  async followUpsQueued(): Promise<void> {
    while (this.followUps.size > 0) await Promise.all(this.followUps.values());
  }

  /** Resolves when the job is done or failed (it may run in another process: its state is read again). */
  private async afterJob(jobId: string): Promise<void> {
    for (;;) {
      const job = await this.analyses.findJob(jobId);
      if (job.state === 'done' || job.state === 'failed') return;
      await new Promise((r) => setTimeout(r, FOLLOW_UP_POLL_MS));
    }
  }

  /** What the projector shows now: the frozen snapshot while frozen, else the current (edited) analysis. */
  async view(id: string): Promise<ProjectorView> {
    return this.viewOf(await loadHead(this.store, id));
  }

  private async viewOf(data: ConsultationHead): Promise<ProjectorView> {
    if (data.projector) return { ...data.projector.themes, frozen: { at: data.projector.at, by: data.projector.by } };
    return { ...(await this.liveThemes(data)), frozen: null };
  }

  private async liveThemes(data: ConsultationHead): Promise<ProjectorThemes> {
    const name = data.consultation.name;
    if (!data.analysis) return projectorThemes(name, null, null);
    const current = await this.analyses.current(data.consultation.id);
    return projectorThemes(name, current.synthesis, current.runAt);
  }

  /** Freeze the projector on what it shows now (no change when it is frozen already). */
  async freeze(id: string, acting: Acting): Promise<ProjectorView> {
    const data = await loadHead(this.store, id);
    if (!data.projector) {
      const themes = await this.liveThemes(data);
      await changeConsultation(this.store, id, acting, (d) => {
        d.projector = { at: new Date().toISOString(), by: actorName(acting), themes };
        d.history.push({ at: d.projector.at, by: 'human', author: actorName(acting), what: 'froze the projector' });
        return d;
      });
    }
    this.check(id);
    return this.view(id);
  }

  /** Let the projector follow the analysis again. */
  async unfreeze(id: string, acting: Acting): Promise<ProjectorView> {
    const data = await loadHead(this.store, id);
    if (data.projector) {
      await changeConsultation(this.store, id, acting, (d) => {
        delete d.projector;
        d.history.push({ at: new Date().toISOString(), by: 'human', author: actorName(acting), what: 'let the projector follow the analysis again' });
        return d;
      });
    }
    this.check(id);
    return this.view(id);
  }

  /**
   * Tell `listener` each time what the projector shows changes; returns the function that stops it. While a
   * consultation has listeners it is read every `pollMs`, so an analysis saved by another process is found too.
   * TOO_MANY_REQUESTS when the consultation has `maxStreams` listeners already.
   */
  async watch(id: string, listener: ProjectorListener): Promise<() => void> {
    const data = await loadHead(this.store, id);
    let watch = this.watches.get(id);
    if (watch && watch.listeners.size >= this.maxStreams) {
      throw new AppError('TOO_MANY_REQUESTS', `The projector of this consultation is open in ${this.maxStreams} windows already: close one first.`);
    }
    if (!watch) {
      const timer = setInterval(() => this.check(id), this.pollMs);
      timer.unref();
      watch = { listeners: new Set(), key: showingKey(data), version: null, timer, checking: false, again: false };
      this.watches.set(id, watch);
    }
    watch.listeners.add(listener);
    const mine = watch;
    return () => {
      mine.listeners.delete(listener);
      if (mine.listeners.size === 0 && this.watches.get(id) === mine) {
        clearInterval(mine.timer);
        this.watches.delete(id);
      }
    };
  }

  /** Look again at once at what the projector of `id` shows (after a change made outside this service, such as a deletion). */
  refresh(id: string): void {
    this.check(id);
  }

  /** Open projector streams of a consultation (for tests and the stream cap). */
  streams(id: string): number {
    return this.watches.get(id)?.listeners.size ?? 0;
  }

  /** Read the consultation again and tell its listeners when what the projector shows has changed (one read at a time). */
  private check(id: string): void {
    const watch = this.watches.get(id);
    if (!watch) return;
    if (watch.checking) {
      watch.again = true;
      return;
    }
    watch.checking = true;
    void this.changedView(id, watch)
      .then((view) => {
        if (view !== undefined) for (const listener of [...watch.listeners]) listener(view);
      })
      .catch(() => undefined)
      .finally(() => {
        watch.checking = false;
        if (watch.again) {
          watch.again = false;
          this.check(id);
        }
      });
  }

  /**
   * The new view when it changed since the listeners were last told, null when the consultation is gone, else
   * undefined. The consultation's version is read first (one row, or the index in memory): the whole consultation
   * is read only when it has changed since the last check.
   */
  private async changedView(id: string, watch: Watch): Promise<ProjectorView | null | undefined> {
    const version = await this.store.version(id);
    if (version === null) return null;
    if (version === watch.version) return undefined;
    const data = await this.store.head(id);
    if (!data) return null;
    watch.version = version;
    const key = showingKey(data);
    if (key === watch.key) return undefined;
    watch.key = key;
    return this.viewOf(data);
  }
}

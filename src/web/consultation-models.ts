// Page models of a consultation's own pages: its overview (files, analysis, history) and a survey's column choice.
import type { UploadedDocumentView } from '../services/documents.ts';
import type { Job } from '../services/jobs.ts';
import type { ConsultationHead, StoredDocument } from '../store/schema.ts';
import type { DocumentInfo } from '../model/index.ts';
import { own } from '../model/dict.ts';

/** Minutes precision, as the pages show times ("2026-12-05 06:40"). */
const minutes = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

/** What pages/consultation.ejs shows (with the page's title, notice and upload result added by the route). */
export function consultationPage(data: ConsultationHead, documents: UploadedDocumentView[], job: Job | null) {
  return {
    c: data.consultation,
    documents,
    notAnalysed: notAnalysedByDocument(data.analysis?.documents ?? []),
    analysis: data.analysis ? { runAt: minutes(data.analysis.runAt), seed: data.analysis.seed, segments: data.analysis.synthesis.overview.segments, scopes: data.analysis.synthesis.scopes.length } : null,
    // A finished job is not shown: its report is.
    job: job && (job.state === 'queued' || job.state === 'running' || job.state === 'failed') ? job : null,
    customCodebook: data.codebook !== null,
    edits: data.edits.length,
    history: [...data.history].reverse().slice(0, 15).map((h) => ({ ...h, at: minutes(h.at) })),
    /** The live plenary's projector: frozen by whom and since when, or null when it follows the analysis. */
    frozen: data.projector ? { at: minutes(data.projector.at), by: data.projector.by } : null,
    previous: previousAnalysisOf(data),
  };
}

/** The analysis the current one replaced, as the pages offer to compare with it: when it ran and when it was replaced (null: analysed once only). */
export function previousAnalysisOf(data: ConsultationHead): { runAt: string; replacedAt: string } | null {
  return data.previous ? { runAt: minutes(data.previous.runAt), replacedAt: minutes(data.previous.replacedAt) } : null;
}

/** What pages/mapping.ejs shows for a survey: each column with its use now and as detected, and the first rows. */
export function mappingPage(stored: StoredDocument, doc: UploadedDocumentView, preview: string[][]) {
  if (!doc.survey || stored.ingested.kind !== 'survey') return null;
  const { mapping: m, detected } = doc.survey;
  // A multi-choice question's option columns (and Kobo's column of all the ticked options), by column.
  const choiceOf = new Map<string, string>();
  for (const q of stored.ingested.source?.choiceQuestions ?? []) {
    for (const o of q.options) choiceOf.set(o.column, `option “${o.option}” of the multi-choice question “${q.question}”`);
    if (q.summaryColumn !== null) choiceOf.set(q.summaryColumn, `the ticked options of “${q.question}” (read from its option columns)`);
  }
  return {
    doc,
    long: m.shape === 'long',
    noId: m.idColumn === null,
    columns: doc.survey.headers.map((h) => ({
      name: h,
      /** The question text the export gives for the column, when it differs from the name. */
      question: doc.survey!.questions.get(h) !== h ? doc.survey!.questions.get(h) ?? null : null,
      /** The question heading the facilitator set for the column ('' when none: the export's text or the name is used). */
      heading: own(doc.survey!.choice?.questionTexts, h) ?? '',
      isId: m.idColumn === h,
      isText: m.textColumns.includes(h),
      isQuestion: m.questionColumn === h,
      isAttribute: m.attributeColumns.includes(h),
      detected: [
        detected.idColumn === h ? 'respondent id' : '',
        detected.textColumns.includes(h) ? (detected.shape === 'long' ? 'answer' : 'question') : '',
        detected.questionColumn === h ? 'question names' : '',
        detected.attributeColumns.includes(h) ? 'attribute' : '',
        detected.dateColumns?.includes(h) ? 'date (listed, not an attribute)' : '',
        choiceOf.get(h) ?? '',
      ].filter(Boolean).join(', ') || 'not used',
    })),
    preview,
    custom: doc.survey.choice !== null,
  };
}

/** A document's not-analysed register as the consultation page lists it (from the last analysis). */
export interface NotAnalysedView {
  count: number;
  /** The first 200 lines: number, reason and text. */
  lines: { line: number; reason: string; text: string }[];
}

/** The not-analysed registers of the last analysis by document name (a Map: names are the facilitator's). */
export function notAnalysedByDocument(documents: readonly DocumentInfo[]): Map<string, NotAnalysedView> {
  const out = new Map<string, NotAnalysedView>();
  for (const d of documents) {
    if (d.kind === 'notes') out.set(d.name, { count: d.notAnalysed.length, lines: d.notAnalysed.slice(0, 200).map((r) => ({ line: r.line, reason: r.reason, text: r.text })) });
  }
  return out;
}

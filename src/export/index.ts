// Exports in one place: format name -> bytes, content type and file name (md, html, csv, docx, json, qdpx, all in this folder).
import { z } from 'zod';
import type { CampaignCounting, DocumentInfo, Synthesis } from '../model/index.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import { renderDifferencesCsv, renderNextStepsCsv, renderSegmentsCsv } from './csv.ts';
import { renderDocx } from './docx.ts';
import { renderJson } from './json.ts';
import { renderQdpx } from './qdpx.ts';

export const exportFormat = z.enum(['md', 'html', 'docx', 'csv', 'json', 'qdpx', 'actions', 'differences']);
export type ExportFormat = z.infer<typeof exportFormat>;

export interface ExportFile {
  body: Buffer;
  contentType: string;
  filename: string;
}

const TYPES: Record<ExportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  qdpx: 'application/zip',
  actions: 'text/csv; charset=utf-8',
  differences: 'text/csv; charset=utf-8',
};

const FILE_NAMES: Record<ExportFormat, string> = {
  md: 'report.md',
  html: 'report.html',
  docx: 'report.docx',
  csv: 'segments.csv',
  json: 'synthesis.json',
  qdpx: 'project.qdpx',
  actions: 'next-steps.csv',
  differences: 'differences.csv',
};

/** A file-name-safe slug of a consultation name ("Rural digital skills" -> "rural-digital-skills"). */
export function slugOf(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'consultation';
}

/**
 * Render a synthesis in one export format; `redact` replaces e-mail addresses, phone numbers and the names of
 * everyone the consultation names (its `documents` list attendees and people the synthesis does not keep); `campaigns`
 * counts campaigns in theme counts each answer or once (default: as analysed).
 */
export async function exportSynthesis(
  format: ExportFormat,
  analysed: Synthesis,
  documents: readonly DocumentInfo[],
  options: { redact: boolean; name: string; campaigns?: CampaignCounting },
): Promise<ExportFile> {
  const { redact, campaigns } = options;
  // Campaigns counted otherwise than analysed: every format counts them so, synthesis.json says so.
  const s = campaigns && analysed.campaigns ? { ...analysed, campaigns: { ...analysed.campaigns, counting: campaigns } } : analysed;
  let body: Buffer;
  switch (format) {
    case 'md':
      body = Buffer.from(renderMarkdown(s, { redact, documents, title: options.name }), 'utf8');
      break;
    case 'html':
      body = Buffer.from(renderHtml(s, { redact, documents, title: options.name }), 'utf8');
      break;
    case 'csv':
      body = Buffer.from(renderSegmentsCsv(s, { redact, documents }), 'utf8');
      break;
    case 'json':
      body = Buffer.from(renderJson(s, { redact, documents }), 'utf8');
      break;
    case 'docx':
      body = await renderDocx(s, { redact, documents, title: options.name });
      break;
    case 'actions':
      body = Buffer.from(renderNextStepsCsv(s, { redact, documents }), 'utf8');
      break;
    case 'differences':
      body = Buffer.from(renderDifferencesCsv(s, { redact, documents }), 'utf8');
      break;
    case 'qdpx':
      body = Buffer.from(renderQdpx(s, documents, { redact, name: options.name }));
      break;
  }
  const suffix = redact ? '-redacted' : '';
  const [base, ext] = FILE_NAMES[format].split('.');
  return { body, contentType: TYPES[format], filename: `${slugOf(options.name)}-${base}${suffix}.${ext}` };
}

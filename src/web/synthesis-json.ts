// The synthesis as JSON for the API: one page of its segments (cached per version), or all of it streamed.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Response } from 'express';
import type { Synthesis } from '../model/index.ts';
import { MAX_SHOWN, withTemplateCopies } from '../report/campaigns-view.ts';
import type { CurrentSynthesis } from '../services/harvest.ts';
import { memoised } from './synthesis-memo.ts';

/** Segments the synthesis JSON carries by default, and at most per page. */
export const SEGMENTS_PAGE = 500;
export const MAX_SEGMENTS_PAGE = 10_000;

export interface SynthesisPage {
  /** The JSON: the synthesis with `segments` cut to the page, and `segmentsPage` saying which part it is. */
  body: Buffer;
  etag: string;
  /** The address of the next page, or null on the last. */
  next: string | null;
  /**
   * The same JSON gzipped, with its own entity tag: made once, on the first request that accepts gzip, in libuv's
   * thread pool (the campaigns' and themes' member ids make a 100,000-answer page 11 MB; gzipped, about a tenth).
   */
  gzipped: () => Promise<{ body: Buffer; etag: string }>;
}

const gzipAsync = promisify(gzip);

/** A weak entity tag of a body: its length and a hash. */
function etagOf(body: Buffer): string {
  return `W/"${body.length.toString(16)}-${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * The campaigns as the synthesis JSON carries them: the largest (as many as the report shows) unless `all`, with
 * `campaignsPage` saying how many there are and where the whole list is (a 100,000-answer survey can have thousands:
 * 8 MB of the 11 MB page). Theme counts (`fromTemplates`) are computed from every campaign either way.
 */
function campaignsPart(s: Synthesis, url: string, all: boolean): Pick<Synthesis, 'campaigns'> & { campaignsPage?: { shown: number; total: number; all: string | null } } {
  if (!s.campaigns) return {};
  const total = s.campaigns.list.length;
  if (all || total <= MAX_SHOWN) return { campaigns: s.campaigns, campaignsPage: { shown: total, total, all: null } };
  return { campaigns: { ...s.campaigns, list: s.campaigns.list.slice(0, MAX_SHOWN) }, campaignsPage: { shown: MAX_SHOWN, total, all: `${url}?allCampaigns=1` } };
}

/**
 * The synthesis as JSON with one page of its segments and the largest campaigns (everything else whole: themes keep
 * all their segment ids), serialised once per version and page; a theme holding copies of campaign templates says how
 * many (`fromTemplates`). `allCampaigns`: every campaign, as before campaigns were cut (`campaignsPage.all` links it).
 */
export function synthesisPage(current: CurrentSynthesis, url: string, offset: number, limit: number, allCampaigns = false): SynthesisPage {
  return memoised(current, `json|${url}|${offset}|${limit}|${allCampaigns}`, () => {
    const s = withTemplateCopies(current.synthesis);
    const total = s.segments.length;
    const end = Math.min(total, offset + limit);
    const next = end < total ? `${url}?offset=${end}&limit=${limit}${allCampaigns ? '&allCampaigns=1' : ''}` : null;
    const body = Buffer.from(JSON.stringify({ ...s, ...campaignsPart(s, url, allCampaigns), segments: s.segments.slice(offset, end), segmentsPage: { offset, limit, total, next } }));
    const etag = etagOf(body);
    let gzipped: Promise<{ body: Buffer; etag: string }> | null = null;
    // The gzipped tag names the JSON's own (not the gzip bytes', which could change with zlib): one version, one pair of tags.
    const compress = (): Promise<{ body: Buffer; etag: string }> => (gzipped ??= gzipAsync(body, { level: 6 }).then((z) => ({ body: z, etag: `${etag.slice(0, -1)}-gzip"` })));
    return { body, etag, next, gzipped: compress };
  });
}

/**
 * Write the whole synthesis as JSON (the same value as JSON.stringify, with `fromTemplates` as synthesisPage has it)
 * segment by segment, waiting when the client reads slowly, so 100,000 segments never exist as one string; stops
 * when the client goes away.
 */
export async function streamSynthesis(res: Response, s: Synthesis): Promise<void> {
  res.type('application/json');
  let closed = false;
  res.once('close', () => (closed = true));
  const write = async (chunk: string): Promise<void> => {
    if (res.write(chunk) || closed) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };
  const head = JSON.stringify({ ...withTemplateCopies(s), segments: undefined });
  // `segments` is the schema's last key: the head without its closing brace, then the array.
  await write(`${head.slice(0, -1)}${head === '{}' ? '' : ','}"segments":[`);
  let batch = '';
  for (let i = 0; i < s.segments.length && !closed; i++) {
    batch += `${i ? ',' : ''}${JSON.stringify(s.segments[i])}`;
    if (batch.length >= 64 * 1024) {
      await write(batch);
      batch = '';
    }
  }
  if (!closed) res.end(`${batch}]}`);
}

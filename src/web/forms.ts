// The request bodies and query strings of the API and the pages, as zod schemas in one place: the fields both
// take (names, dates, labels, analysis options, survey columns) are defined once; a form and its JSON twin differ
// only where an HTML form sends something else (strings for numbers, a lone value for a list, a checkbox for a flag).
import { z } from 'zod';
import { userName } from '../auth/accounts.ts';
import { AppError } from '../errors.ts';
import { LIMITS } from '../model/limits.ts';
import { campaignCounting } from '../model/synthesis.ts';
import { role, surveyChoice } from '../store/schema.ts';
import type { WebSecurity } from './security.ts';
import { MAX_SEGMENTS_PAGE, SEGMENTS_PAGE } from './synthesis-json.ts';

// ---- fields ----

const consultationName = z.string().trim().min(1, 'give the consultation a name').max(200);
const description = z.string().max(5000);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const themeLabel = z.string().trim().min(1, 'the label cannot be empty').max(200);
const seed = z.coerce.number().int();
/** Themes per scope asked for an analysis. */
const themeCount = z.coerce.number().int().min(1).max(30);
/** Parts a theme is split into. */
const splitCount = z.coerce.number().int().min(2).max(10);
const author = z.string().trim().max(100).optional();
/** An HTML form sends a lone ticked box as a string and several as an array: always a list. */
const list = z.union([z.array(z.string()), z.string()]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
/** An empty form field means "not given". */
const orEmpty = <T extends z.ZodType>(schema: T) => z.union([z.literal(''), schema]);

// ---- the JSON API ----

export const createBody = z.object({ name: consultationName, description: description.optional(), date: z.union([isoDate, z.literal(''), z.null()]).optional() });
export const analyseBody = z.object({ seed: seed.optional(), k: themeCount.optional() });
export const renameBody = z.object({ label: themeLabel, author });
/** At most LIMITS.mergeThemes themes in one merge (a question rarely has 30); the ids are de-duplicated before counting. */
const idsToMerge = (what: string) =>
  z
    .array(z.string().min(1).max(200))
    .max(10_000, `name at most ${LIMITS.mergeThemes} ${what}`)
    .transform((ids) => [...new Set(ids)])
    .refine((ids) => ids.length >= 2, `name at least two ${what} to merge`)
    .refine((ids) => ids.length <= LIMITS.mergeThemes, `name at most ${LIMITS.mergeThemes} ${what}`);
export const mergeBody = z.object({ themeIds: idsToMerge('themes'), label: z.string().trim().max(200).optional(), author });
/** Sub-themes of one theme (the theme is in the path), as mergeBody. */
export const mergeSubthemesBody = z.object({ subthemeIds: idsToMerge('sub-themes'), label: z.string().trim().max(200).optional(), author });
export const splitBody = z.object({ k: splitCount.optional(), author });
/** To a theme (and, with subthemeId, to one of its sub-themes) or to a category. */
export const moveBody = z
  .object({ themeId: z.string().min(1).max(200).optional(), subthemeId: z.string().min(1).max(200).optional(), category: z.string().min(1).max(100).optional(), author })
  .refine((b) => Boolean(b.themeId) !== Boolean(b.category), 'give either themeId or category')
  .refine((b) => !b.subthemeId || Boolean(b.themeId), 'give subthemeId with the themeId of its theme');
export const pinBody = z.object({ segmentId: z.string().min(1).max(200), author });
/** A body with nothing but the optional author (an edit named by its path alone). */
const authorOnly = z.object({ author }).default({});
export const excludeBody = authorOnly;
export const promoteBody = authorOnly;
export const mappingBody = z.union([surveyChoice.strict(), z.null()]);
export const memberBody = z.object({ role }).strict();
export const shareBody = z.object({ redact: z.boolean().default(true) }).strict();
export const synthesisQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_SEGMENTS_PAGE).default(SEGMENTS_PAGE),
  full: z.enum(['1', 'true', 'yes', '0', 'false', 'no']).optional().transform((v) => v === '1' || v === 'true' || v === 'yes'),
  /** Every campaign in the page, not only the largest (`full=1` always has them all). */
  allCampaigns: z.enum(['1', 'true', 'yes', '0', 'false', 'no']).optional().transform((v) => v === '1' || v === 'true' || v === 'yes'),
});

// ---- the pages' forms ----

export const createForm = z.object({ name: consultationName, description: description.default(''), date: orEmpty(isoDate).default('') });
export const analyseForm = z.object({ seed: orEmpty(seed).optional(), k: orEmpty(themeCount).optional() });
export const renameForm = z.object({ label: themeLabel });
export const mergeForm = z.object({ themeIds: list, label: z.string().default('') });
export const mergeSubthemesForm = z.object({ subthemeIds: list, label: z.string().default('') });
export const splitForm = z.object({ k: orEmpty(splitCount).default('') });
export const pinForm = z.object({ segmentId: z.string().min(1) });
/** `target` is "theme:ID", "subtheme:ID" (of the theme `from`, the page the form was on) or "category:NAME". */
export const moveForm = z.object({ target: z.string().regex(/^(theme|category|subtheme):.+$/, 'choose where to move the segment'), from: z.string().default('') });
/** `questionFor` and `questionText` are paired by position: each column's name and the question heading typed for it. */
export const mappingForm = z.object({ idColumn: z.string().default(''), questionColumn: z.string().default(''), textColumns: list, attributeColumns: list, questionFor: list, questionText: list });
/** Pasted breakout notes (the live plenary): the group they are from and the notes, as the form and the API send them. */
export const pasteBody = z.object({
  group: z.string().max(1000).default(''),
  notes: z.string().max(1_000_000, 'paste at most 1,000,000 characters at once').default(''),
  /** Who pastes, in the open mode only (nobody logs in); with accounts the logged-in account is the rapporteur. */
  rapporteur: z.string().max(1000).default(''),
});
export const memberForm = z.object({ user: z.string().trim().min(1, 'choose an account'), role });
export const shareForm = z.object({ redact: z.string().optional() });

/** The query strings the pages read: anything else (arrays, objects, overlong text) is ignored. */
export const pageQuery = z.object({
  notice: z.string().max(40).optional().catch(undefined),
  filter: z.string().max(500).optional().catch(undefined),
  /** The date range of *Show only* (YYYY-MM-DD each). */
  from: z.string().max(10).optional().catch(undefined),
  to: z.string().max(10).optional().catch(undefined),
  q: z.string().optional().catch(undefined),
  format: z.string().max(10).optional().catch(undefined),
  redact: z.string().max(10).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined),
  /** How campaigns count in the report's theme counts and its exports (default: as analysed). */
  campaigns: campaignCounting.optional().catch(undefined),
  /** The breakout group just pasted for (the paste form opens again with that group's notes). */
  group: z.string().max(100).optional().catch(undefined),
  /** The rapporteur who just pasted, in the open mode (their notes of the group open again, not another's). */
  rapporteur: z.string().max(80).optional().catch(undefined),
});
export type PageQuery = z.infer<typeof pageQuery>;

/** The account name if such an account exists; BAD_ARGUMENT otherwise (members are accounts of this server). */
export async function existingAccount(sec: WebSecurity, name: string): Promise<string> {
  if (!sec.accounts || !userName.safeParse(name).success || !(await sec.accounts.userExists(name))) {
    throw new AppError('BAD_ARGUMENT', `There is no account "${name}" on this server: add it first with "harvest user add ${userName.safeParse(name).success ? name : 'NAME'}".`);
  }
  return name;
}

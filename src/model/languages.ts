// corpus/languages.json: the languages Harvest names and detects (display name, older codes shown under it, marker words).
import { z } from 'zod';

const language = z.object({
  /** Shown in reports: "English", "BCMS", "Macedonian". */
  name: z.string().min(1).max(100),
  /** A longer name for where there is room ("Bosnian, Croatian, Montenegrin, Serbian"). */
  longName: z.string().max(200).optional(),
  /** Codes shown under this language: an analysis stored before BCMS was one language has "sr", "hr", "bs". */
  aliases: z.array(z.string().min(1).max(10)).max(20).default([]),
  /** Words of the language that are not English words, read where the general detector guesses (short texts). */
  markers: z.array(z.string().min(1).max(60)).max(2000).default([]),
});

export const languagesFile = z.object({
  /** A note for whoever edits the file; ignored. */
  _about: z.string().optional(),
  languages: z.record(z.string().min(1).max(10), language),
});
export type LanguagesFile = z.infer<typeof languagesFile>;

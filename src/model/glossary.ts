// corpus/glossary.json: words of BCMS, Albanian, Macedonian and Italian answers mapped to the English key word they share.
import { z } from 'zod';

const forms = z.array(z.string().min(1).max(100)).max(100).default([]);

export const glossaryFile = z.object({
  /** A note for whoever edits the file; ignored. */
  _about: z.string().optional(),
  terms: z
    .array(
      z.object({
        /** The English key word ("expensive", "social media"). */
        en: z.string().min(1).max(100),
        /** Forms of the word in each language, by the code Harvest reports ("sh" for BCMS, Latin: Cyrillic is read through it). */
        sh: forms,
        sq: forms,
        mk: forms,
        it: forms,
      }),
    )
    .max(5000),
});
export type GlossaryFile = z.infer<typeof glossaryFile>;

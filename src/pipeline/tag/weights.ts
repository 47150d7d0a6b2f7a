// Tag: the weights of the rules' evidence and the category names the tag stage gives.

/** Weights of the evidence; a section cue is the strongest signal. */
export const TAG_WEIGHTS = {
  /** The first cue in the section heading / question. */
  sectionHead: 2.5,
  /** A later cue in the heading ("Key challenges and priorities": priorities). */
  sectionOther: 2,
  /** A cue that is the object of the heading ("interventions to address these obstacles": obstacles). */
  sectionObject: 0.5,
  keyword: 1,
  /** Added per extra word of a multi-word keyword. */
  keywordExtraWord: 0.5,
  pattern: 1.25,
  patternExtraWord: 0.25,
  /** Each further keyword/pattern of a category counts this much less than the one before (strongest first). */
  decay: 0.7,
  /** Per distinct actor (gazetteer term) named, for the stakeholder category, at most three (with decay). */
  actor: 0.75,
  /** When actors make up at least half of the segment's content words. */
  mostlyActors: 2.5,
  /** When the segment names nothing but actors ("Donors", "Media, universities"): outweighs a heading cue. */
  onlyActors: 3.5,
  /** Keyword and pattern weights are multiplied by this (the codebook's words next to the sentence cues). */
  termScale: 1,
  /** When the text opens with an actor ("Telcos - they can block numbers", "The ministry must lead"). */
  leadingActor: 1,
  /** Minimum score for a category to be primary; below it the segment is 'other'. */
  threshold: 1,
  /** A secondary category needs at least this share of the primary's score (and the threshold). */
  secondaryShare: 0.5,
} as const;

/** Category given when nothing scores above the threshold. */
export const OTHER_CATEGORY = 'other';
/** The codebook category that actor mentions count towards. */
export const STAKEHOLDER_CATEGORY = 'stakeholder';

export function round(n: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

// Themes and sub-themes as the themes stage finds them, before the synthesis counts and quotes them.

/** A distinct point within a theme: its label and members (segment indices, as the theme's). */
export interface SubthemeDraft {
  label: string;
  keyTerms: string[];
  members: number[];
}

/** A theme before statistics: its members in order of closeness to the centre. */
export interface ThemeDraft {
  label: string;
  keyTerms: string[];
  /** One line on what the members talk about (absent for Other and where no shared phrase was found). */
  description?: string;
  language: string;
  isOther: boolean;
  /** Member segment indices (into the scope's list), closest to the theme centre first. */
  members: number[];
  /** Cosine similarity of each member to the centre, same order as members. */
  similarity: number[];
  coherence: number;
  /**
   * The theme's distinct points; every member is in exactly one. Empty when the theme holds one point (too
   * small to split, or no split found) and for Other.
   */
  subthemes: SubthemeDraft[];
}

// Sentence-shape cues (corpus/sentence-cues.json) compiled to regexes: what a sentence itself says about its category.
import type { SentenceCues } from '../model/index.ts';

/** A cue ready to run: its category id, name, weight and regex. */
export interface CompiledSentenceCue {
  category: string;
  name: string;
  weight: number;
  re: RegExp;
}

/** Only the start of a long segment is read: a point of a notes document says what it is early. */
export const CUE_TEXT_MAX = 600;

// `{NAME}`, but not a Unicode property such as `\p{Lu}`.
const MACRO_REF = /(?<!\\[pP])\{([A-Z][A-Z0-9_]*)\}/g;

function expand(pattern: string, macros: ReadonlyMap<string, string>, where: string): string {
  return pattern.replace(MACRO_REF, (_, name: string) => {
    const body = macros.get(name);
    if (body === undefined) throw new Error(`${where}: unknown macro {${name}}`);
    return `(?:${body})`;
  });
}

const compiled = new WeakMap<SentenceCues, CompiledSentenceCue[]>();

/**
 * Compile the cues: each `{NAME}` becomes its macro (a macro may use the macros listed before it), the regex is
 * Unicode and case-insensitive unless the cue says otherwise. Throws on an unknown macro or an invalid regex,
 * naming the cue. Cached per cues object.
 */
export function compileSentenceCues(cues: SentenceCues): CompiledSentenceCue[] {
  const cached = compiled.get(cues);
  if (cached) return cached;
  const macros = new Map<string, string>();
  cues.macros.forEach((m, i) => macros.set(m.name, expand(m.pattern, macros, `macros.${i} (${m.name})`)));
  const out = cues.cues.map((c, i) => {
    const where = `cues.${i} (${c.name})`;
    const source = expand(c.pattern, macros, where);
    try {
      return { category: c.category, name: c.name, weight: c.weight, re: new RegExp(source, c.caseSensitive ? 'u' : 'iu') };
    } catch (err) {
      throw new Error(`${where}: ${(err as Error).message}`);
    }
  });
  compiled.set(cues, out);
  return out;
}

/** A cue found in a text, with where its match starts. */
export interface CueMatch {
  cue: CompiledSentenceCue;
  start: number;
}

/** The cues whose regex matches the (normalised) text, in cue order; each cue counts once. */
export function matchSentenceCues(norm: string, cues: readonly CompiledSentenceCue[]): CueMatch[] {
  const text = norm.length > CUE_TEXT_MAX ? norm.slice(0, CUE_TEXT_MAX) : norm;
  const found: CueMatch[] = [];
  for (const cue of cues) {
    const m = cue.re.exec(text);
    if (m) found.push({ cue, start: m.index });
  }
  return found;
}

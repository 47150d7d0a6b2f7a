// What changed, for the web app: a consultation's current synthesis against the machine's analysis before the
// facilitator's corrections, against the analysis it replaced, or against another consultation's current synthesis
// (an earlier round, another city).
import { redactSynthesis } from '../privacy/redact.ts';
import { compareSyntheses, type Comparison } from '../pipeline/compare.ts';
import type { ComparisonNames } from '../report/compare-view.ts';
import type { Synthesis } from '../model/index.ts';
import type { Analyses, CurrentSynthesis } from './analysis.ts';

/**
 * What the current synthesis is compared with: the machine's analysis (what the corrections changed), the analysis
 * the current one replaced (what changed since the last analysis), or another consultation.
 */
export type CompareAgainst = { kind: 'corrections' } | { kind: 'previous' } | { kind: 'consultation'; id: string; name: string };

export interface ComparisonResult {
  comparison: Comparison;
  names: ComparisonNames;
}

function shown(current: CurrentSynthesis, redact: boolean): Synthesis {
  return redact ? redactSynthesis(current.synthesis, current.documents) : current.synthesis;
}

/**
 * Compare consultation `id` (named `name`) with what `against` says: its machine analysis, or another consultation,
 * which is the earlier side. With `redact`, both syntheses are redacted first (labels and moved answers name nobody).
 */
export async function compareConsultation(analyses: Analyses, id: string, name: string, against: CompareAgainst, redact: boolean): Promise<ComparisonResult> {
  const current = await analyses.current(id);
  if (against.kind === 'corrections') {
    const machine: CurrentSynthesis = { ...current, synthesis: (await analyses.machine(id)).synthesis };
    return { comparison: compareSyntheses(shown(machine, redact), shown(current, redact)), names: { before: 'the machine’s analysis', after: 'the corrected analysis' } };
  }
  if (against.kind === 'previous') {
    const previous = await analyses.previous(id);
    return { comparison: compareSyntheses(shown(previous, redact), shown(current, redact)), names: { before: `the previous analysis (${previous.runAt.slice(0, 16).replace('T', ' ')} UTC)`, after: 'the current analysis' } };
  }
  const other = await analyses.current(against.id);
  return { comparison: compareSyntheses(shown(other, redact), shown(current, redact)), names: { before: against.name, after: name } };
}

// Why the Next steps register can list fewer rows than there are segments tagged Action: the register holds the
// actions agreed in the notes; a survey answer that proposes an action is tagged Action too, but it is themed
// under its question, not listed as a step someone agreed to take.
import type { Synthesis } from '../model/index.ts';
import { count, isAre } from '../pipeline/phrasing.ts';

/**
 * The sentence under Next steps when segments tagged Action outnumber the steps listed ("5 segments are tagged
 * Action and 4 are listed here: the other is a survey answer, themed under its question, not a step agreed in a
 * meeting."), or '' when every one is listed.
 */
export function nextStepsNote(s: Pick<Synthesis, 'segments' | 'nextSteps'>): string {
  const listed = new Set((s.nextSteps ?? []).map((n) => n.segmentId));
  const tagged = s.segments.filter((seg) => seg.coding.category === 'action');
  const others = tagged.filter((seg) => !listed.has(seg.id));
  if (others.length === 0) return '';
  const answers = others.filter((seg) => seg.kind === 'answer').length;
  const notes = others.length - answers;
  const shown = tagged.length - others.length;
  const rest = others.length === 1 ? 'the other' : `the other ${others.length}`;
  const why: string[] = [];
  if (answers > 0) {
    const subject = notes === 0 ? (answers === 1 ? `${rest} is a survey answer` : `${rest} are survey answers`) : `${count(answers, 'is a survey answer', 'are survey answers')}`;
    why.push(`${subject}, themed under ${answers === 1 ? 'its' : 'their'} question, not ${answers === 1 ? 'a step' : 'steps'} agreed in a meeting`);
  }
  if (notes > 0) why.push(`${answers === 0 ? rest : notes} ${isAre(notes)} in the notes but not in the register`);
  return `${count(tagged.length, 'segment is', 'segments are')} tagged Action and ${shown} ${shown === 1 ? 'is' : 'are'} listed here: ${why.join('; ')}.`;
}

// The JSON export: the synthesis as it is, or with personal data replaced for sharing.
import type { DocumentInfo, Synthesis } from '../model/index.ts';
import { redactSynthesis } from '../privacy/redact.ts';

export { redactSynthesis };

/** The synthesis as pretty-printed JSON; with `redact`, personal data is replaced (see redactSynthesis). */
export function renderJson(s: Synthesis, options: { redact?: boolean; documents?: readonly DocumentInfo[] } = {}): string {
  return `${JSON.stringify(options.redact ? redactSynthesis(s, options.documents) : s, null, 2)}\n`;
}

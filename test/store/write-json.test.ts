// writeJson writes exactly what JSON.stringify would, in pieces, letting the event loop run between them.
import { expect } from 'chai';
import { writeJson } from '../../src/atomic-json-file.ts';
import { createRandom } from '../../src/pipeline/random.ts';

async function written(value: unknown): Promise<{ text: string; writes: number }> {
  const chunks: string[] = [];
  await writeJson({ write: async (s: string) => void chunks.push(s) }, value);
  return { text: chunks.join(''), writes: chunks.length };
}

/** A random JSON-ish value: nested objects and arrays (some long), strings with quotes and non-ASCII, odd numbers, undefined. */
function randomValue(r: ReturnType<typeof createRandom>, depth: number): unknown {
  const roll = r.next();
  if (depth > 7 || roll < 0.3) {
    const leaves = [null, true, false, 0, -0, 1.5e-7, NaN, Infinity, 'plain', 'quote " and \\ back', 'Žene u ruralnim \u2028 sredinama', '', undefined];
    return leaves[r.int(leaves.length)];
  }
  if (roll < 0.6) {
    // Long arrays (the ones written piece by piece) hold small values, so the whole stays small.
    const long = depth < 3 && r.next() < 0.3;
    return Array.from({ length: long ? 65 + r.int(100) : r.int(5) }, () => randomValue(r, long ? depth + 5 : depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (let i = 0, n = r.int(6); i < n; i++) out[`k${i}${i % 2 ? ' "q"' : ''}`] = randomValue(r, depth + 1);
  return out;
}

describe('store: writeJson', () => {
  it('writes the same text as JSON.stringify for random nested values (long arrays, undefined, odd numbers, escapes)', async () => {
    const r = createRandom(11);
    for (let i = 0; i < 300; i++) {
      const v = randomValue(r, 0);
      expect((await written(v)).text).to.equal(JSON.stringify(v) ?? 'null');
    }
  });

  it('writes a large consultation-like value in many pieces, not one string', async () => {
    const segments = Array.from({ length: 20_000 }, (_, i) => ({ id: `s${i}`, text: `answer ${i} `.repeat(5), themeId: i % 7 ? `t${i % 7}` : undefined }));
    const value = { consultation: { id: 'c' }, analysis: { synthesis: { segments } }, documents: [{ ingested: { records: segments.map((s) => [s.id, s.text]) } }] };
    const { text, writes } = await written(value);
    expect(text).to.equal(JSON.stringify(value));
    expect(writes).to.be.greaterThan(5);
  });
});

// The report files: synthesis.json written as a stream is the same JSON value, in the same key order.
import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { synthesis as synthesisSchema, type Synthesis } from '../../src/model/index.ts';
import { REPORT_FILES, writeReportFiles, writeSynthesisJson } from '../../src/export/files.ts';

const fixture: Synthesis = synthesisSchema.parse(JSON.parse(await readFile(new URL('../fixtures/synthesis-small.json', import.meta.url), 'utf8')));

describe('report files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-files-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const cases: [string, Synthesis][] = [['with segments', fixture], ['without segments', { ...fixture, segments: [] }]];
  for (const [name, s] of cases) {
    it(`streams synthesis.json ${name} as the same JSON, keys in order`, async () => {
      const file = path.join(dir, `${name}.json`);
      await writeSynthesisJson(file, s);
      const text = await readFile(file, 'utf8');
      expect(JSON.stringify(JSON.parse(text))).to.equal(JSON.stringify(s));
      expect(text.endsWith('}\n')).to.equal(true);
    });
  }

  it('writes the four files', async () => {
    const out = path.join(dir, 'out');
    await writeReportFiles(out, fixture, { redact: true });
    for (const f of REPORT_FILES) expect((await readFile(path.join(out, f), 'utf8')).length, f).to.be.greaterThan(100);
  });
});

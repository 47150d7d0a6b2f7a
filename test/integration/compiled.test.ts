// The compiled build (dist/, made by `npm run build`, which `npm ci` runs through prepare): the worker threads of
// the web app start from compiled JavaScript and read and analyse as the TypeScript sources do. Skipped (visibly)
// where dist/ is missing or older than src/; HARVEST_REQUIRE_BUILD=1 (set by .ci/run, whose `npm ci` builds it)
// makes a missing or stale build a failure. When the build is current, the tests' worker threads run it too
// (src/source-worker.js).
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsCurrent } from '../../bin/load.js';
import { loadResources } from '../../src/corpus.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { DEFAULT_READER_LIMITS } from '../../src/ingest/limits.ts';
import type { ReaderPool } from '../../src/ingest/read-pool.ts';
import type { workerRunner } from '../../src/services/jobs.ts';
import { analyseDocuments } from '../../src/pipeline/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = path.join(ROOT, 'test/fixtures/ingest');

describe('compiled build (dist/)', function () {
  this.timeout(240_000);
  before(function () {
    if (buildIsCurrent()) return;
    if (process.env.HARVEST_REQUIRE_BUILD === '1') throw new Error('HARVEST_REQUIRE_BUILD=1 but dist/ is missing or older than src/: run npm run build.');
    this.skip();
  });

  it('reads a DOCX and a PDF in a read worker started from dist/, as the sources read them', async () => {
    const { ReaderPool: CompiledPool } = (await import(path.join(ROOT, 'dist/ingest/read-pool.js'))) as { ReaderPool: typeof ReaderPool };
    const pool = new CompiledPool({ timeMs: 120_000, memoryMb: 512, size: 1 });
    try {
      for (const name of ['breakout-b.docx', 'scanned.pdf']) {
        const file = path.join(FIXTURES, name);
        const fromSource = await ingestFile(name, new Uint8Array(await readFile(file))).catch((e: Error) => e.message);
        const compiled = await pool.read(name, { path: file }, DEFAULT_READER_LIMITS).catch((e: Error) => e.message);
        expect(compiled, name).to.deep.equal(fromSource);
      }
    } finally {
      await pool.close();
    }
  });

  it('analyses in an analysis worker started from dist/, with the synthesis the sources give', async () => {
    const { workerRunner: compiledRunner } = (await import(path.join(ROOT, 'dist/services/jobs.js'))) as { workerRunner: typeof workerRunner };
    const name = 'breakout-b.docx';
    const docs = [await ingestFile(name, new Uint8Array(await readFile(path.join(FIXTURES, name))))];
    const resources = await loadResources();
    const stages: string[] = [];
    const compiled = await compiledRunner({ docs, resources, seed: 42, k: null, mappings: [null] }, (stage) => stages.push(stage));
    const fromSource = analyseDocuments(docs, resources, { seed: 42, surveyPerDocument: [null] });
    expect(stages).to.not.be.empty;
    expect(compiled.synthesis.scopes.map((s) => s.themes.map((t) => t.label))).to.deep.equal(fromSource.synthesis.scopes.map((s) => s.themes.map((t) => t.label)));
    expect(compiled.synthesis.overview).to.deep.equal(fromSource.synthesis.overview);
  });
});

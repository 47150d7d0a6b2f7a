// The source has no import loop and no arrow against the layering (scripts/import-graph.ts; docs/architecture.md).
import { expect } from 'chai';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importGraph, importLoops, layerViolations, specifiers } from '../../scripts/import-graph.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('import graph', () => {
  it('src/ has no import loop', () => {
    const graph = importGraph(ROOT);
    expect(graph.size).to.be.greaterThan(100);
    expect(importLoops(graph)).to.deep.equal([]);
  });

  it('src/ has no arrow against the layering (pipeline pure, model at the bottom, auth and store apart)', () => {
    expect(layerViolations(importGraph(ROOT))).to.deep.equal([]);
  });

  it('reads static, multi-line, type-only, re-export, bare and dynamic imports', () => {
    const text = [
      "import a from './a.ts';",
      'import {',
      '  b,',
      '  c,',
      "} from '../b.ts';",
      "import type { D } from './d.ts';",
      "export { e } from './e.ts';",
      "import './f.ts';",
      "const g = await import('./g.ts');",
      "import fs from 'node:fs';",
    ].join('\n');
    expect(specifiers(text).sort()).to.deep.equal(['../b.ts', './a.ts', './d.ts', './e.ts', './f.ts', './g.ts', 'node:fs']);
  });

  it('finds a loop through three files and a layering arrow in a made-up tree', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'harvest-imports-'));
    try {
      await mkdir(path.join(dir, 'src', 'pipeline'), { recursive: true });
      await writeFile(path.join(dir, 'src', 'pipeline', 'a.ts'), "import { b } from './b.ts';\nexport const a = 1;\n");
      await writeFile(path.join(dir, 'src', 'pipeline', 'b.ts'), "import type { C } from './c.ts';\nexport const b = 2;\n");
      await writeFile(path.join(dir, 'src', 'pipeline', 'c.ts'), "import { a } from './a.ts';\nimport { load } from '../corpus.ts';\nexport type C = number;\n");
      await writeFile(path.join(dir, 'src', 'corpus.ts'), 'export const load = 3;\n');
      const graph = importGraph(dir);
      expect(importLoops(graph)).to.deep.equal([['src/pipeline/a.ts', 'src/pipeline/b.ts', 'src/pipeline/c.ts']]);
      expect(layerViolations(graph).map((v) => v.split(' (')[0])).to.deep.equal(['src/pipeline/c.ts -> src/corpus.ts']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

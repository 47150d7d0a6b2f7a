// Loading the PDF reader must leave the process's JSON and Array.prototype.push native: pdfjs-dist's legacy build
// replaces them (core-js) with JavaScript versions 4-6 times slower, which slowed every stage and the report writes.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** In a fresh process: which of the built-ins are still the ones Node started with after importing `module`. */
function nativesAfterImport(module: string): Record<string, boolean> {
  const script = `
    const before = { stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push };
    await import(${JSON.stringify(pathToUrl(module))});
    const after = { stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push };
    process.stdout.write(JSON.stringify(Object.fromEntries(Object.keys(before).map((k) => [k, before[k] === after[k]]))));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' }, encoding: 'utf8' });
  return JSON.parse(out) as Record<string, boolean>;
}

function pathToUrl(file: string): string {
  return new URL(`file://${path.join(ROOT, file)}`).href;
}

describe('pdfjs leaves the built-ins native', function () {
  this.timeout(60_000);

  it('pdfjs-dist alone replaces JSON.stringify, JSON.parse and Array.prototype.push (what the loader undoes)', () => {
    // If a pdfjs-dist upgrade stops doing this, src/ingest/pdfjs.ts can import it directly again.
    expect(nativesAfterImport('node_modules/pdfjs-dist/legacy/build/pdf.mjs')).to.deep.equal({ stringify: false, parse: false, push: false });
  });

  it('the ingest modules (and so the CLI, the server and the analysis worker) keep them native', () => {
    expect(nativesAfterImport('src/ingest/index.ts')).to.deep.equal({ stringify: true, parse: true, push: true });
  });
});

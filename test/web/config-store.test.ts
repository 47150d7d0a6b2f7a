// Configuration parsing and the lowdb store's atomic files, on a temporary folder.
import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import type { ConsultationData } from '../../src/store/schema.ts';

describe('config', () => {
  const cases: [string, Record<string, string>, { port: number; host: string; dataDir: string }][] = [
    ['defaults', {}, { port: 3000, host: '127.0.0.1', dataDir: path.resolve('data') }],
    ['all set', { PORT: '8080', HOST: '0.0.0.0', HARVEST_DATA_DIR: '/tmp/h' }, { port: 8080, host: '0.0.0.0', dataDir: '/tmp/h' }],
    ['blank values use defaults', { PORT: '', HOST: '' }, { port: 3000, host: '127.0.0.1', dataDir: path.resolve('data') }],
  ];
  for (const [name, env, expected] of cases) {
    it(`parses ${name}`, () => expect(loadConfig(env)).to.deep.include(expected));
  }
  it('refuses a port that is not a number, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).to.throw(/^environment variable PORT: /);
    expect(() => loadConfig({ PORT: '70000' })).to.throw(/PORT/);
  });
});

describe('lowdb store', () => {
  let dir: string;
  const data = (id: string, name: string): ConsultationData => ({
    consultation: { id, name, description: '', date: null, createdAt: `2026-01-0${id.length}T00:00:00.000Z`, updatedAt: '2026-01-01T00:00:00.000Z' },
    documents: [],
    codebook: null,
    analysis: null,
    edits: [],
    history: [],
  });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes an index and one file per consultation, with no temporary files left', async () => {
    const store = new LowdbStore(dir);
    await store.create(data('a', 'First'));
    await store.create(data('bb', 'Second'));
    await Promise.all([1, 2, 3, 4, 5].map((n) => store.update('a', (d) => ({ ...d, history: [...d.history, { at: 'now', by: 'human', author: 'x', what: `change ${n}` }] }))));
    expect((await readdir(dir)).sort()).to.deep.equal(['consultations', 'harvest.json']);
    expect((await readdir(path.join(dir, 'consultations'))).sort()).to.deep.equal(['a.json', 'bb.json']);
    const saved = JSON.parse(await readFile(path.join(dir, 'consultations/a.json'), 'utf8'));
    expect(saved.history.map((h: { what: string }) => h.what)).to.deep.equal(['change 1', 'change 2', 'change 3', 'change 4', 'change 5']);
    expect((await new LowdbStore(dir).list()).map((c) => c.name)).to.deep.equal(['Second', 'First']);
  });

  it('refuses duplicate and unsafe ids, and answers null/false for unknown ones', async () => {
    const store = new LowdbStore(dir);
    await store.create(data('a', 'First'));
    let error: unknown = null;
    await store.create(data('a', 'Again')).catch((e) => (error = e));
    expect((error as Error).message).to.equal('a consultation with id "a" exists already');
    await store.create(data('../x', 'Escape')).catch((e) => (error = e));
    expect((error as Error).message).to.equal('"../x" cannot be a consultation id');
    expect(await store.get('zz')).to.equal(null);
    expect(await store.update('zz', (d) => d)).to.equal(null);
    expect(await store.delete('zz')).to.equal(false);
  });

  it('names a damaged data file instead of starting with wrong data', async () => {
    await writeFile(path.join(dir, 'harvest.json'), JSON.stringify({ consultations: [{ id: 'a' }] }));
    let error: unknown = null;
    await new LowdbStore(dir).list().catch((e) => (error = e));
    expect((error as Error).message).to.match(/^harvest\.json in the data folder is not valid: consultations\.0\.name: /);
  });
});

// The data folder is owner-only, as the README says: created 0700, a group- or world-readable one (a clone's data/)
// tightened on opening, and everything the stores then write in it readable by the owner alone.
import { OPEN_MODE } from '../../src/services/acting.ts';
import { expect } from 'chai';
import { chmod, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadResources } from '../../src/corpus.ts';
import { openStores } from '../../src/open-stores.ts';
import { HarvestService } from '../../src/services/harvest.ts';
import { inlineRunner, JobQueue } from '../../src/services/jobs.ts';

/** Every path under `dir` (itself included) whose mode gives group or other users any access, with the mode. */
async function openToOthers(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (p: string): Promise<void> => {
    const st = await stat(p);
    if ((st.mode & 0o077) !== 0) found.push(`${path.relative(dir, p) || '.'} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const name of await readdir(p)) await walk(path.join(p, name));
  };
  await walk(dir);
  return found;
}

describe('the data folder is owner-only', function () {
  this.timeout(60_000);
  if (process.platform === 'win32') return;
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'harvest-datadir-'));
  });
  after(async () => rm(root, { recursive: true, force: true }));

  async function useIt(dir: string): Promise<void> {
    const { store, accounts, close } = await openStores({ dataDir: dir, databaseUrl: null });
    const service = new HarvestService(store, await loadResources(), new JobQueue(inlineRunner));
    await service.createConsultation({ name: 'Private notes', description: '', date: null }, OPEN_MODE);
    await accounts.addUser('dana', 'correct horse battery');
    await accounts.sessionSecret(null);
    await close();
  }

  it('creates a missing folder (and its parents) 0700, and writes nothing others can read', async () => {
    const dir = path.join(root, 'new/data');
    await useIt(dir);
    expect((await stat(dir)).mode & 0o777).to.equal(0o700);
    expect((await readdir(dir)).length, 'the stores wrote files').to.be.above(1);
    expect(await openToOthers(dir)).to.deep.equal([]);
  });

  it('takes group and others’ access from an existing folder (git checks data/ out 0755)', async () => {
    const dir = path.join(root, 'cloned');
    await mkdir(dir);
    await chmod(dir, 0o755);
    await useIt(dir);
    expect(await openToOthers(dir)).to.deep.equal([]);
  });
});

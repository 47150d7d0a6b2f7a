// Every change a logged-in account makes is recorded under its name in the consultation's history and audit log.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadResources } from '../../src/corpus.ts';
import { HarvestService } from '../../src/services/harvest.ts';
import { JobQueue } from '../../src/services/jobs.ts';
import { keptInlineRunner } from './helpers.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';

describe('history authors', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-history-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the acting account on every human change, and the machine on the analysis', async () => {
    const service = new HarvestService(new LowdbStore(dir), await loadResources(), new JobQueue(keptInlineRunner, 1));
    const notes = 'Breakout group A\n\nParents want the library open later on weekdays.\nThe bus to the library stops running at six.\nMore evening opening would help working parents.\n';
    const amira = { user: 'amira' };
    const { id } = await service.createConsultation({ name: 'Library hours' }, amira);
    await service.addDocuments(id, [{ name: 'notes.txt', bytes: new TextEncoder().encode(notes) }], amira);
    await service.setCodebook(id, null, amira);
    const bruno = { user: 'bruno' };
    await service.analyse(id);
    await service.jobs.idle();
    const theme = (await service.current(id)).synthesis.scopes.flatMap((s) => s.themes)[0]!;
    const { edits } = await service.renameTheme(id, theme.id, 'Opening hours', bruno);
    await service.undoEdit(id, edits[0]!.id, bruno);
    await service.deleteDocument(id, (await service.listDocuments(id))[0]!.id, bruno);
    const history = (await service.getConsultation(id)).history.map((h) => `${h.author}: ${h.what.split(' ')[0]}`);
    expect(history).to.deep.equal([
      'amira: created',
      'amira: uploaded',
      'amira: went',
      'harvest: analysed',
      'bruno: renamed',
      'bruno: withdrew',
      'bruno: removed',
    ]);
    expect((await service.auditLog(id)).map((a) => a.user)).to.deep.equal(['amira']);
  });
});

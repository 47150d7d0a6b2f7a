// The lowdb store keeps each consultation's audit log in its own file: an audit line must not rewrite the
// consultation (200 MB for a 100,000-answer survey), and logs kept inside the consultation by older stores still read.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import type { AuditEntry, ConsultationData } from '../../src/store/schema.ts';

const data = (id: string): ConsultationData => ({
  consultation: { id, name: 'Rural broadband', description: 'Evening workshops', date: '2026-05-14', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
  documents: [],
  codebook: null,
  analysis: null,
  edits: [],
  history: [{ at: '2026-01-01T00:00:00.000Z', by: 'human', author: 'facilitator', what: 'created the consultation' }],
});

const line = (minute: number, detail: string): AuditEntry => ({ at: `2026-01-02T10:${String(minute).padStart(2, '0')}:00.000Z`, user: 'olga', action: 'exported', detail });

describe('lowdb store: audit log file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'harvest-audit-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('adds audit lines without rewriting the consultation file', async () => {
    const store = new LowdbStore(dir);
    await store.create(data('rb'));
    const file = path.join(dir, 'consultations', 'rb.json');
    const before = { bytes: await readFile(file, 'utf8'), mtime: (await stat(file)).mtimeMs };
    await new Promise((r) => setTimeout(r, 20));
    await store.appendAudit('rb', line(1, 'exported md'));
    await store.appendAudit('rb', line(2, 'exported docx'));
    expect(await readFile(file, 'utf8')).to.equal(before.bytes);
    expect((await stat(file)).mtimeMs).to.equal(before.mtime);
    const log = JSON.parse(await readFile(path.join(dir, 'consultations', 'rb.audit.json'), 'utf8')) as { audit: AuditEntry[] };
    expect(log.audit.map((e) => e.detail)).to.deep.equal(['exported md', 'exported docx']);
    expect((await new LowdbStore(dir).audit('rb')).map((e) => e.detail)).to.deep.equal(['exported md', 'exported docx']);
  });

  it('reads a log an older store kept inside the consultation, and moves it out at the next change', async () => {
    // What an older version wrote: the audit log as a key of the consultation file.
    const old = [line(1, 'uploaded notes.md'), line(2, 'exported md')];
    await mkdir(path.join(dir, 'consultations'), { recursive: true });
    await writeFile(path.join(dir, 'harvest.json'), JSON.stringify({ consultations: [data('rb').consultation] }));
    await writeFile(path.join(dir, 'consultations', 'rb.json'), JSON.stringify({ ...data('rb'), audit: old }));

    const store = new LowdbStore(dir);
    expect(await store.audit('rb')).to.deep.equal(old);
    expect(await store.get('rb')).to.not.have.property('audit');
    await store.update('rb', (d) => ({ ...d, consultation: { ...d.consultation, name: 'Rural broadband 2026' } }));
    const file = JSON.parse(await readFile(path.join(dir, 'consultations', 'rb.json'), 'utf8')) as Record<string, unknown>;
    expect(file).to.not.have.property('audit');
    await store.appendAudit('rb', line(3, 'exported csv'));

    const reopened = new LowdbStore(dir);
    expect((await reopened.audit('rb')).map((e) => e.detail)).to.deep.equal(['uploaded notes.md', 'exported md', 'exported csv']);
    expect((await reopened.get('rb'))!.consultation.name).to.equal('Rural broadband 2026');
  });

  it('deletes the audit file with the consultation: a new consultation with that id starts with an empty log', async () => {
    const store = new LowdbStore(dir);
    await store.create(data('rb'));
    await store.appendAudit('rb', line(1, 'exported md'));
    await store.delete('rb');
    expect(existsSync(path.join(dir, 'consultations', 'rb.audit.json'))).to.equal(false);
    await store.create(data('rb'));
    expect(await store.audit('rb')).to.deep.equal([]);
    expect(await new LowdbStore(dir).audit('rb')).to.deep.equal([]);
  });
});

// Child process for the crash test: performs acknowledged writes (uploads and theme edits) until it is killed.
// Usage: node --import tsx test/security/crash-writer.ts DATA_DIR RUN; prints "ready", then "ack <key>" after each write.
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import type { ConsultationData, StoredDocument, ThemeEdit } from '../../src/store/schema.ts';

const [dir, run] = process.argv.slice(2) as [string, string];
const store = new LowdbStore(dir);
const ID = 'crash';

if (!(await store.get(ID))) {
  const now = new Date().toISOString();
  const data: ConsultationData = {
    consultation: { id: ID, name: 'Crash test', description: '', date: null, createdAt: now, updatedAt: now },
    documents: [],
    codebook: null,
    analysis: null,
    edits: [],
    history: [],
  };
  await store.create(data);
}
process.stdout.write('ready\n');

// Alternate an upload (a document with some text) and a theme edit (a rename), like a facilitator at work.
for (let n = 0; ; n++) {
  const key = `${run}-${n}`;
  const at = new Date().toISOString();
  if (n % 2 === 0) {
    const doc: StoredDocument = {
      id: `u${key}`,
      name: `notes-${key}.txt`,
      size: 64,
      uploadedAt: at,
      ingested: { kind: 'notes', name: `notes-${key}.txt`, format: 'txt', text: `Breakout ${key}: the bus to the clinic is late again.\n`.repeat(20) },
      mapping: null,
    };
    await store.update(ID, (d) => ({ ...d, documents: [...d.documents, doc] }));
  } else {
    const edit: ThemeEdit = { id: `e${key}`, at, by: 'human', author: 'facilitator', type: 'rename', theme: { themeId: 's1-t1', anchors: ['d1-0001'] }, label: `Label ${key}` };
    await store.update(ID, (d) => ({ ...d, edits: [...d.edits, edit], history: [...d.history, { at, by: 'human', author: 'facilitator', what: `renamed ${key}` }] }));
  }
  process.stdout.write(`ack ${key}\n`);
}

// Hostile and broken input: upload limits, content sniffing, zip bombs, per-file errors, no paths from names, 404s, XSS, formula injection.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { zipSync } from 'fflate';
import request from 'supertest';
import { ingestFile } from '../../src/ingest/index.ts';
import { guardZip } from '../../src/ingest/zip-guard.ts';
import { JobQueue } from '../../src/services/jobs.ts';
import { formClient, keptInlineRunner, makeApp, ROOT, waitForJob, type TestApp } from '../web/helpers.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures/ingest');
const fixture = (name: string): Promise<Buffer> => readFile(path.join(FIXTURES, name));
const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';

/** A minimal DOCX-shaped zip whose document part is `size` bytes of one repeated letter (compresses ~1000:1). */
function bombDocx(size: number, extraEntries = 0): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': new TextEncoder().encode('<Types/>'),
    'word/document.xml': new Uint8Array(size).fill(0x41),
  };
  for (let i = 0; i < extraEntries; i++) files[`word/media/p${i}.xml`] = new TextEncoder().encode('<p/>');
  return zipSync(files, { level: 9 });
}

/** Patch every central-directory "uncompressed size" of a zip to 10 bytes: a bomb that lies about its size. */
function lieAboutSizes(zip: Uint8Array): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  for (let i = 0; i + 46 <= out.length; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 10, true);
  return out;
}

describe('security: zip bombs and content sniffing (ingest)', () => {
  const limits = { unzippedBytes: 1024 * 1024, zipEntries: 20 };

  it('refuses a DOCX that unpacks past the limit, before mammoth reads it', async () => {
    const err = (await ingestFile('bomb.docx', bombDocx(3 * 1024 * 1024), { zip: limits }).then(
      () => ({ code: 'none', message: 'read' }),
      (e: { code: string; message: string }) => e,
    ));
    expect([err.code, err.message]).to.deep.equal([
      'MALFORMED_FILE',
      'bomb.docx: the file was refused because it would unpack to more than 1 MB (a "zip bomb" guard); if it is a real document, save it again from Word or Excel.',
    ]);
  });

  it('measures what the entries really unpack to when the directory lies about their sizes', () => {
    const liar = lieAboutSizes(bombDocx(3 * 1024 * 1024));
    expect(() => guardZip('liar.xlsx', liar, limits)).to.throw(/^liar\.xlsx: the file was refused because .* unpacks to /);
  });

  it('refuses a zip with more entries than the limit', () => {
    expect(() => guardZip('many.docx', bombDocx(10, 30), limits)).to.throw('many.docx: the file was refused because it holds more than 20 parts');
  });

  it('lets real DOCX and XLSX fixtures through', async () => {
    for (const name of ['breakout-b.docx', 'survey-wide.xlsx', 'survey-long.xlsx']) {
      const bytes = new Uint8Array(await fixture(name));
      expect(() => guardZip(name, bytes, limits)).to.not.throw();
      expect(() => guardZip(name, bytes, { unzippedBytes: 100, zipEntries: 20 }), `${name} with a 100-byte limit`).to.throw(/zip bomb/);
    }
    const doc = await ingestFile('breakout-b.docx', await fixture('breakout-b.docx'), { zip: limits });
    expect(doc.format).to.equal('docx');
  });

  const sniffed: [string, string, string][] = [
    ['a PDF named .txt is read as a PDF', 'youth-consultation.pdf', 'notes.txt'],
    ['a DOCX named .xlsx is read as a DOCX', 'breakout-b.docx', 'survey.xlsx'],
    ['an XLSX named .csv is read as an XLSX', 'survey-wide.xlsx', 'answers.csv'],
    ['a DOCX without an extension is read as a DOCX', 'breakout-b.docx', 'notes'],
  ];
  const formats: Record<string, string> = { 'youth-consultation.pdf': 'pdf', 'breakout-b.docx': 'docx', 'survey-wide.xlsx': 'xlsx' };
  for (const [label, source, name] of sniffed) {
    it(label, async () => {
      const doc = await ingestFile(name, await fixture(source));
      expect([doc.name, doc.format]).to.deep.equal([name, formats[source]]);
    });
  }
});

describe('security: hostile uploads and requests (web)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let id: string;

  before(async () => {
    t = await makeApp(undefined, { limits: { fileBytes: 64 * 1024, files: 8, requestBytes: 200 * 1024, unzippedBytes: 1024 * 1024, zipEntries: 50 }, jobs: new JobQueue(keptInlineRunner) });
    id = (await request(t.app).post('/api/consultations').send({ name: 'Hostile input' }).expect(201)).body.id;
  });
  after(async () => t.close());

  it('answers 413 with a readable message for a file over the size limit (API and page)', async () => {
    const big = Buffer.alloc(65 * 1024, 'a');
    const api = await request(t.app).post(`/api/consultations/${id}/documents`).attach('files', big, 'big.txt').expect(413);
    expect(api.body.error).to.deep.equal({ code: 'TOO_LARGE', message: 'A file is larger than the 0.1 MB limit; nothing was uploaded. Split it or upload a smaller export.' });
    const c = await formClient(t.app, `/consultations/${id}`);
    const page = await c.post(`/consultations/${id}/documents`).attach('files', big, 'big.txt').expect(413);
    expect(page.text).to.contain('A file is larger than the 0.1 MB limit; nothing was uploaded.');
  });

  it('answers 413 for more files than the per-request limit', async () => {
    let req = request(t.app).post(`/api/consultations/${id}/documents`);
    for (let i = 0; i < 9; i++) req = req.attach('files', Buffer.from(`Note ${i}: the bus is late.`), `n${i}.txt`);
    const res = await req.expect(413);
    expect(res.body.error.message).to.equal('At most 8 files can be uploaded at once; nothing was uploaded. Upload them in several rounds.');
  });

  it('answers 413 for a request larger than the per-request limit, before reading it', async () => {
    let req = request(t.app).post(`/api/consultations/${id}/documents`);
    for (let i = 0; i < 4; i++) req = req.attach('files', Buffer.alloc(60 * 1024, 'b'), `part-${i}.txt`);
    const res = await req.expect(413);
    expect(res.body.error.message).to.equal('The upload is larger than the 0.2 MB limit for one request; nothing was uploaded. Upload the files in several rounds.');
  });

  it('refuses deeply nested form field names (multer fieldNestingDepth) with 400, not a crash', async () => {
    const res = await request(t.app)
      .post(`/api/consultations/${id}/documents`)
      .field('a[b][c][d]', 'x')
      .attach('files', Buffer.from('Note: the bus is late.'), 'n.txt')
      .expect(400);
    expect(res.body.error.message).to.match(/^The upload was refused: /);
  });

  it('stores the readable files and names each broken one with its reason', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Bilješke: autobus kasni, škola je daleko.\n', 'utf16le')]);
    const latin1 = Buffer.from('id,answer\n1,Le café est fermé le dimanche.\n2,Pas de bus après 18 h.\n', 'latin1');
    const res = await request(t.app)
      .post(`/api/consultations/${id}/documents`)
      .attach('files', Buffer.from('# Notes\n- The clinic is too far away.\n'), 'good.md')
      .attach('files', utf16, 'utf16.txt')
      .attach('files', latin1, 'latin1.csv')
      .attach('files', await fixture('locked.docx'), 'locked.docx')
      .attach('files', await fixture('locked.pdf'), 'locked.pdf')
      .attach('files', await fixture('junk.csv'), 'junk.csv')
      .attach('files', Buffer.alloc(0), 'empty.txt')
      .attach('files', Buffer.from(bombDocx(2 * 1024 * 1024)), 'bomb.docx')
      .expect(201);
    expect(res.body.documents.map((d: { name: string; format: string }) => `${d.name}:${d.format}`)).to.deep.equal(['good.md:md', 'utf16.txt:txt', 'latin1.csv:csv']);
    expect(res.body.errors.map((e: { file: string; code: string }) => `${e.file}:${e.code}`)).to.deep.equal([
      'locked.docx:ENCRYPTED_FILE',
      'locked.pdf:ENCRYPTED_FILE',
      'junk.csv:MALFORMED_FILE',
      'empty.txt:EMPTY_FILE',
      'bomb.docx:MALFORMED_FILE',
    ]);
    const data = await t.service.getConsultation(id);
    const text = (name: string) => data.documents.find((d) => d.name === name)!.ingested;
    expect(text('utf16.txt')).to.deep.include({ text: 'Bilješke: autobus kasni, škola je daleko.\n' });
    expect(text('latin1.csv')).to.deep.include({ headers: ['id', 'answer'] });
    expect((text('latin1.csv') as { records: { cells: string[] }[] }).records[0]!.cells).to.deep.equal(['1', 'Le café est fermé le dimanche.']);
  });

  it('never uses a file name as a path: stored names are generated', async () => {
    const res = await request(t.app)
      .post(`/api/consultations/${id}/documents`)
      .attach('files', Buffer.from('The ferry stops in winter.\n'), '../../../../tmp/evil.txt')
      .attach('files', Buffer.from('The road floods.\n'), '..\\..\\windows\\evil2.md')
      .expect(201);
    expect(res.body.documents.map((d: { id: string }) => d.id)).to.deep.equal(['f4', 'f5']);
    expect((await readdir(t.dir)).sort()).to.deep.equal(['.session-secret', 'consultations', 'harvest.json']);
    // Besides the consultation and its audit log, one file of records per survey (the earlier test's CSV), named by the store.
    const stored = (await readdir(path.join(t.dir, 'consultations'))).sort();
    expect(stored.filter((n) => !/^[\w-]+\.records\.[0-9a-f]{16}\.json$/.test(n))).to.deep.equal([`${id}.audit.json`, `${id}.json`]);
    expect(stored.filter((n) => n.startsWith(`${id}.records.`))).to.have.length(1);
  });

  const unknown: [string, string, string][] = [
    ['GET', '/api/consultations/nope', 'Consultation not found.'],
    ['GET', '/api/consultations/..%2F..%2Fetc%2Fpasswd', 'Consultation not found.'],
    ['GET', `/api/consultations/${'x'.repeat(300)}`, 'Consultation not found.'],
    ['GET', '/api/jobs/j-nope', 'Job not found.'],
    ['DELETE', '/api/consultations/ID/documents/f99', 'Document not found.'],
    ['PUT', '/api/consultations/ID/documents/f99/mapping', 'Document not found.'],
    ['DELETE', '/api/consultations/ID/edits/e-nope', 'Edit not found.'],
    ['GET', '/api/consultations/ID/synthesis', 'This consultation has not been analysed yet.'],
    ['GET', '/consultations/nope', 'Consultation not found.'],
    ['GET', '/consultations/ID/documents/f99/mapping', 'Document not found.'],
    ['GET', '/consultations/ID/jobs/j-nope', 'Job not found.'],
  ];
  for (const [method, url, message] of unknown) {
    it(`${method} ${url.slice(0, 60)} -> 404`, async () => {
      const c = await formClient(t.app, '/');
      const target = url.replace('ID', id);
      const req = method === 'GET' ? c.agent.get(target) : method === 'PUT' ? c.agent.put(target).set('X-CSRF-Token', c.csrf).send({}) : c.agent.delete(target).set('X-CSRF-Token', c.csrf);
      const res = await req.expect(404);
      if (target.startsWith('/api/')) expect(res.body.error).to.deep.equal({ code: 'NOT_FOUND', message });
      else expect(res.text).to.contain(message);
    });
  }

  it('odd query strings are validated, not crashes', async () => {
    await request(t.app).get(`/consultations/${id}/search?q[]=a&q[]=b&filter[x]=1`).expect(404);
    await request(t.app).get(`/api/consultations/${id}/export/exe`).expect(400);
    await request(t.app).get(`/?notice[a]=1`).expect(200);
    const bad = await request(t.app).post('/api/consultations').set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(bad.body.error.message).to.equal('The request body is not valid JSON.');
    const tooBig = await request(t.app).post('/api/consultations').send({ name: 'x', description: 'y'.repeat(3 * 1024 * 1024) }).expect(413);
    expect(tooBig.body.error.code).to.equal('TOO_LARGE');
  });
});

describe('security: no XSS in pages or exports', function () {
  this.timeout(120_000);
  let t: TestApp;
  let id: string;
  const pages: Record<string, string> = {};

  before(async () => {
    t = await makeApp(undefined, { jobs: new JobQueue(keptInlineRunner) });
    const c = await formClient(t.app, '/');
    const created = await c.post('/consultations').type('form').send({ name: `Valley ${SCRIPT}`, description: IMG }).expect(303);
    id = /\/consultations\/([^?]+)/.exec(created.headers.location)![1]!;
    const notes = [
      `# Workshop ${SCRIPT}`,
      '',
      '## Obstacles',
      `- The cost of mobile data is too high for families ${SCRIPT}.`,
      `- Mobile data packages cost more than households can pay ${IMG}.`,
      '- There is no internet signal in the upper valley villages.',
      '- The signal in the hills drops every evening, so nobody can join classes.',
      '- Older women do not trust online banking because of scams.',
      '',
      '## What should be done',
      '- The municipality should fund free wifi points in the community centres.',
      '- Libraries should offer free digital skills classes for women.',
      '- =HYPERLINK("http://evil.example","click") volunteers should teach older women.',
    ].join('\n');
    const survey = `id,"${IMG}",country\nR1,"Data is too expensive ${SCRIPT}",Serbia\nR2,"No signal in the villages",Albania\nR3,"+cmd|' /C calc'!A0 the bus is late",Serbia\n`;
    await c.post(`/consultations/${id}/documents`).attach('files', Buffer.from(notes), `${IMG}.md`).attach('files', Buffer.from(survey), '<svg onload=alert(1)>.csv').expect(200);
    const codebook = JSON.parse(await readFile(path.join(ROOT, 'corpus/codebook.json'), 'utf8'));
    codebook.categories[0].label = `Barrier ${SCRIPT}`;
    codebook.categories[0].plural = `Barriers ${IMG}`;
    await c.post(`/consultations/${id}/codebook`).type('form').send({ codebook: JSON.stringify(codebook) }).expect(303);
    const job = (await request(t.app).post(`/api/consultations/${id}/analyse`).send({}).expect(202)).body.jobId;
    expect((await waitForJob(t.app, job)).state).to.equal('done');
    const synthesis = (await request(t.app).get(`/api/consultations/${id}/synthesis`).expect(200)).body;
    const theme = synthesis.scopes.flatMap((s: { themes: { id: string; isOther: boolean }[] }) => s.themes).find((x: { isOther: boolean }) => !x.isOther);
    await c.post(`/consultations/${id}/themes/${theme.id}/rename`).type('form').send({ label: `Costs ${SCRIPT} ${IMG}` }).expect(303);
    const doc = (await t.service.getConsultation(id)).documents.find((d) => d.ingested.kind === 'survey')!;
    const seg = synthesis.segments[0].id;
    const urls = {
      home: '/',
      consultation: `/consultations/${id}`,
      report: `/consultations/${id}/report`,
      theme: `/consultations/${id}/themes/${theme.id}`,
      source: `/consultations/${id}/segments/${seg}`,
      search: `/consultations/${id}/search?q=${encodeURIComponent(SCRIPT)}`,
      codebook: `/consultations/${id}/codebook`,
      mapping: `/consultations/${id}/documents/${doc.id}/mapping`,
      error: `/consultations/${id}/themes/${encodeURIComponent(IMG)}`,
      login: `/login?next=${encodeURIComponent(`/${IMG}`)}`,
      html: `/api/consultations/${id}/export/html`,
      md: `/api/consultations/${id}/export/md`,
    };
    for (const [name, url] of Object.entries(urls)) pages[name] = (await c.agent.get(url)).text;
    pages.csv = (await c.agent.get(`/api/consultations/${id}/export/csv`)).text;
  });
  after(async () => t.close());

  for (const name of ['home', 'consultation', 'report', 'theme', 'source', 'search', 'codebook', 'mapping', 'error', 'login', 'html']) {
    it(`${name}: payloads are shown as text, never as markup; no inline script, handler or style`, () => {
      const html = pages[name]!;
      expect(html, 'page rendered').to.match(/<\/html>\s*$/);
      expect(html).to.not.contain(SCRIPT);
      expect(html).to.not.contain('<img src=x');
      expect(html).to.not.contain('<svg onload');
      expect(html).to.not.match(/<script(?![^>]*\ssrc=)[^>]*>/i);
      // Event-handler attributes in real tags (attribute values removed first: they hold escaped text).
      const tags = (html.match(/<[a-z][^>]*>/gi) ?? []).map((tag) => tag.replace(/="[^"]*"|='[^']*'/g, '=""'));
      expect(tags.filter((tag) => /\son[a-z]+\s*=/i.test(tag))).to.deep.equal([]);
      if (name !== 'html') {
        expect(html).to.not.match(/\sstyle\s*=/i);
        expect(html).to.not.contain('<style');
      }
    });
  }

  it('the payloads appear escaped where they are shown', () => {
    expect(pages.home).to.contain('Valley &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(pages.consultation).to.contain('&lt;svg onload=alert(1)&gt;.csv');
    expect(pages.consultation).to.contain('&#34;&gt;&lt;img src=x onerror=alert(1)&gt;.md');
    expect(pages.theme).to.contain('Costs &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(pages.codebook).to.contain('Barrier &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(pages.html).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('the segments CSV neutralises formulas (OWASP: = + - @ tab CR get a leading quote)', () => {
    const lines = pages.csv!.split('\r\n');
    const hyperlink = lines.find((l) => l.includes('HYPERLINK'))!;
    expect(hyperlink).to.contain(`"'=HYPERLINK(""http://evil.example"",""click"") volunteers should teach older women."`);
    const cmd = lines.find((l) => l.includes('the bus is late'))!;
    expect(cmd.endsWith(`,'+cmd|' /C calc'!A0 the bus is late`), cmd).to.equal(true);
    expect(lines.some((l) => /(^|,)"?[=+@]/.test(l))).to.equal(false);
  });
});

describe('security: a damaged PDF cannot take the server down', function () {
  this.timeout(60_000);

  it('pdfjs’ stray unhandled rejection (found by the fuzzer) is contained: the file is refused, the process lives on', async () => {
    // Mocha handles unhandled rejections itself, so this runs in a plain child process, as the server does.
    const script = [
      "import { readFileSync } from 'node:fs';",
      "import { ingestFile } from './src/ingest/index.ts';",
      "const bytes = new Uint8Array(readFileSync('test/security/fixtures/pdfjs-stray-rejection.pdf'));",
      "const r = await ingestFile('whiteboard.pdf', bytes).then(() => 'read', (e) => e.code + ': ' + e.message);",
      'await new Promise((ok) => setTimeout(ok, 300));',
      "process.stdout.write(r + '\\nstill alive\\n');",
    ].join('\n');
    const { execFile } = await import('node:child_process');
    const out = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT }, (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout }));
    });
    expect(out).to.deep.equal({
      code: 0,
      stdout: 'MALFORMED_FILE: whiteboard.pdf: the PDF is damaged and could not be read (Invalid number: T (charCode 84)).\nstill alive\n',
    });
  });
});

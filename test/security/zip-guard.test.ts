// Zip bombs and unreadable zips (issue 13, High 3): every zip Harvest reads is checked entry by entry, fails closed, and stops inflating at the limit.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { Deflate, strToU8, zipSync } from 'fflate';
import mammoth from 'mammoth';
import { AppError } from '../../src/errors.ts';
import { readDocx } from '../../src/ingest/docx.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { readXlsx } from '../../src/ingest/xlsx.ts';
import { readZip, verifiedZip, type ZipReadStats } from '../../src/ingest/zip-guard.ts';
import { packBackup, unpackBackup } from '../../src/services/backup.ts';
import { consultationData } from '../../src/store/schema.ts';
import { ROOT } from '../web/helpers.ts';
import { lieAboutSizes, refusal, withJunkPrefix } from './hostile-files.ts';

const fixture = async (name: string): Promise<Uint8Array> => new Uint8Array(await readFile(path.join(ROOT, 'test/fixtures/ingest', name)));
const MB = 1024 * 1024;
const limits = { unzippedBytes: MB, zipEntries: 50 };

/**
 * A real bomb, small on disk: a DOCX-shaped zip whose document part inflates to `mb` MB of zeros, deflated in
 * pieces so the test never holds the expanded part (about 30 KB on disk per 30 MB).
 */
function bombDocx(mb: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const deflater = new Deflate({ level: 1 }, (chunk) => parts.push(chunk));
  const zeros = new Uint8Array(MB);
  for (let i = 0; i < mb; i++) deflater.push(zeros, i === mb - 1);
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) data.set(p, (at += p.length) - p.length);
  // A stored placeholder of the same length, then the deflated bytes put in its place and the header fixed.
  const zip = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': [new Uint8Array(data.length), { level: 0 }] });
  const view = new DataView(zip.buffer);
  for (let i = 0; i + 46 <= zip.length; i++) {
    const sig = view.getUint32(i, true);
    const isLocal = sig === 0x04034b50 && new TextDecoder().decode(zip.subarray(i + 30, i + 30 + 17)) === 'word/document.xml';
    const isCentral = sig === 0x02014b50 && new TextDecoder().decode(zip.subarray(i + 46, i + 46 + 17)) === 'word/document.xml';
    if (isLocal) {
      view.setUint16(i + 8, 8, true);
      view.setUint32(i + 22, mb * MB, true);
      zip.set(data, i + 30 + 17 + view.getUint16(i + 28, true));
    }
    if (isCentral) {
      view.setUint16(i + 10, 8, true);
      view.setUint32(i + 24, mb * MB, true);
    }
  }
  return zip;
}

describe('security: zips are checked entry by entry and fail closed', function () {
  this.timeout(30_000);

  it('refuses a DOCX with PK\\x03\\x04 and 60 junk bytes before it (mammoth alone would read it)', async () => {
    const doctored = withJunkPrefix(await fixture('breakout-b.docx'));
    // What made this dangerous: the DOCX reader accepts the doctored file as it is.
    expect((await mammoth.convertToHtml({ buffer: Buffer.from(doctored) })).value).to.contain('<');
    const err = await refusal(ingestFile('junk.docx', doctored, { zip: limits }));
    expect([err.code, err.file, err.message]).to.deep.equal([
      'MALFORMED_FILE',
      'junk.docx',
      'junk.docx: the file was refused because it is damaged or its zip structure cannot be checked (the zip directory is not where the file says it is); if it is a real document, save it again from Word or Excel.',
    ]);
    const stats: ZipReadStats = { inflatedBytes: 0 };
    expect(() => verifiedZip('junk-bomb.docx', withJunkPrefix(bombDocx(30)), limits, stats)).to.throw(AppError, 'zip structure cannot be checked');
    expect(stats.inflatedBytes).to.equal(0);
  });

  it('refuses an XLSX with the same junk prefix', async () => {
    const err = await refusal(ingestFile('junk.xlsx', withJunkPrefix(await fixture('survey-wide.xlsx')), { zip: limits }));
    expect(err.message).to.match(/^junk\.xlsx: the file was refused because it is damaged or its zip structure cannot be checked/);
  });

  it('refuses a DOCX whose directory lies about sizes, having inflated no more than the directory claimed', async () => {
    const liar = lieAboutSizes(bombDocx(30));
    const stats: ZipReadStats = { inflatedBytes: 0 };
    expect(() => verifiedZip('liar.docx', liar, { unzippedBytes: 200 * MB, zipEntries: 50 }, stats)).to.throw(
      AppError,
      'liar.docx: the file was refused because the part "word/document.xml" unpacks to more than the 10 bytes its directory says (a "zip bomb" guard)',
    );
    // Well under a megabyte was inflated, with a 200 MB limit: the reading stops where the directory's claim ends.
    expect(stats.inflatedBytes).to.be.below(MB);
    const err = await refusal(ingestFile('liar.docx', liar, { zip: limits }));
    expect(err.code).to.equal('MALFORMED_FILE');
  });

  it('refuses a real bomb (30 KB on disk, 30 MB inflated) without inflating past the 1 MB limit', async () => {
    const bomb = bombDocx(30);
    expect(bomb.length).to.be.below(100 * 1024);
    // Its directory tells the truth: refused before anything is inflated.
    const honest: ZipReadStats = { inflatedBytes: 0 };
    expect(() => verifiedZip('bomb.docx', bomb, limits, honest)).to.throw(AppError, 'bomb.docx: the file was refused because it would unpack to more than 1 MB (a "zip bomb" guard)');
    expect(honest.inflatedBytes).to.equal(0);
    // Its directory claims half a megabyte: the inflating stops once the bytes really produced pass the claim.
    const lying: ZipReadStats = { inflatedBytes: 0 };
    expect(() => verifiedZip('bomb.docx', lieAboutSizes(bomb, MB / 2), limits, lying)).to.throw(
      AppError,
      'bomb.docx: the file was refused because the part "word/document.xml" unpacks to more than the 524288 bytes its directory says',
    );
    expect(lying.inflatedBytes).to.be.above(MB / 2).and.at.most(MB + 8);
    const err = await refusal(ingestFile('bomb.docx', bomb, { zip: limits }));
    expect([err.code, err.message]).to.deep.equal([
      'MALFORMED_FILE',
      'bomb.docx: the file was refused because it would unpack to more than 1 MB (a "zip bomb" guard); if it is a real document, save it again from Word or Excel.',
    ]);
  });

  it('reads real DOCX and XLSX fixtures exactly as before, from the re-built zip', async () => {
    const docx = await fixture('breakout-b.docx');
    expect(await ingestFile('breakout-b.docx', docx, { zip: limits })).to.deep.equal(await readDocx('breakout-b.docx', docx));
    for (const name of ['survey-wide.xlsx', 'survey-long.xlsx']) {
      const bytes = await fixture(name);
      expect(await ingestFile(name, bytes, { zip: limits })).to.deep.equal(await readXlsx(name, bytes));
    }
    // The re-built zip holds the same parts, stored: nothing in it can expand.
    const rebuilt = readZip('breakout-b.docx', verifiedZip('breakout-b.docx', docx, limits), limits);
    expect([...rebuilt.keys()].sort()).to.deep.equal([...readZip('breakout-b.docx', docx, limits).keys()].sort());
  });

  it('refuses a truncated DOCX and a zip with data after its directory', async () => {
    expect((await refusal(ingestFile('truncated.docx', await fixture('truncated.docx'), { zip: limits }))).code).to.equal('MALFORMED_FILE');
    const docx = await fixture('breakout-b.docx');
    const trailing = new Uint8Array(docx.length + 10);
    trailing.set(docx);
    expect((await refusal(ingestFile('trailing.docx', trailing, { zip: limits }))).message).to.contain('there is data after the zip directory');
  });

  it('a backup archive (.harvest.zip) goes through the same checks', () => {
    const data = consultationData.parse({
      consultation: { id: 'bk', name: 'Backup', description: '', date: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
      documents: [{ id: 'f1', name: 'notes.txt', size: 40, uploadedAt: '2026-01-01T00:00:00.000Z', ingested: { kind: 'notes', name: 'notes.txt', format: 'txt', text: 'The bus to the clinic is late.\n' }, mapping: null }],
    });
    const archive = packBackup(data, new Date('2026-01-02T00:00:00Z'));
    expect(unpackBackup('ok.harvest.zip', archive, limits).consultation.id).to.equal('bk');
    expect(() => unpackBackup('junk.harvest.zip', withJunkPrefix(archive), limits)).to.throw(AppError, 'junk.harvest.zip: the file was refused because it is damaged or its zip structure cannot be checked');
    expect(() => unpackBackup('bomb.harvest.zip', bombDocx(30), limits)).to.throw(AppError, 'bomb.harvest.zip: the file was refused because it would unpack to more than 1 MB');
    expect(() => unpackBackup('liar.harvest.zip', lieAboutSizes(archive, 10, 'consultation.json'), limits)).to.throw(AppError, 'its directory says');
  });
});

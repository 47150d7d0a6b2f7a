// Hostile files built in the tests and the fuzzer (small on disk, huge once read): junk before a zip, lying zip directories, deeply nested HTML, a PDF with a huge compressed stream.
import { deflateSync } from 'node:zlib';
import { AppError } from '../../src/errors.ts';

/** `PK\x03\x04` and 60 junk bytes before a zip: the trick that made the old guard give up and let the file through. */
export function withJunkPrefix(zip: Uint8Array): Uint8Array {
  const out = new Uint8Array(64 + zip.length);
  out.set([0x50, 0x4b, 0x03, 0x04]);
  for (let i = 4; i < 64; i++) out[i] = (i * 37) & 0xff;
  out.set(zip, 64);
  return out;
}

/** Patch the central-directory "uncompressed size" of the part `part` to `size` bytes: a directory that lies about what it holds. */
export function lieAboutSizes(zip: Uint8Array, size = 10, part = 'word/document.xml'): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  for (let i = 0; i + 46 <= out.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const name = new TextDecoder().decode(out.subarray(i + 46, i + 46 + view.getUint16(i + 28, true)));
    if (name === part) view.setUint32(i + 24, size, true);
  }
  return out;
}

/** An HTML page of `depth` nested <div>s around one sentence (100,000 froze the old reader for over 90 s). */
export function nestedHtml(depth: number): Uint8Array {
  return new TextEncoder().encode(`<html><body>${'<div>'.repeat(depth)}The bus is late.${'</div>'.repeat(depth)}</body></html>`);
}

/**
 * A one-page PDF whose content stream inflates to `mb` MB (spaces, then one line of text), a few KB per 10 MB
 * on disk. With a valid cross-reference table, so readers take the normal path.
 */
export function bigStreamPdf(mb: number, text = 'The clinic is too far away.'): Uint8Array {
  const content = Buffer.concat([Buffer.alloc(mb * 1024 * 1024, 0x20), Buffer.from(`\nBT /F1 12 Tf 72 720 Td (${text}) Tj ET\n`, 'latin1')]);
  const stream = deflateSync(content, { level: 9 });
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>'),
    Buffer.concat([Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream')]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((body, i) => {
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    offsets.push(at);
    parts.push(obj);
    at += obj.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(parts));
}

/** The AppError a reading refuses with; throws when the reading succeeds or fails with anything else. */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof AppError)) throw new Error(`expected a refusal, got ${outcome === null ? 'a read file' : String(outcome)}`);
  return outcome;
}

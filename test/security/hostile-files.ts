// Hostile files built in the tests (small on disk, huge once read): deeply nested HTML and a PDF with a huge compressed stream.
import { deflateSync } from 'node:zlib';

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

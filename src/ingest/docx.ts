// Word documents: mammoth turns the DOCX into HTML (headings and lists keep their structure), then the HTML path makes notes.
import mammoth from 'mammoth';
import type { IngestedNotes } from '../model/index.ts';
import { fileError, isOleFile, isZipFile, reasonOf } from './common.ts';
import { EMBEDDED_IMAGE, htmlToMarkdown } from './html.ts';
import { checkText, DEFAULT_READER_LIMITS, type ReaderLimits } from './limits.ts';

/** Word styles mammoth does not map by default but that mark structure in consultation write-ups. */
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
];

/**
 * Read a .docx file into notes, within the limits on nesting and text (the zip itself is checked by the caller).
 * Password-protected (OLE container) and damaged files raise AppErrors naming the file.
 */
export async function readDocx(name: string, bytes: Uint8Array, limits: ReaderLimits = DEFAULT_READER_LIMITS): Promise<IngestedNotes> {
  if (isOleFile(bytes)) {
    throw fileError(
      'ENCRYPTED_FILE',
      name,
      'the Word document is password-protected (or is an old .doc file); remove the password or save it as .docx and upload it again.',
    );
  }
  if (!isZipFile(bytes)) {
    throw fileError('MALFORMED_FILE', name, 'this is not a valid Word (.docx) file; open it in Word and save it again as .docx.');
  }
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        // Images carry no text Harvest can use; a short placeholder avoids megabytes of base64.
        convertImage: mammoth.images.imgElement(async () => ({ src: EMBEDDED_IMAGE })),
      },
    );
    html = result.value;
  } catch (err) {
    throw fileError('MALFORMED_FILE', name, `the Word document is damaged and could not be read (${reasonOf(err)}).`, err);
  }
  checkText(name, html, limits);
  const text = htmlToMarkdown(html, { name, nesting: limits.nesting });
  if (text === '') throw fileError('EMPTY_FILE', name, 'the Word document has no text.');
  return { kind: 'notes', name, format: 'docx', text };
}

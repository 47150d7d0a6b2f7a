// pdfjs-dist's legacy build, loaded without the built-ins its bundled core-js replaces for the whole process.
//
// On Node 20 (no JSON.rawJSON) core-js swaps JSON.stringify, JSON.parse and Array.prototype.push for JavaScript
// versions, several times slower, in every module of the process (figures: docs/performance.md). pdfjs needs none
// of them, so the native ones are put back once it is loaded.
const natives = { stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push };
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
JSON.stringify = natives.stringify;
JSON.parse = natives.parse;
Array.prototype.push = natives.push;

export const getDocument = pdfjs.getDocument;

// pdfjs-dist's legacy build, loaded without the built-ins its bundled core-js replaces for the whole process.
//
// On Node 20 (no JSON.rawJSON) core-js swaps JSON.stringify, JSON.parse and Array.prototype.push for JavaScript
// versions: measured 4-6 times slower, in every module of the process (a 100,000-answer synthesis.json took
// 6.2 s to write instead of 1). pdfjs needs none of them, so the native ones are put back once it is loaded.
const natives = { stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push };
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
JSON.stringify = natives.stringify;
JSON.parse = natives.parse;
Array.prototype.push = natives.push;

export const getDocument = pdfjs.getDocument;

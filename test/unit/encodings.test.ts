// Text encodings: notes, HTML and CSV files in the encodings of Harvest's languages decode exactly, name the encoding, and warn when unsure.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { ingestFile, ingestPath } from '../../src/ingest/index.ts';
import { chardetGuess, decodeTextBytes, guessLegacy } from '../../src/ingest/encoding.ts';
import { ingestedDocument } from '../../src/model/index.ts';

const DIR = new URL('../fixtures/encodings/', import.meta.url);
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, DIR)));
const expectedOf = (name: string): string => readFileSync(new URL(`${name}.expected`, DIR), 'utf8');
const lf = (text: string): string => text.replace(/\r\n?/g, '\n');

describe('encodings: notes in each encoding decode exactly', () => {
  const cases: [string, string][] = [
    ['bcms-latin-1250.txt', 'windows-1250'],
    ['bcms-latin-8859-2.md', 'iso-8859-2'],
    ['serbian-cyrillic-1251.txt', 'windows-1251'],
    ['macedonian-1251.txt', 'windows-1251'],
    ['albanian-1252.txt', 'windows-1252'],
    ['italian-1252.txt', 'windows-1252'],
    ['english-utf16le-bom.txt', 'utf-16le'],
    ['bcms-utf16be.txt', 'utf-16be'],
    ['macedonian-utf16le-nobom.txt', 'utf-16le'],
    ['serbian-utf16be-nobom.txt', 'utf-16be'],
    // Workshop notes in each language and legacy encoding, long and one line (measured in docs/quality.md, "Encodings").
    ['workshop-serbian-latin-1250.txt', 'windows-1250'],
    ['workshop-serbian-latin-8859-2.txt', 'iso-8859-2'],
    ['workshop-serbian-cyrillic-1251.txt', 'windows-1251'],
    ['workshop-serbian-cyrillic-short-1251.txt', 'windows-1251'],
    ['workshop-macedonian-1251.txt', 'windows-1251'],
    ['workshop-macedonian-short-1251.txt', 'windows-1251'],
    ['workshop-albanian-1252.txt', 'windows-1252'],
    ['workshop-albanian-short-1252.txt', 'windows-1252'],
    ['workshop-italian-1252.txt', 'windows-1252'],
    ['workshop-italian-short-1252.txt', 'windows-1252'],
    ['workshop-english-1252.txt', 'windows-1252'],
    ['workshop-english-short-1252.txt', 'windows-1252'],
  ];
  for (const [name, encoding] of cases) {
    it(`${name} is read as ${encoding}`, async () => {
      const doc = ingestedDocument.parse(await ingestFile(name, bytesOf(name)));
      expect(doc.kind).to.equal('notes');
      if (doc.kind !== 'notes') return;
      expect(doc.text).to.equal(lf(expectedOf(name)));
      expect(doc.encoding).to.equal(encoding);
      expect(doc.warnings).to.equal(undefined);
    });
  }

  // One line with only č and ć: windows-1250 and ISO-8859-2 agree on them, but so few letters cannot rule out
  // windows-1252 (è, æ) for our letter check, and chardet's guess is not sure: decoded right, with the warning.
  for (const name of ['workshop-serbian-latin-short-1250.txt', 'workshop-serbian-latin-short-8859-2.txt']) {
    it(`${name} is read right, with a warning naming the encoding`, async () => {
      const doc = ingestedDocument.parse(await ingestFile(name, bytesOf(name)));
      expect(doc.kind === 'notes' && doc.text).to.equal(expectedOf(name));
      expect(doc.encoding).to.equal('windows-1250');
      expect(doc.warnings).to.deep.equal([
        'the text is not UTF-8 and its encoding could not be told for sure; it was read as windows-1250: check its accented or Cyrillic letters, or save it again as UTF-8.',
      ]);
    });
  }

  it('BCMS with few diacritics, which chardet alone reads as windows-1252, is read as windows-1250', () => {
    // č is è in windows-1252: chardet's windows-1250 models are Czech, Polish, Hungarian and Romanian.
    for (const name of ['survey-1250.csv', 'notes-1250.html']) {
      expect(chardetGuess(bytesOf(name))?.encoding, name).to.equal('windows-1252');
      expect(guessLegacy(bytesOf(name)), name).to.deep.equal({ encoding: 'windows-1250', weak: false });
    }
  });

  it('a UTF-8 file says so and has no warning', async () => {
    const doc = await ingestFile('plain.txt', new TextEncoder().encode('- Učitelji traže obuku.\n'));
    expect(doc).to.deep.include({ encoding: 'utf-8', text: '- Učitelji traže obuku.\n' });
    expect(doc.warnings).to.equal(undefined);
  });

  it('an HTML page saved in windows-1250 without a charset', async () => {
    const doc = await ingestFile('notes-1250.html', bytesOf('notes-1250.html'));
    expect(doc).to.deep.include({ encoding: 'windows-1250' });
    expect(doc.kind === 'notes' && doc.text).to.equal('# Grupa I\n\n- Škole nemaju dovoljno računara.\n- Žene su rijetko uključene u odluke općine.');
  });

  it('an HTML page that declares windows-1251 is read with its charset', async () => {
    const body = Buffer.from(readFileSync(new URL('serbian-cyrillic-1251.txt', DIR))).subarray(0, 40);
    const bytes = Buffer.concat([Buffer.from('<html><head><meta charset="windows-1251"></head><body><p>'), body, Buffer.from('</p></body></html>')]);
    const doc = await ingestFile('page.html', new Uint8Array(bytes));
    expect(doc).to.deep.include({ encoding: 'windows-1251' });
    expect(doc.kind === 'notes' && doc.text).to.equal('# Група А: Крагујевац - Девојчице немај');
  });
});

describe('encodings: survey CSVs', () => {
  for (const [name, encoding] of [['survey-1250.csv', 'windows-1250'], ['survey-1251.csv', 'windows-1251']] as const) {
    it(`${name} is read as ${encoding}, whole and streamed from disk`, async () => {
      const rows = lf(expectedOf(name)).trimEnd().split('\n').map((l) => l.split(';'));
      const whole = ingestedDocument.parse(await ingestFile(name, bytesOf(name)));
      const streamed = ingestedDocument.parse(await ingestPath(name, new URL(name, DIR).pathname));
      for (const doc of [whole, streamed]) {
        expect(doc.kind).to.equal('survey');
        if (doc.kind !== 'survey') return;
        expect(doc.encoding).to.equal(encoding);
        expect(doc.headers).to.deep.equal(rows[0]);
        expect(doc.records.map((r) => r.cells)).to.deep.equal(rows.slice(1));
        expect(doc.warnings).to.equal(undefined);
      }
    });
  }

  it('a UTF-8 CSV with one row pasted in windows-1250 keeps both, with a warning', async () => {
    const bytes = Buffer.concat([
      Buffer.from('id,answer\nR1,Učitelji traže obuku.\n'),
      Buffer.from([0x52, 0x32, 0x2c, 0x8a, 0x6b, 0x6f, 0x6c, 0x65, 0x20, 0x9e, 0x65, 0x6c, 0x65, 0x20, 0x72, 0x61, 0xe8, 0x75, 0x6e, 0x61, 0x72, 0x65, 0x2e, 0x0a]),
      Buffer.from('R3,Općina treba pomoći.\n'),
    ]);
    const doc = await ingestFile('mixed.csv', new Uint8Array(bytes));
    expect(doc.kind === 'survey' && doc.records.map((r) => r.cells[1])).to.deep.equal(['Učitelji traže obuku.', 'Škole žele računare.', 'Općina treba pomoći.']);
    expect(doc.encoding).to.equal('utf-8 + windows-1250');
    expect(doc.warnings?.[0]).to.match(/1 line is not; it was read as windows-1250/);
  });
});

describe('encodings: mixed and invalid bytes', () => {
  it('a UTF-8 file with a line in windows-1250 decodes each line in its own encoding and warns', async () => {
    const doc = await ingestFile('mixed-utf8-1250.txt', bytesOf('mixed-utf8-1250.txt'));
    expect(doc.kind === 'notes' && doc.text).to.equal(expectedOf('mixed-utf8-1250.txt'));
    expect(doc.encoding).to.equal('utf-8 + windows-1250');
    expect(doc.warnings).to.have.length(1);
    expect(doc.warnings![0]).to.match(/^the text is UTF-8 but 1 line is not; it was read as windows-1250/);
  });

  it('a few ambiguous bytes are decoded with a warning that the guess is weak', () => {
    // 0xE8 is è in windows-1252, č in windows-1250 and и in windows-1251: one letter cannot tell.
    const decoded = decodeTextBytes(new Uint8Array([0x4d, 0x6f, 0xe8, 0x0a]));
    expect(decoded.warning).to.match(/could not be told for sure; it was read as windows-125[0-2]/);
    expect(['Moè\n', 'Moč\n', 'Moи\n']).to.include(decoded.text);
  });

  it('a UTF-8 sequence cut at the end of the file is not lost silently', () => {
    const decoded = decodeTextBytes(new Uint8Array([...new TextEncoder().encode('Škola je daleko, a put je loš i skup za '), 0xc5]));
    // The UTF-8 letters of the line stay as they are; the stray byte is decoded as a letter of the guessed encoding.
    expect(decoded.encoding).to.match(/^utf-8 \+ windows-125[0-2]$/);
    expect(decoded.text.slice(0, -1)).to.equal('Škola je daleko, a put je loš i skup za ');
    expect(['Ĺ', 'Å', 'Е']).to.include(decoded.text.slice(-1));
    expect(decoded.warning).to.match(/1 line is not; it was read as windows-125[0-2] \(a weak guess\)/);
  });

  it('windows-1250 and ISO-8859-2 are told apart by š and ž; č and ć alone are the same in both', () => {
    // "Škola i žena": Š and ž are 0x8A and 0x9E in windows-1250 (and 1252), 0xA9 and 0xBE in ISO-8859-2.
    const cp1250 = [0x8a, 0x6b, 0x6f, 0x6c, 0x61, 0x20, 0x69, 0x20, 0x9e, 0x65, 0x6e, 0x61];
    expect(decodeTextBytes(new Uint8Array(cp1250)).text).to.equal('Škola i žena');
    expect(decodeTextBytes(new Uint8Array(cp1250.map((b) => (b === 0x8a ? 0xa9 : b === 0x9e ? 0xbe : b)))).text).to.equal('Škola i žena');
    // "kuća noć čaj": the same text in windows-1250 and ISO-8859-2, so no rival.
    expect(guessLegacy(new Uint8Array([0x6b, 0x75, 0xe6, 0x61, 0x20, 0x6e, 0x6f, 0xe6, 0x20, 0xe8, 0x61, 0x6a]))).to.deep.equal({ encoding: 'windows-1250', weak: false });
  });

  it('UTF-16 with an unpaired surrogate keeps going with a replacement character', async () => {
    const doc = await ingestFile('broken16.txt', new Uint8Array([0xff, 0xfe, 0x48, 0x00, 0x69, 0x00, 0x00, 0xd8, 0x21, 0x00, 0x0a, 0x00]));
    expect(doc.kind === 'notes' && doc.text).to.equal('Hi\ufffd!\n');
    expect(doc.encoding).to.equal('utf-16le');
  });
});

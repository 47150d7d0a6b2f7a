// Tests for language detection and names: BCMS as one language in both scripts, Macedonian not Bulgarian, English shorthand stays English.
import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { scoreLanguages } from '../../src/eval/languages.ts';
import { detectLanguage } from '../../src/pipeline/annotate.ts';
import { canonicalLanguage, languageDisplayName, quoteLanguage, scriptOf } from '../../src/pipeline/languages.ts';
import { languageName } from '../../src/report/view-model.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('languages', () => {
  let resources: Resources;
  before(async () => {
    resources = await loadResources();
  });

  const cases: Array<[string, string]> = [
    ['w/ ministry re data, $$ for bus', 'en'],
    ['fu w/ MoE + MoF re budget lines; co-fin 20%; TBD at next mtg', 'en'],
    ['re ministry data: pilot w/ 3 munic., costs per unit TBC, transport via regional bus co.', 'en'],
    ['Nema signala u selima.', 'sh'],
    ['Нема сигнала у селима.', 'sh'],
    ['Нема сигнал во селата.', 'mk'],
    ['Училиштата немаат доволно компјутери.', 'mk'],
    ['Училищата нямат достатъчно компютри.', 'bg'],
    ['Nuk ka sinjal në fshatra.', 'sq'],
    ['Le molestie sui social sono un grande problema.', 'it'],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} -> ${expected}`, () => expect(detectLanguage(text, resources.stopwords)).to.equal(expected));
  }

  it('floor on the labelled table: accuracy >= 0.9 (0.59 before BCMS, markers and the shorthand rule)', () => {
    const r = scoreLanguages(path.join(ROOT, 'test/fixtures/languages.csv'), resources.stopwords);
    expect(r.items).to.be.at.least(60);
    expect(r.accuracy, JSON.stringify(r.errors)).to.be.at.least(0.9);
  });

  it('one name table: BCMS for Serbian, Croatian, Bosnian and Montenegrin codes, old ones included', () => {
    for (const code of ['sh', 'sr', 'hr', 'bs', 'cnr']) expect(languageDisplayName(code)).to.equal('BCMS');
    expect(canonicalLanguage('hr')).to.equal('sh');
    expect(languageName('sr')).to.equal('BCMS (sr)');
    expect(languageName('mk')).to.equal('Macedonian (mk)');
    expect(languageName('xx')).to.equal('xx');
  });

  it('marks a quote with its language, and the script for BCMS', () => {
    expect(scriptOf('Нема сигнала')).to.equal('Cyrillic');
    expect(quoteLanguage('sh', 'Нема сигнала у селима.')).to.equal('BCMS, Cyrillic');
    expect(quoteLanguage('sr', 'Nema signala u selima.')).to.equal('BCMS, Latin');
    expect(quoteLanguage('mk', 'Нема сигнал во селата.')).to.equal('Macedonian');
    expect(quoteLanguage('en', 'No signal')).to.equal(null);
    expect(quoteLanguage('und', 'ok')).to.equal(null);
  });
});

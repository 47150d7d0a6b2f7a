// The word lists read from corpus/ as shipped data (person-words.json, entity-words.json, phrase-words.json) as the code uses them.
import { expect } from 'chai';
import { namesInRoleLine, namesInValue, NOT_A_NAME, TITLES } from '../../src/privacy/names.ts';
import { organisationKind } from '../../src/pipeline/tag/actors.ts';
import { englishNounPhrases } from '../../src/pipeline/annotate/entities.ts';
import { tokenise } from '../../src/pipeline/text.ts';

describe('word lists from corpus/', () => {
  it('person-words.json: role words open a line of names, titles and organisation words are not names', () => {
    expect(namesInRoleLine('facil Marta K (UNDP) / notes Ana')).to.deep.equal(['Marta K', 'Ana']);
    expect(namesInRoleLine('Hosted by: Goran Petrović')).to.deep.equal(['Goran Petrović']);
    expect(namesInValue('Dr. Ana Lukić, UNICEF')).to.deep.equal(['Ana Lukić']);
    expect(TITLES.test('gđa')).to.equal(true);
    expect(NOT_A_NAME.test('Ministry')).to.equal(true);
    expect(NOT_A_NAME.test('Marta')).to.equal(false);
  });

  it('entity-words.json: the most specific organisation type first, whole words only', () => {
    expect(organisationKind("Women's Center Uzice")).to.equal('civil_society');
    expect(organisationKind('UNDP Country Office')).to.equal('international');
    expect(organisationKind('Ministry of Education')).to.equal('government');
    expect(organisationKind('Unionville')).to.equal(null);
  });

  it('entity-words.json: pronouns are trimmed from the ends of noun phrases', () => {
    const phrases = englishNounPhrases('They need something like better internet access.', new Set());
    // compromise reads "They" and "something" as nouns; the pronoun list drops them.
    expect(phrases).to.deep.equal(['better internet access']);
  });

  it('phrase-words.json: elided articles are cut off a word, other apostrophes stay', () => {
    expect(tokenise("l'accesso dell'acqua, don't")).to.deep.equal(['accesso', 'acqua', "don't"]);
  });
});

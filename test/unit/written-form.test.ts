// Tests for written forms: whether a word's writers capitalise it mid-sentence (writtenAsName), with and without the
// lower-cased texts that let it search with indexOf instead of a case-insensitive regex.
import { expect } from 'chai';
import { writtenAsName } from '../../src/pipeline/written-form.ts';

const lowered = (texts: string[]): string[] => texts.map((t) => t.toLowerCase().replaceAll('\u017f', 's'));

/** writtenAsName both ways; they must agree. */
function named(word: string, texts: string[]): boolean {
  const fast = writtenAsName(word, texts, lowered(texts));
  expect(writtenAsName(word, texts), `the regex and indexOf readings of "${word}" differ`).to.equal(fast);
  return fast;
}

describe('written form: writtenAsName', () => {
  it('is a name when its writers capitalise it mid-sentence more often than not', () => {
    expect(named('wordpress', ['We built it on Wordpress last year.', 'The Wordpress site is slow.', 'a wordpress plugin'])).to.equal(true);
    expect(named('online', ['We met Online once.', 'Training online works.', 'Most of it is online now.'])).to.equal(false);
  });

  it('does not count a capital at the start of a sentence, or the word inside a longer word', () => {
    expect(named('cocoa', ['Cocoa prices rose.', 'Farmers sell cocoa.'])).to.equal(false);
    expect(named('cocoa', ['The Cocoabean group met.', 'We buy cocoa.'])).to.equal(false);
    expect(named('cocoa', ['We grow Cocoa2 and cocoa.'])).to.equal(false);
  });

  it('finds what the case-insensitive regex finds: the long s, the Kelvin sign, a dotted capital I before the word', () => {
    // "ſ" folds to "s" and "K" (U+212A) to "k" in a case-insensitive Unicode regex; "İ" lower-cases to two characters.
    expect(named('skills', ['We need more Skills and ſkills.', 'Digital SKILLS too.'])).to.equal(true);
    expect(named('kit', ['A first-aid Kit for the KIT van.', 'İ said the Kit is here.'])).to.equal(true);
    expect(named('kit', ['İİ a kit, a kit, and the Kit.'])).to.equal(false);
    // A letter outside the Basic Multilingual Plane right before or after the word makes it part of a longer word.
    expect(named('ab', ['x 𝐀Ab and 𝐀Ab, Ab𝐀 too.'])).to.equal(false);
  });
});

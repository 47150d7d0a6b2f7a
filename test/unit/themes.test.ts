// Tests for the themes stage's terms: the parts of joined-up words count as terms of their own.
import { expect } from 'chai';
import { joinedParts } from '../../src/pipeline/themes.ts';
import { stemmerFor } from '../../src/pipeline/text.ts';

const stem = stemmerFor('en');
const stop = new Set(['the', 'of', 'and']);

describe('themes: joinedParts', () => {
  it('splits hashtags, brand names and code identifiers into stemmed parts', () => {
    expect(joinedParts('Posted under #DigitalInclusion', stem, stop)).to.deep.equal([stem('digital'), stem('inclusion')]);
    expect(joinedParts('We use WhatsApp groups', stem, stop)).to.deep.equal(['what', 'app']);
    expect(joinedParts('Display hidden characters in NSTextView', stem, stop)).to.deep.equal(['ns', 'text', 'view']);
    expect(joinedParts('the eGovernment portal', stem, stop)).to.deep.equal([stem('government')]);
  });

  it('leaves plain words, acronyms and plural acronyms alone', () => {
    expect(joinedParts('NGOs and CSOs asked UNDP about ICTs in schools', stem, stop)).to.deep.equal([]);
    expect(joinedParts('Digital inclusion matters', stem, stop)).to.deep.equal([]);
  });

  it('drops stop words and one-letter parts', () => {
    expect(joinedParts('TheCostOfData', stem, stop)).to.deep.equal([stem('cost'), stem('data')]);
    expect(joinedParts('QTreeWidgetItem', stem, stop)).to.deep.equal([stem('tree'), stem('widget'), stem('item')]);
  });
});

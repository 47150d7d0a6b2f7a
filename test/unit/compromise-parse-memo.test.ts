// compromise's match strings are parsed once (annotate/compromise.ts): what a call does with its parsed tokens must not
// reach the next call with the same string.
import { expect } from 'chai';
import { nlp, readWithCompromise } from '../../src/pipeline/annotate/compromise.ts';

describe('compromise: match strings parsed once', () => {
  it('gives each call its own tokens, equal to the first parse', () => {
    const parseMatch = (nlp().methods() as { one: { parseMatch: (s: string, o: object | undefined, w: unknown) => Record<string, unknown>[] } }).one.parseMatch;
    const world = nlp().world();
    const first = parseMatch('#Adjective+ [#Noun]', {}, world);
    first[first.length - 1]!.end = true;
    const second = parseMatch('#Adjective+ [#Noun]', {}, world);
    expect(second).to.not.equal(first);
    expect(second[second.length - 1]!.end).to.equal(undefined);
    expect(second.map((t) => t.tag)).to.deep.equal(first.map((t) => t.tag));
  });

  it('growLeft marking its pattern does not make a later match of the same string match only at the end', () => {
    // growLeft sets `end` on its pattern's last token; were that token shared, '#Adjective' would then match only
    // an adjective ending its sentence.
    nlp()('the cars were red').match('cars').growLeft('#Adjective');
    expect(nlp()('big red cars drive slowly').match('#Adjective').out('array')).to.deep.equal(['big', 'red']);
  });

  it('reads a text the same way every time', () => {
    const text = 'Local NGOs, like the Women’s Association in Prizren, should deliver the trainings, but they need stable funding.';
    const a = readWithCompromise(text);
    const b = readWithCompromise(text);
    expect(b).to.deep.equal(a);
    expect(a.nouns.length).to.be.greaterThan(0);
  });
});

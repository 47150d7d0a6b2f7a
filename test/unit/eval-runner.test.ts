// Tests for the evaluation data reader and runner: CSV filters, subsets, theming labelled texts and scoring them.
import { expect } from 'chai';
import { loadResources, type Resources } from '../../src/corpus.ts';
import { parseLabelledCsv } from '../../src/eval/data.ts';
import { agreement, OTHER, prepareSet, scoreSet, themeSet } from '../../src/eval/runner.ts';

const CSV = `id,text,label,group,n_labels
1,first,a,g1,1
2,second,b,g1,1
3,third,a,g1,2
4,fourth,c,g2,1
5,fifth,c,g2,1
6,,a,g1,1
7,seventh,b,g1,1
`;

describe('eval data: parseLabelledCsv', () => {
  it('reads id,text,label,group and skips rows without text', () => {
    const items = parseLabelledCsv(CSV);
    expect(items.map((x) => `${x.id}:${x.label}:${x.group}`)).to.deep.equal(['1:a:g1', '2:b:g1', '3:a:g1', '4:c:g2', '5:c:g2', '7:b:g1']);
  });

  it('filters rows by column value and drops groups with too few labels', () => {
    const items = parseLabelledCsv(CSV, { where: { n_labels: '1' }, minLabelsPerGroup: 2 });
    expect(items.map((x) => x.id)).to.deep.equal(['1', '2', '7']);
  });

  it('takes a stratified subset per group, labels in turn', () => {
    const items = parseLabelledCsv(CSV, { maxPerGroup: 2 });
    expect(items.map((x) => x.id)).to.deep.equal(['1', '2', '4', '5']);
  });

  it('without a group column everything is one group', () => {
    const items = parseLabelledCsv('id,text,label\nx,hello,a\n');
    expect(items).to.deep.equal([{ id: 'x', text: 'hello', label: 'a', group: 'all' }]);
  });

  it('names a missing column', () => {
    expect(() => parseLabelledCsv('id,label\n1,a\n')).to.throw(/needs a column "text"/);
  });
});

// Three themes a careful coder would separate, six answers each, written for this test.
const ANSWERS: Array<[string, string]> = [
  ['The bus to town runs only twice a day, so women cannot reach the training centre.', 'transport'],
  ['There is no bus from our village to the training centre in town.', 'transport'],
  ['Without a bus or a car the trip to town for training takes the whole day.', 'transport'],
  ['Transport to town is the problem: the bus is rare and expensive.', 'transport'],
  ['Women would attend training in town if there was a bus in the evening.', 'transport'],
  ['The last bus back from town leaves before the training ends.', 'transport'],
  ['Mobile data packages cost too much for poor households.', 'cost'],
  ['A smartphone and a data package cost more than a pension.', 'cost'],
  ['Families cannot pay for mobile data every month.', 'cost'],
  ['The cost of data packages keeps women offline.', 'cost'],
  ['Data is expensive, and the phone costs a month of income.', 'cost'],
  ['Poor households share one phone because data packages cost too much.', 'cost'],
  ['Girls receive threats and insults on social media after posting photos.', 'harassment'],
  ['Online harassment of girls on social media goes unpunished.', 'harassment'],
  ['Fake profiles with stolen photos are used to insult girls online.', 'harassment'],
  ['Girls close their social media accounts after threats and harassment.', 'harassment'],
  ['Nobody acts when girls report threats on social media.', 'harassment'],
  ['Harassment on social media makes girls afraid to post photos.', 'harassment'],
];

describe('eval runner: themeSet and scoreSet', function () {
  this.timeout(60_000);
  let resources: Resources;
  before(async () => {
    resources = await loadResources();
  });

  it('themes labelled answers with the engine and recovers three clear themes', () => {
    const set = prepareSet(ANSWERS.map(([text, label], i) => ({ id: `a${i + 1}`, text, label, group: 'q1' })), resources);
    const run = themeSet(set, resources, { seed: 42 });
    const score = scoreSet(set, run);
    expect(score.labels).to.equal(3);
    expect(score.themes).to.equal(3);
    expect(score.nmi).to.equal(1);
    expect(score.ari).to.equal(1);
    expect(score.f1).to.equal(1);
    expect(score.otherShare).to.equal(0);
    expect(run.every((p) => p !== OTHER && p !== null)).to.equal(true);
  });

  it('is stable across seeds and on a 90% subset', () => {
    const set = prepareSet(ANSWERS.map(([text, label], i) => ({ id: `a${i + 1}`, text, label, group: 'q1' })), resources);
    const a = themeSet(set, resources, { seed: 1 });
    const b = themeSet(set, resources, { seed: 2 });
    const sub = themeSet(set, resources, { seed: 1, share: 0.9 });
    expect(sub.filter((p) => p === null)).to.have.length(2);
    expect(agreement(set, a, b)).to.equal(1);
    expect(agreement(set, a, sub)).to.equal(1);
  });

  it('told the number of labels, finds exactly that many themes', () => {
    const set = prepareSet(ANSWERS.slice(0, 12).map(([text, label], i) => ({ id: `a${i + 1}`, text, label, group: 'q1' })), resources);
    const score = scoreSet(set, themeSet(set, resources, { seed: 42, k: 'truth' }));
    expect(score.themes).to.equal(2);
    expect(score.nmi).to.equal(1);
  });
});

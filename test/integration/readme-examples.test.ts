// The README's example outputs are a real run's: the sections `npm run readme-examples` writes must equal a fresh
// run of the command line on corpus/sample (always) and on the reference documents (when their folder exists).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { freshSections, README, readmeSections, seedsDir, withSections } from '../../scripts/readme-examples.ts';

describe('README example outputs (npm run readme-examples)', function () {
  this.timeout(300_000);
  const seeds = seedsDir();
  let fresh: Map<string, string>;
  const readme = readFileSync(README, 'utf8');

  before(async () => {
    fresh = await freshSections(seeds);
  });

  it('has every generated section between its markers, once', () => {
    expect([...readmeSections(readme).keys()].sort()).to.deep.equal(['sample-run', 'sample-tables', 'seeds-facts', 'seeds-tables']);
    for (const name of readmeSections(readme).keys()) expect(readme.split(`<!-- readme-examples:${name} -->`).length, name).to.equal(2);
  });

  it('shows the sample consultation as a fresh run prints and reports it', () => {
    const inReadme = readmeSections(readme);
    for (const name of ['sample-run', 'sample-tables']) expect(inReadme.get(name), `${name}: run npm run readme-examples`).to.equal(fresh.get(name));
    expect(fresh.get('sample-run')).to.match(/^Analysed \d+ document\(s\): \d+ segments/m);
  });

  it('shows the reference documents as a fresh run reports them (when ../shared/seeds or HARVEST_SEEDS_DIR exists)', function () {
    if (!seeds) this.skip();
    const inReadme = readmeSections(readme);
    for (const name of ['seeds-facts', 'seeds-tables']) expect(inReadme.get(name), `${name}: run npm run readme-examples`).to.equal(fresh.get(name));
  });

  it('rewrites only between the markers, and refuses a README without them', () => {
    const changed = new Map([['sample-run', 'new text']]);
    const rewritten = withSections(readme, changed);
    expect(readmeSections(rewritten).get('sample-run')).to.equal('new text');
    expect(rewritten.replace(/<!-- readme-examples:sample-run -->[\s\S]*?<!-- \/readme-examples:sample-run -->/, '')).to.equal(readme.replace(/<!-- readme-examples:sample-run -->[\s\S]*?<!-- \/readme-examples:sample-run -->/, ''));
    expect(() => withSections('# no markers', changed)).to.throw(/no <!-- readme-examples:sample-run -->/);
  });
});

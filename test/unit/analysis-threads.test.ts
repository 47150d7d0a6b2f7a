// The server's analysis threads get the resources in parts, each part once per thread (services/analysis-threads.ts).
import { expect } from 'chai';
import { loadResources } from '../../src/corpus.ts';
import { resourceParts, resourcesFromParts } from '../../src/services/analysis-threads.ts';

describe('analysis threads: resources sent once per thread', () => {
  it('sends each part the first time only; the thread rebuilds the resources from the parts it holds, the same objects', async () => {
    const resources = await loadResources();
    const holds = new Map<string, number>();
    const held = new Map<string, { id: number; value: unknown }>();
    const first = resourceParts(resources, holds);
    expect(Object.values(first).every((p) => 'value' in p)).to.equal(true);
    const rebuilt = resourcesFromParts(structuredClone(first), held);
    expect(rebuilt).to.deep.equal(resources);
    // The same resources again: only the plain values (the codebook's name) travel; the objects are the thread's own.
    const again = resourceParts(resources, holds);
    expect(Object.entries(again).filter(([, p]) => 'value' in p).map(([name]) => name)).to.deep.equal(['codebookName']);
    const second = resourcesFromParts(structuredClone(again), held);
    expect(second).to.deep.equal(resources);
    expect(second.categoryModel).to.equal(rebuilt.categoryModel);
    expect(second.stopwords).to.equal(rebuilt.stopwords);
    // A consultation's own codebook is a new part: sent, the rest not.
    const own = { ...resources, codebook: { ...resources.codebook, categories: resources.codebook.categories.slice(0, 2) } };
    const third = resourceParts(own, holds);
    expect(Object.entries(third).filter(([, p]) => 'value' in p).map(([name]) => name).sort()).to.deep.equal(['codebook', 'codebookName']);
    expect(resourcesFromParts(structuredClone(third), held).codebook).to.deep.equal(own.codebook);
    // A thread asked for a part it does not hold refuses the job (it cannot analyse with other resources).
    expect(() => resourcesFromParts(structuredClone(again), new Map())).to.throw(/does not hold/);
  });
});

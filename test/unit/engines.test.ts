// The Node versions the README promises (20, 22, 24): no installed package may say it needs another one (npm ci
// would warn EBADENGINE, and the package may use what Node 20 lacks). Read from the lock file, as CI installs it.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('engines: the Node versions Harvest supports', () => {
  it('every package of the lock file accepts Node 20, 22 and 24 (and so does Harvest)', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }> };
    const refused: string[] = [];
    for (const [where, pkg] of Object.entries(lock.packages)) {
      const range = pkg.engines && !Array.isArray(pkg.engines) ? pkg.engines.node : undefined;
      if (!range) continue;
      for (const node of ['20.19.0', '22.12.0', '24.0.0']) {
        if (!semver.satisfies(node, range, { includePrerelease: true })) refused.push(`${where || 'harvest'} wants node ${range}, not ${node}`);
      }
    }
    expect(refused).to.deep.equal([]);
  });
});

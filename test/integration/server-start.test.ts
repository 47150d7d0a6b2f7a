// `npm start` as the README's Quick start describes it: the server prints the address it listens on (it opens no
// browser), that address serves the app, and the data folder it creates is readable by its owner only.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './helpers.ts';

/** A port free at the time of asking. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('npm start (bin/server.js)', function () {
  this.timeout(120_000);
  let root: string;
  let child: ChildProcess | undefined;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'harvest-start-'));
  });
  after(async () => {
    child?.kill();
    if (child && child.exitCode === null) await new Promise((r) => child!.once('exit', r));
    await rm(root, { recursive: true, force: true });
  });

  it('prints the address it serves on, which answers, and creates the data folder 0700', async () => {
    const port = await freePort();
    const dataDir = path.join(root, 'data');
    child = spawn(process.execPath, [path.join(ROOT, 'bin/server.js')], { cwd: ROOT, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', HARVEST_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const line = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const m = /^Harvest is running on .*$/m.exec(out);
        if (m) resolve(m[0]);
      });
      child!.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${out}`)));
    });
    const address = /on (http:\/\/\S+\/) /.exec(line)![1]!;
    expect(address).to.equal(`http://127.0.0.1:${port}/`);
    const page = await fetch(address);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('<h1>Consultations</h1>');
    expect((await stat(dataDir)).mode & 0o777).to.equal(0o700);
    // The README says what a newcomer sees: the line printed, and no browser opened.
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const quick = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Command line'));
    expect(quick).to.contain('`npm start` does not open a browser');
    expect(quick).to.contain(`\`${line.slice(0, line.indexOf(' (')).replace(String(port), '3000')} ...\``);
  });
});

// `npm run fuzz`: a long fuzz run of the readers (FUZZ_ITERATIONS, FUZZ_SEED, FUZZ_PER_INPUT_MS); exits 1 on a crash or hang.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFuzz } from './fuzz.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const iterations = Number(process.env.FUZZ_ITERATIONS ?? 20_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const perInputMs = Number(process.env.FUZZ_PER_INPUT_MS ?? 10_000);

process.stdout.write(`Fuzzing the readers: ${iterations} inputs, seed ${seed} (replay with FUZZ_SEED=${seed})...\n`);
const t0 = Date.now();
const report = await runFuzz({ root: ROOT, seed, iterations, perInputMs });
process.stdout.write(
  `${report.inputs} inputs in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${report.read} read, refused ${JSON.stringify(report.refused)}, slowest ${report.slowestMs.toFixed(0)} ms\n`,
);
for (const f of report.failures) process.stdout.write(`FAILED (${f.kind}) input ${f.i} ${f.name} [${f.how}]: ${f.detail}\n`);
process.exitCode = report.failures.length ? 1 : 0;

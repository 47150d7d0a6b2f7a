// Loaded with `node --import` by bench/small.ts into each `harvest` run it times: at exit, the CPU seconds of the
// whole process (user + system, every thread, the worker threads included) on stderr, one line the bench reads.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeSync(2, `\nharvest-bench-cpu-s ${((user + system) / 1e6).toFixed(3)}\n`);
});

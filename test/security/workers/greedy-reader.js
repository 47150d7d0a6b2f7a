// A reader worker for tests that needs ever more memory for the file it reads, as a reader fed an expanding file would.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => {
  const held = [];
  for (;;) held.push(new Array(100_000).fill(1.5));
});
parentPort.postMessage('ready');

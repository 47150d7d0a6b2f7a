// A reader worker for tests that never answers: it starts on the file and loops, as a reader stalled by a hostile file would.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => {
  for (;;);
});
parentPort.postMessage('ready');

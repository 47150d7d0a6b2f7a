// Reader worker thread: loads the readers once, then reads each file posted to it (from its temporary file or bytes) and answers the document or the error.
import { parentPort } from 'node:worker_threads';
import { toAppError } from '../errors.ts';
import { ingestFile, ingestPath } from './index.ts';
import type { ReadRequest, ReadResult } from './read-pool.ts';

const port = parentPort!;
port.on('message', (req: ReadRequest) => {
  const reading = req.path !== undefined ? ingestPath(req.name, req.path, { limits: req.limits }) : ingestFile(req.name, req.bytes!, { limits: req.limits });
  reading.then(
    (doc) => port.postMessage({ id: req.id, ok: true, doc } satisfies ReadResult),
    (err: unknown) => {
      const e = toAppError(err, 'UNREADABLE_FILE', req.name);
      port.postMessage({ id: req.id, ok: false, code: e.code, message: e.message } satisfies ReadResult);
    },
  );
});
port.postMessage('ready');

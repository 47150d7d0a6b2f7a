// Work shared through a counter in shared memory: every thread takes the next batch of items from it, and the calling
// thread waits for the batches its helper threads have in hand. Layout of the Int32Array: [0] next item to take,
// [1] batches in progress in helper threads, [2] batches the helpers have posted.

/** A new counter's shared memory. */
export function newSharedCounter(): SharedArrayBuffer {
  return new SharedArrayBuffer(12);
}

/**
 * A helper thread's side: take batches of `batch` items (of `n`) until none is left, calling `post(start)` for each
 * (which does the batch and posts its result). The caller sees each batch as in progress before it is taken.
 */
export function takeBatchesAsHelper(control: SharedArrayBuffer, n: number, batch: number, post: (start: number) => void): void {
  const ctrl = new Int32Array(control);
  for (;;) {
    Atomics.add(ctrl, 1, 1);
    const start = Atomics.add(ctrl, 0, batch);
    if (start >= n) {
      Atomics.sub(ctrl, 1, 1);
      Atomics.notify(ctrl, 1);
      return;
    }
    post(start);
    Atomics.add(ctrl, 2, 1);
    Atomics.sub(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
}

/**
 * The calling thread's side, once it finds no batch left: wait until the helpers have posted the batches they
 * took. False when they posted nothing for `stallMs` (the caller then does what is missing itself).
 */
export function waitForHelpers(control: SharedArrayBuffer, stallMs: number): boolean {
  const ctrl = new Int32Array(control);
  let posted = Atomics.load(ctrl, 2);
  let lastProgress = Date.now();
  for (let busy = Atomics.load(ctrl, 1); busy > 0; busy = Atomics.load(ctrl, 1)) {
    Atomics.wait(ctrl, 1, busy, 500);
    const now = Atomics.load(ctrl, 2);
    if (now !== posted) {
      posted = now;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > stallMs) {
      return false;
    }
  }
  return true;
}

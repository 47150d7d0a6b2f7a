// V8 settings of the `harvest` command and `npm start`, set before any of Harvest's modules loads (they apply to
// the worker threads too). They change how fast the code runs, never what it computes.
//
// --no-regexp-tier-up: compile each regular expression to machine code at once. By default V8 first compiles it to
// bytecode and interprets it, then compiles it again to machine code once it has run; Harvest's hundreds of
// Unicode, case-insensitive regexes (codebook patterns, sentence cues, names) nearly all run many times, so the
// first compilation is wasted: about 0.5 s of CPU on a 266-segment analysis (docs/performance.md).
//
// --interrupt-budget (4 times V8's 67584): a function has to run four times as long before V8 has TurboFan optimise
// it. In a run of a few seconds V8 otherwise optimises hundreds of functions that barely run again (about 1.1 s of
// compiler-thread CPU on the five reference documents); the hot loops still get optimised early in a long run.
// About 0.5-0.8 s less CPU on the reference documents and the sample, the main thread's time about the same.
// Node 22 and 24 (V8 12 and 13) have no such flag (V8 prints "unrecognized flag" for it), so it is set on Node 20 only.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-regexp-tier-up');
if (Number(process.versions.v8.split('.')[0]) < 12) setFlagsFromString('--interrupt-budget=270336');

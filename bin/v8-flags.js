// V8 settings of the `harvest` command and `npm start`, set before any of Harvest's modules loads (they apply to
// the worker threads too). They change how fast the code runs, never what it computes.
//
// --no-regexp-tier-up: compile each regular expression to machine code at once. By default V8 first compiles it to
// bytecode and interprets it, then compiles it again to machine code once it has run; Harvest's hundreds of
// Unicode, case-insensitive regexes (codebook patterns, sentence cues, names) nearly all run many times, so the
// first compilation is wasted: about 0.5 s of CPU on a 266-segment analysis (docs/performance.md).
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-regexp-tier-up');

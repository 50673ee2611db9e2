#!/usr/bin/env node
// Pass 1 is a short cold run through a few hundred small, mutually recursive functions. With
// TurboFan's inlining each of them is optimized into a large graph several times over (again
// after every deoptimization of anything inlined), which costs a 1 MiB script about a quarter of
// its CPU time; without it V8 compiles small functions once. The flag is read per compilation,
// so it is set before the CLI is loaded.
import v8 from 'node:v8';

v8.setFlagsFromString('--no-turbo-inlining');
const { main } = await import('../dist/src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));

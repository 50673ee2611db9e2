#!/usr/bin/env node
// Pass 1 is a short cold run through a few hundred small, mutually recursive functions. With
// TurboFan's inlining each of them is optimized into a large graph several times over (again
// after every deoptimization of anything inlined), which costs a 1 MiB script about a quarter of
// its CPU time; without it V8 compiles small functions once. The flag is read per compilation,
// so it is set before the CLI is loaded.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

const NO_INLINING = '--no-turbo-inlining';
v8.setFlagsFromString(NO_INLINING);

// `npm run build` bundles the compiled modules into one script (esbuild), which starts in a
// fraction of the time 200 ES modules take to resolve and compile, and saves V8's code cache for
// it after a warm-up run, so that most of it is not even compiled. A bundle older than the
// modules (a `tsc` run since) is stale: the modules are used then, as with TSTAP_UNBUNDLED set.
const modules = new URL('../dist/src/cli/main.js', import.meta.url);
const bundleFile = fileURLToPath(new URL('../dist/bundle/tstap.cjs', import.meta.url));
const cacheFile = `${bundleFile}.cache`;
const writeCache = process.env.TSTAP_WRITE_CODE_CACHE !== undefined;
const builtAt = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;

/** The bundle's `main`, compiled with its code cache when that is current (V8 checks it too). */
function loadBundle() {
  const source = readFileSync(bundleFile, 'utf8');
  let cachedData;
  if (!writeCache && builtAt(cacheFile) >= builtAt(bundleFile)) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {}
  }
  // The CommonJS wrapper, strict as the ES modules it came from; the bundle's `import.meta.url`
  // (package-info.ts finds the package root three levels up) is the last parameter.
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname, __tstapModuleUrl) {"use strict";${source}\n})`,
    { filename: bundleFile, cachedData },
  );
  const dir = path.dirname(bundleFile);
  const module = { exports: {} };
  script.runInThisContext()(
    module.exports,
    createRequire(bundleFile),
    module,
    bundleFile,
    dir,
    pathToFileURL(path.join(dir, 'cli', 'package-info.js')).href,
  );
  return { main: module.exports.main, script };
}

const useBundle = process.env.TSTAP_UNBUNDLED === undefined && builtAt(bundleFile) >= builtAt(modules);
const { main, script } = useBundle ? loadBundle() : await import(modules.href);
const status = await main(process.argv.slice(2));

if (writeCache && script !== undefined) {
  // The cache is only accepted under the flags it was made with: those of the load.
  v8.setFlagsFromString(NO_INLINING);
  writeFileSync(cacheFile, script.createCachedData());
}

// Everything is done once main returns (a kernel session has closed all it opened). Exiting now
// skips Node's teardown of the environment, 15–25 ms or more after a kernel session, once
// stdout and stderr have taken all that was written to them.
await Promise.all(
  [process.stdout, process.stderr].map((stream) =>
    stream.writableLength === 0 ? undefined : new Promise((resolve) => stream.write('', resolve)),
  ),
);
process.exit(status);

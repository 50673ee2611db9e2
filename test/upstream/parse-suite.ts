/**
 * Runs SystemTap's own exit-status suites against tstap, judged as upstream judges them
 * (testsuite/systemtap.pass1-4/parseok.exp, parseko.exp, semok.exp, semko.exp):
 *
 *   - every `SUITE/*.stp` whose first line is `#! stap ARGS` is run as `tstap ARGS FILE`;
 *   - a `…ok` file passes when tstap exits 0, a `…ko` file when it exits non-zero;
 *   - `--suites=semok,semko` picks the suites (default parseok,parseko); for a failing `…ok` file
 *     whose probe point names a family tstap does not have yet, the report says so;
 *   - a crash (signal, timeout, or tstap's own internal error) fails either way.
 *
 * Files that are shell drivers (`#!/bin/sh` …) call `stap` themselves; with `--shell` they are
 * run too, with a `stap` on PATH that runs tstap.
 *
 * Not part of `npm test` (upstream's suite is not in this repository). Usage:
 *
 *     node dist/test/upstream/parse-suite.js [--shell] [--verbose] [--timeout=SECS] TESTSUITE_DIR [NAME...]
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const tstapBin = path.join(repoRoot, 'bin', 'tstap.js');

/** tstap's exit status for its own bugs (see src/cli/main.ts). */
const INTERNAL_ERROR_STATUS = 70;

/** A testsuite directory; names ending in `ok` must pass, in `ko` must fail. */
type Suite = string;

interface Case {
  readonly suite: Suite;
  readonly file: string;
  /** `#! stap ARGS` files: the ARGS. Shell drivers: their interpreter. */
  readonly how:
    | { readonly kind: 'stap'; readonly args: string[] }
    | { readonly kind: 'shell'; readonly shell: string };
}

interface Outcome {
  readonly status: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly stderr: string;
}

interface Settings {
  readonly suites: readonly Suite[];
  readonly testsuite: string;
  readonly names: readonly string[];
  readonly shell: boolean;
  readonly verbose: boolean;
  readonly timeoutMs: number;
}

function parseArgs(argv: readonly string[]): Settings | undefined {
  let shell = false;
  let verbose = false;
  let timeoutMs = 60_000;
  let suites: Suite[] = ['parseok', 'parseko'];
  const positional: string[] = [];
  for (const a of argv) {
    if (a === '--shell') shell = true;
    else if (a.startsWith('--suites=')) suites = a.slice('--suites='.length).split(',');
    else if (a === '--verbose' || a === '-v') verbose = true;
    else if (a.startsWith('--timeout=')) timeoutMs = Number(a.slice('--timeout='.length)) * 1000;
    else positional.push(a);
  }
  const [testsuite, ...names] = positional;
  if (testsuite === undefined || !(timeoutMs > 0)) return undefined;
  return { suites, testsuite, names, shell, verbose, timeoutMs };
}

/** The cases of one suite, sorted like upstream's `lsort [glob *.stp]`. */
function collect(testsuite: string, suite: Suite, names: readonly string[]): Case[] {
  const dir = path.join(testsuite, suite);
  const out: Case[] = [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.stp'))
    .sort();
  for (const name of files) {
    if (names.length > 0 && !names.some((n) => n.replace(/\.stp$/, '') === name.replace(/\.stp$/, '')))
      continue;
    const file = path.join(dir, name);
    const first = readFileSync(file, 'utf8').split('\n')[0] ?? '';
    // upstream: regexp {\#! stap (.*)}; Tcl's eval splits the ARGS on blanks.
    const stap = /#! stap (.*)/.exec(first);
    if (stap) {
      out.push({ suite, file, how: { kind: 'stap', args: stap[1]!.split(/\s+/).filter((w) => w !== '') } });
      continue;
    }
    const interp = /^#!\s*(\S+)/.exec(first);
    out.push({ suite, file, how: { kind: 'shell', shell: interp?.[1] ?? '/bin/sh' } });
  }
  return out;
}

/** A directory holding a `stap` that runs tstap, for the shell drivers. */
function makeStapShim(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tstap-shim-'));
  const shim = path.join(dir, 'stap');
  writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${tstapBin}' "$@"\n`);
  chmodSync(shim, 0o755);
  return dir;
}

function run(c: Case, settings: Settings, shimDir: string): Promise<Outcome> {
  const [command, args] =
    c.how.kind === 'stap' ? [process.execPath, [tstapBin, ...c.how.args, c.file]] : [c.how.shell, [c.file]];
  const env = {
    ...process.env,
    PATH: `${shimDir}:${process.env.PATH ?? ''}`,
    // unparser.stp and friends look for the sources here.
    SRCDIR: path.dirname(path.resolve(settings.testsuite)),
  };
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: path.dirname(c.file),
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, settings.timeoutMs);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, timedOut, stderr });
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ status: null, signal: null, timedOut: false, stderr: String(e) });
    });
  });
}

/** Upstream's verdict, plus ours on crashes. Returns why it failed, or undefined if it passed. */
function judge(c: Case, o: Outcome): string | undefined {
  if (o.timedOut) return 'timed out';
  if (o.signal !== null) return `killed by ${o.signal}`;
  if (o.status === INTERNAL_ERROR_STATUS || o.stderr.includes('tstap: internal error'))
    return 'tstap crashed';
  if (c.suite.endsWith('ok')) {
    if (o.status === 0) return undefined;
    const family = /while resolving probe point: identifier '([^']*)'/.exec(o.stderr);
    return family
      ? `exit ${o.status}, expected 0 (probe family '${family[1]}' not available)`
      : `exit ${o.status}, expected 0`;
  }
  return o.status !== 0 ? undefined : 'exit 0, expected non-zero';
}

async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (t: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface Tally {
  passed: number;
  total: number;
}

async function mainRunner(argv: readonly string[]): Promise<number> {
  const settings = parseArgs(argv);
  if (settings === undefined) {
    // Under `node --test` (which picks up every file below a test/ directory) there is nothing to do.
    if (process.env.NODE_TEST_CONTEXT !== undefined) return 0;
    process.stderr.write(
      'usage: node dist/test/upstream/parse-suite.js [--shell] [--verbose] [--timeout=SECS] TESTSUITE_DIR [NAME...]\n',
    );
    return 2;
  }
  const cases = settings.suites.flatMap((suite) => collect(settings.testsuite, suite, settings.names));
  const runnable = cases.filter((c) => c.how.kind === 'stap' || settings.shell);
  const shimDir = makeStapShim();
  const outcomes = await mapConcurrent(runnable, Math.max(1, os.availableParallelism()), (c) =>
    run(c, settings, shimDir),
  );

  const tally = new Map<string, Tally>();
  const count = (key: string, passed: boolean) => {
    const t = tally.get(key) ?? { passed: 0, total: 0 };
    t.total++;
    if (passed) t.passed++;
    tally.set(key, t);
  };
  let familyMissing = 0;
  runnable.forEach((c, i) => {
    const o = outcomes[i]!;
    const why = judge(c, o);
    count(c.how.kind === 'stap' ? c.suite : `shell ${c.suite}`, why === undefined);
    if (why === undefined) return;
    if (why.includes('not available')) familyMissing++;
    const rel = path.relative(settings.testsuite, c.file);
    const how = c.how.kind === 'stap' ? `tstap ${c.how.args.join(' ')}` : c.how.shell;
    process.stdout.write(`FAIL ${rel} (${how}): ${why}\n`);
    if (settings.verbose && o.stderr !== '') {
      process.stdout.write(`${o.stderr.replace(/^/gm, '    | ').trimEnd()}\n`);
    }
  });
  const line = (prefix: string) =>
    settings.suites
      .map((s) => {
        const t = tally.get(`${prefix}${s}`) ?? { passed: 0, total: 0 };
        return `${s}: ${t.passed}/${t.total} passed`;
      })
      .join(', ');
  process.stdout.write(`${line('')}\n`);
  if (familyMissing > 0) {
    process.stdout.write(`(${familyMissing} of the failures name a probe family tstap does not have yet)\n`);
  }
  const skipped = cases.length - runnable.length;
  if (settings.shell) process.stdout.write(`shell drivers: ${line('shell ')}\n`);
  else if (skipped > 0) {
    process.stdout.write(`(${skipped} shell-driver files not run; add --shell to run them)\n`);
  }
  const failed = runnable.length - outcomes.filter((o, i) => judge(runnable[i]!, o) === undefined).length;
  return failed === 0 ? 0 : 1;
}

process.exitCode = await mainRunner(process.argv.slice(2));

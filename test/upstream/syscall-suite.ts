/**
 * Runs upstream SystemTap's syscall tests (testsuite/systemtap.syscall/*.c) against tstap's
 * `syscall.*` family, judged as upstream's driver (test.tcl) judges them: each C program is built
 * with gcc (64-bit, `-lrt -Wno-stringop-overflow`) and run under `tstap -c` in an empty directory
 * with a script that prints every syscall of the target as `EXECNAME: NAME (ARGSTR) = RETSTR`;
 * the program's `//staptest//` lines (after `gcc -E -C -P`) become regexes (NNNN, XXXX, [[[[,
 * ]]]], !!!! and quoting as test.tcl does) that must match output lines in order. Prints
 * matched/total expectations per program and overall. Not part of `npm test`.
 *
 *     node dist/test/upstream/syscall-suite.js [--upstream DIR] [--filter SUBSTR] [--jobs N]
 *         [--timeout SECONDS] [--tstap PATH/bin/tstap.js] [--verbose]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Args {
  upstream: string;
  filter: string | undefined;
  verbose: boolean;
  timeoutMs: number;
  jobs: number;
  /** The CLI to run (another checkout's `bin/tstap.js`, e.g. a stable snapshot). */
  tstap: string;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = {
    upstream: '/work/upstream',
    filter: undefined,
    verbose: false,
    timeoutMs: 60_000,
    jobs: 1,
    tstap: path.join(repoRoot, 'bin', 'tstap.js'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--upstream') a.upstream = argv[++i] ?? a.upstream;
    else if (arg === '--filter') a.filter = argv[++i];
    else if (arg === '--verbose' || arg === '-v') a.verbose = true;
    else if (arg === '--timeout') a.timeoutMs = Number(argv[++i] ?? '60') * 1000;
    else if (arg === '--jobs' || arg === '-j') a.jobs = Math.max(1, Number(argv[++i] ?? '1'));
    else if (arg === '--tstap') a.tstap = path.resolve(argv[++i] ?? a.tstap);
  }
  return a;
}

/**
 * Our sys.stp: the target's syscalls, entry and return on one line (upstream filters by a procfs
 * pid). A call whose return never shows (rt_sigreturn: the tracepoint sees it as syscall -1) gets
 * its line ended before the thread's next call, so it does not hide that one.
 */
const SCRIPT = `global pending
probe syscall.* ? {
  if (pid() == target()) {
    if (pending[tid()])
      printf("\\n")
    printf("%s: %s (%s) = ", execname(), name, argstr)
    if (name == "exit_group" || name == "exit")
      printf("?\\n")
    else
      pending[tid()] = 1
  }
}
probe syscall.*.return ? {
  if (pid() == target()) {
    printf("%s\\n", retstr)
    delete pending[tid()]
  }
}
`;

/** The compile flags test.tcl adds for a 64-bit run. */
const CFLAGS = ['-m64', '-lrt', '-Wno-stringop-overflow'];

/** One `//staptest//` line as test.tcl turns it into a regular expression (Tcl ARE, as JS). */
export function expectationRegex(testName: string, line: string): string {
  // execname() is the first 15 characters of the program name.
  let re = `^${testName.slice(0, 15)}: ${line.replace('//staptest//', '').trimStart()}`;
  re = re.replace(/\(/g, '\\(').replace(/\)/g, '\\)').replace(/\|/g, '\\|');
  re = re.replace(/\[\[\[\[/g, '(').replace(/\]\]\]\]/g, ')');
  re = re.replace(/!!!!/g, '|');
  re = re.replace(/NNNN/g, '[\\-0-9]+').replace(/XXXX/g, '[x0-9a-fA-F]+');
  return re;
}

/** The expectations of a test program: its preprocessed `//staptest//` lines, in order. */
export function expectations(testName: string, preprocessed: string): string[] {
  return preprocessed
    .split('\n')
    .filter((l) => l.includes('//staptest//'))
    .map((l) => expectationRegex(testName, l));
}

/** How many expectations match output lines in order (test.tcl's loop). */
export function matchInOrder(
  patterns: readonly string[],
  output: string,
): { matched: number; badRegex: string | undefined } {
  let i = 0;
  let badRegex: string | undefined;
  const compiled: (RegExp | undefined)[] = patterns.map((p) => {
    try {
      return new RegExp(p);
    } catch {
      badRegex ??= p;
      return undefined;
    }
  });
  for (const line of output.split('\n')) {
    if (i >= patterns.length) break;
    const re = compiled[i];
    if (re?.test(line)) i++;
  }
  return { matched: i, badRegex };
}

interface Outcome {
  readonly name: string;
  readonly total: number;
  readonly matched: number;
  /** Why nothing could be judged, or the first unmatched expectation. */
  readonly note: string;
  readonly output: string;
  readonly ms: number;
}

function compile(file: string, exe: string): string | undefined {
  const res = spawnSync('gcc', ['-o', exe, file, ...CFLAGS], { encoding: 'utf8' });
  return res.status === 0 ? undefined : (res.stderr.split('\n').find((l) => /error/.test(l)) ?? 'gcc failed');
}

function runUnderTstap(
  tstap: string,
  exe: string,
  cwd: string,
  scriptFile: string,
  timeoutMs: number,
): Promise<{ out: string; err: string; timedOut: boolean }> {
  const argv = [tstap, '-c', exe, scriptFile];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGINT');
      setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 3000);
    }, timeoutMs);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ out, err, timedOut });
    });
  });
}

async function runOne(file: string, work: string, scriptFile: string, args: Args): Promise<Outcome> {
  const name = path.basename(file, '.c');
  const start = Date.now();
  const pre = spawnSync('gcc', ['-E', '-C', '-P', '-m64', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const patterns = expectations(name, pre.stdout ?? '');
  const base = { name, total: patterns.length, output: '' };
  if (patterns.length === 0) return { ...base, matched: 0, note: 'unsupported (no expectations)', ms: 0 };
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  const exe = path.join(dir, name);
  const gccError = compile(file, exe);
  if (gccError !== undefined)
    return { ...base, matched: 0, note: `untested: ${gccError}`, ms: Date.now() - start };
  // Upstream runs each program in an empty directory.
  const cwd = path.join(dir, 'cwd');
  mkdirSync(cwd);
  const { out, err, timedOut } = await runUnderTstap(args.tstap, exe, cwd, scriptFile, args.timeoutMs);
  const { matched, badRegex } = matchInOrder(patterns, out);
  let note = '';
  if (matched < patterns.length) {
    const firstErr = err.split('\n').find((l) => /error|ERROR/.test(l));
    note =
      badRegex !== undefined && patterns[matched] === badRegex
        ? `bad regex: ${badRegex}`
        : `first unmatched: ${patterns[matched]}`;
    if (timedOut) note = `timeout; ${note}`;
    if (out.trim() === '' && firstErr !== undefined) note = firstErr.trim();
  }
  return {
    name,
    total: patterns.length,
    matched,
    note,
    output: `${out}${err === '' ? '' : `--- stderr ---\n${err}`}`,
    ms: Date.now() - start,
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const dir = path.join(args.upstream, 'testsuite', 'systemtap.syscall');
  if (!existsSync(dir)) {
    process.stderr.write(`syscall-suite: no ${dir}\n`);
    return 2;
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.c') && (args.filter === undefined || f.includes(args.filter)))
    .sort()
    .map((f) => path.join(dir, f));
  const work = mkdtempSync(path.join(os.tmpdir(), 'tstap-syscall-suite-'));
  const scriptFile = path.join(work, 'sys.stp');
  writeFileSync(scriptFile, SCRIPT);
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++];
      if (file === undefined) break;
      const o = await runOne(file, work, scriptFile, args);
      outcomes.push(o);
      const pct = o.total === 0 ? '' : ` (${((100 * o.matched) / o.total).toFixed(0)}%)`;
      process.stdout.write(
        `${o.name}: ${o.matched}/${o.total}${pct} ${(o.ms / 1000).toFixed(1)}s${o.note === '' ? '' : `  ${o.note}`}\n`,
      );
      if (args.verbose && o.matched < o.total) process.stdout.write(`${o.output.replace(/^/gm, '    ')}\n`);
    }
  };
  await Promise.all(Array.from({ length: args.jobs }, worker));
  const total = outcomes.reduce((n, o) => n + o.total, 0);
  const matched = outcomes.reduce((n, o) => n + o.matched, 0);
  const fullPass = outcomes.filter((o) => o.total > 0 && o.matched === o.total).length;
  const judged = outcomes.filter((o) => o.total > 0).length;
  process.stdout.write(
    `\nsyscall-suite: ${matched}/${total} expectations matched (${total === 0 ? 0 : ((100 * matched) / total).toFixed(1)}%), ` +
      `${fullPass}/${judged} programs fully matched\n`,
  );
  if (!args.verbose) rmSync(work, { recursive: true, force: true });
  else process.stdout.write(`work directory kept: ${work}\n`);
  return 0;
}

// A report run by hand, not a test: `node --test dist/` finds it under test/ and must skip it.
if (
  process.env.NODE_TEST_CONTEXT === undefined &&
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${String(e)}\n`);
      process.exit(2);
    },
  );
}

/**
 * Runs upstream SystemTap's BPF-backend scripts (testsuite/systemtap.bpf/bpf_tests/*.stp) against
 * tstap, judged as upstream's bpf.exp judges them: the output must show `BEGIN`, then `END PASS`
 * (or, for the few tests with an expected string, that string followed by `END`); `END FAIL` (or a
 * bare `END`) is a failure, and so is a timeout, a semantic error or an exit before BEGIN.
 *
 *     node dist/test/upstream/bpf-tests.js [--upstream DIR] [--filter SUBSTR] [--timeout SEC]
 *         [--jobs N] [--verbose]
 *
 * Each script is run from a temporary copy in which its `kernel.function("vfs_read")` trigger is
 * replaced by `kernel.trace("syscalls:sys_enter_read")` (and `.return` by `sys_exit_read`), with
 * `-x 12345` as upstream passes. A background `cat /etc/hostname` loop keeps read(2) firing. Needs
 * root (the probes load real BPF). Not part of `npm test`: it exits at once under `node --test`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Args {
  upstream: string;
  filter: string | undefined;
  timeoutMs: number;
  jobs: number;
  verbose: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = {
    upstream: '/work/upstream',
    filter: undefined,
    timeoutMs: 15_000,
    jobs: 2,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--upstream') a.upstream = argv[++i] ?? a.upstream;
    else if (arg === '--filter') a.filter = argv[++i];
    else if (arg === '--timeout') a.timeoutMs = Number(argv[++i] ?? '15') * 1000;
    else if (arg === '--jobs') a.jobs = Math.max(1, Number(argv[++i] ?? '2') || 1);
    else if (arg === '--verbose' || arg === '-v') a.verbose = true;
  }
  return a;
}

/** bpf.exp's get_output_str: a regular expression that must precede `END`. */
function expectedString(test: string): string {
  if (test === 'printf.stp') return 'abcd123456'.repeat(3);
  if (test === 'sprintf.stp') return '0123456789'.repeat(2);
  if (test === 'string1.stp')
    return 'begin\\[str0str1str2str3\\]probe\\[str0str1str2str3\\]end\\[str0str1str2str3\\]';
  if (/^string.*\.stp$/.test(test))
    return 'probe0\\[str0str1str2str3\\]probe1\\[str0str1str2str3\\]end\\[str0str1str2str3\\]';
  if (test === 'target.stp') return '[12345]';
  return '';
}

/** bpf.exp's extra options. */
function options(test: string): string[] {
  const opts = ['-x', '12345'];
  if (test === 'cast_op_tracepoint.stp' || test === 'reg_alloc3.stp' || test === 'tracepoint1.stp')
    opts.push('--compatible=4.1');
  return opts;
}

/** The trigger substitution. */
export function rewrite(src: string): string {
  return src
    .replace(/kernel\.function\("vfs_read"\)\.return/g, 'kernel.trace("syscalls:sys_exit_read")')
    .replace(/kernel\.function\("vfs_read"\)/g, 'kernel.trace("syscalls:sys_enter_read")');
}

interface Outcome {
  readonly name: string;
  readonly pass: boolean;
  /** Why it failed (one line), '' when it passed. */
  readonly reason: string;
  readonly output: string;
  readonly ms: number;
}

/** upstream's verdict on the combined output. */
export function judge(test: string, output: string, timedOut: boolean): { pass: boolean; why: string } {
  if (/semantic error:/.test(output.split('BEGIN')[0] ?? '')) return { pass: false, why: 'compilation' };
  const at = output.indexOf('BEGIN');
  if (at < 0) return { pass: false, why: timedOut ? 'timeout (startup)' : 'eof (startup): no BEGIN' };
  const rest = output.slice(at + 5);
  if (/stack smashing detected/.test(rest)) return { pass: false, why: 'stack smashing detected' };
  const want = expectedString(test);
  const pass = new RegExp(want === '' ? 'END PASS' : `${want}END`);
  const fail = new RegExp(want === '' ? 'END FAIL' : 'END');
  if (pass.test(rest)) return { pass: true, why: '' };
  if (fail.test(rest)) return { pass: false, why: want === '' ? 'END FAIL' : 'incorrect output before END' };
  return { pass: false, why: timedOut ? 'timeout (shutdown)' : 'eof (shutdown): no END' };
}

/** The first line that says what went wrong, for the report. */
function firstError(stderr: string, stdout: string, why: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    // The context line says where, the next one what; a Node crash's first line is its source.
    .filter((l) => !/^semantic error: while processing probe|^file:\/\/|^\^+$/.test(l));
  const err =
    lines.find((l) => /^[A-Za-z]*Error\b/.test(l)) ??
    lines.find((l) => /error|ERROR/.test(l)) ??
    lines.find((l) => /WARNING/.test(l) && !/RLIMIT_MEMLOCK/.test(l)) ??
    lines.find((l) => l !== '');
  if (err !== undefined) return err;
  const out = stdout.trim().replace(/\s+/g, ' ');
  return `${why}; stdout: ${out === '' ? '(empty)' : out.slice(0, 160)}`;
}

function runOne(file: string, tmp: string, args: Args): Promise<Outcome> {
  const name = path.basename(file);
  const copy = path.join(tmp, name);
  writeFileSync(copy, rewrite(readFileSync(file, 'utf8')));
  const argv = [path.join(repoRoot, 'bin', 'tstap.js'), ...options(name), copy];
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      output += d.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGINT');
      setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 3000);
    }, args.timeoutMs);
    child.on('close', () => {
      clearTimeout(timer);
      const v = judge(name, output, timedOut);
      resolve({
        name,
        pass: v.pass,
        reason: v.pass ? '' : firstError(stderr, stdout, v.why),
        output,
        ms: Date.now() - start,
      });
    });
  });
}

/** A failure reason with the script-specific parts (locations, names, numbers) blurred. */
function group(reason: string): string {
  return reason
    .replace(/\/tmp\/[^\s:]+/g, 'FILE')
    .replace(/at FILE:\d+:\d+/g, 'at FILE')
    .replace(/:\d+:\d+/g, '')
    .replace(/\b\d+\b/g, 'N')
    .replace(/stdout: .*/, 'stdout: …')
    .slice(0, 140);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const dir = path.join(args.upstream, 'testsuite', 'systemtap.bpf', 'bpf_tests');
  if (!existsSync(dir)) {
    process.stderr.write(`bpf-tests: no ${dir}\n`);
    return 2;
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.stp') && (args.filter === undefined || f.includes(args.filter)))
    .sort()
    .map((f) => path.join(dir, f));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tstap-bpf-tests-'));
  // Keeps read(2) firing for the scripts that wait for one.
  const reader: ChildProcess = spawn(
    'sh',
    ['-c', 'while :; do cat /etc/hostname > /dev/null; sleep 0.05; done'],
    {
      stdio: 'ignore',
    },
  );
  const outcomes: Outcome[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const o = await runOne(files[i]!, tmp, args);
      outcomes[i] = o;
      process.stdout.write(`${o.pass ? 'PASS' : 'FAIL'}: ${o.name}${o.pass ? '' : ` — ${o.reason}`}\n`);
      if (!o.pass && args.verbose) process.stdout.write(`${o.output.trimEnd()}\n---\n`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(args.jobs, files.length) }, worker));
  } finally {
    if (reader.pid !== undefined) reader.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  }
  const passed = outcomes.filter((o) => o.pass).length;
  process.stdout.write(`\n# ${passed} of ${outcomes.length} passed\n`);
  const groups = new Map<string, string[]>();
  for (const o of outcomes) {
    if (o.pass) continue;
    const g = group(o.reason);
    groups.set(g, [...(groups.get(g) ?? []), o.name]);
  }
  if (groups.size > 0) {
    process.stdout.write('# failures by reason:\n');
    for (const [g, names] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
      process.stdout.write(`#   ×${names.length} ${g}\n#       ${names.join(' ')}\n`);
    }
  }
  return passed === outcomes.length ? 0 : 1;
}

if (process.env.NODE_TEST_CONTEXT === undefined) process.exitCode = await main();

/**
 * Declarative runtime tests: every `test/runtime/*.t` file holds tests in this form
 *
 *     NAME division by zero blames the operator
 *     ARGS -DMAXERRORS=1            (optional: tstap options, split on blanks, '…' quotes)
 *     PROG                          (the script, run with `-e`, so its file name is <input>)
 *     probe begin { println(1/0) }
 *     EXPECT                        (exact stdout; every line ends with a newline)
 *     EXPECT_STDERR                 (exact stderr; absent means stderr must be empty)
 *     ERROR: division by 0 near operator '/' at <input>:1:24 in probe begin
 *     EXIT 1                        (optional: expected exit status, 0 by default)
 *     TIMEOUT 20                    (optional: seconds)
 *     REQUIRES bpf ringbuf perl     (optional: root, perl, gcc, sdt, or kernel feature names as
 *                                    `--dump-features` lists them; a test whose requirement is
 *                                    missing is skipped with the reason printed)
 *     SETUP                         (optional: a shell script run first in test/runtime, e.g.
 *     gcc -o /tmp/x x.c             to build a program the test traces; failing fails the test)
 *
 * A section ends at the next keyword line; its trailing blank lines are dropped. The text
 * `<blank>` is deleted wherever it appears: alone on a line it keeps an empty line that must
 * stay (after a histogram), at a line's end it makes trailing blanks visible. Lines
 * starting with `#` outside sections are comments. Each test spawns `node bin/tstap.js` and
 * compares output byte for byte.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const testDir = path.join(repoRoot, 'test', 'runtime');
const tstap = path.join(repoRoot, 'bin', 'tstap.js');

export interface RuntimeTest {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly args: readonly string[];
  readonly prog: string;
  readonly expect: string;
  readonly expectStderr: string;
  readonly exit: number;
  readonly timeoutSecs: number;
  readonly requires: readonly string[];
  readonly setup: string;
}

const KEYWORDS = new Set([
  'NAME',
  'ARGS',
  'PROG',
  'EXPECT',
  'EXPECT_STDERR',
  'EXIT',
  'TIMEOUT',
  'REQUIRES',
  'SETUP',
]);

/** Splits an ARGS line on blanks; '…' or "…" quote a word. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (const m of text.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

export function parseTestFile(text: string, file: string): RuntimeTest[] {
  const tests: RuntimeTest[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let current: {
    name: string;
    line: number;
    args: string[];
    sections: Map<string, string[]>;
    exit: number;
    timeoutSecs: number;
    requires: string[];
  } | null = null;
  let section: string[] | undefined;
  const finish = () => {
    if (!current) return;
    const block = (key: string) => {
      const body = [...(current!.sections.get(key) ?? [])];
      while (body.length > 0 && body[body.length - 1]!.trim() === '') body.pop();
      const lines = body.map((l) => l.replaceAll('<blank>', ''));
      return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
    };
    tests.push({
      name: current.name,
      file,
      line: current.line,
      args: current.args,
      prog: block('PROG'),
      expect: block('EXPECT'),
      expectStderr: block('EXPECT_STDERR'),
      exit: current.exit,
      timeoutSecs: current.timeoutSecs,
      requires: current.requires,
      setup: block('SETUP'),
    });
  };
  lines.forEach((raw, i) => {
    const m = /^([A-Z_]+)(?:\s+(.*))?$/.exec(raw);
    const keyword = m && KEYWORDS.has(m[1]!) ? m[1]! : undefined;
    const rest = m?.[2] ?? '';
    if (keyword === 'NAME') {
      finish();
      current = {
        name: rest,
        line: i + 1,
        args: [],
        sections: new Map(),
        exit: 0,
        timeoutSecs: 30,
        requires: [],
      };
      section = undefined;
      return;
    }
    if (keyword !== undefined) {
      if (!current) throw new Error(`${file}:${i + 1}: ${keyword} before NAME`);
      section = undefined;
      if (keyword === 'ARGS') current.args = splitArgs(rest);
      else if (keyword === 'EXIT') current.exit = Number(rest);
      else if (keyword === 'TIMEOUT') current.timeoutSecs = Number(rest);
      else if (keyword === 'REQUIRES') current.requires = rest.split(/\s+/).filter((w) => w !== '');
      else {
        section = [];
        current.sections.set(keyword, section);
        if (rest !== '') section.push(rest);
      }
      return;
    }
    if (section) section.push(raw);
    else if (raw.trim() !== '' && !raw.startsWith('#')) {
      throw new Error(`${file}:${i + 1}: text outside a section: ${raw}`);
    }
  });
  finish();
  return tests;
}

interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

function runTstap(t: RuntimeTest): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tstap, ...t.args, '-e', t.prog], {
      cwd: testDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), t.timeoutSecs * 1000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        status,
      });
    });
  });
}

/** Why a requirement is not met here, or undefined. Kernel features are probed by tstap's own probes. */
async function missing(requirement: string): Promise<string | undefined> {
  if (requirement === 'root') return process.getuid?.() === 0 ? undefined : 'needs root';
  if (requirement === 'perl') {
    return spawnSync('perl', ['-e', '1']).status === 0 ? undefined : 'needs perl for the workload';
  }
  if (requirement === 'gcc') {
    return spawnSync('gcc', ['--version']).status === 0 ? undefined : 'needs gcc to build the traced program';
  }
  if (requirement === 'sdt') {
    const cpp = spawnSync('gcc', ['-E', '-x', 'c', '-'], { input: '#include <sys/sdt.h>\n' });
    return cpp.status === 0 ? undefined : 'needs <sys/sdt.h> (systemtap-sdt-dev) for USDT markers';
  }
  if (requirement.startsWith('/')) {
    // An absolute path: a program the workload runs (`/usr/bin/python3.11`).
    return existsSync(requirement) ? undefined : `needs ${requirement} for the workload`;
  }
  if (process.getuid?.() !== 0) return `${requirement}: needs root`;
  const kernel = await import('../../src/kernel/index.js');
  if (!(kernel.FEATURE_NAMES as readonly string[]).includes(requirement)) {
    throw new Error(`unknown REQUIRES '${requirement}'`);
  }
  const result = kernel.haveFeature(requirement as (typeof kernel.FEATURE_NAMES)[number]);
  return result.available ? undefined : `${requirement} unavailable: ${result.reason}`;
}

/**
 * A uprobe fires for every process running the probed file, not only for the test's own -c
 * command, so tests naming the same traced program (`process("PATH")`, /tmp/tstap-process/NAME)
 * take turns.
 */
const programTurns = new Map<string, Promise<void>>();

async function withTracedPrograms<T>(t: RuntimeTest, run: () => Promise<T>): Promise<T> {
  const text = `${t.setup}\n${t.args.join(' ')}\n${t.prog}`;
  const named = [...text.matchAll(/process\("(\/[^"]+)"\)/g)].map((m) => m[1] ?? '');
  const built = [
    ...(text.match(/\/tmp\/tstap-process\/[\w.-]+/g) ?? []),
    ...[...text.matchAll(/build-traced\.sh\s+([\w.-]+)/g)].map((m) => `/tmp/tstap-process/${m[1] ?? ''}`),
  ];
  const programs = [...new Set([...named, ...built])].sort();
  const before = programs.map((p) => programTurns.get(p) ?? Promise.resolve());
  let release = (): void => {};
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  for (const p of programs) programTurns.set(p, mine);
  await Promise.all(before);
  try {
    return await run();
  } finally {
    release();
  }
}

const files = readdirSync(testDir)
  .filter((f) => f.endsWith('.t'))
  .sort();

for (const file of files) {
  const tests = parseTestFile(readFileSync(path.join(testDir, file), 'utf8'), file);
  describe(file, { concurrency: 8 }, () => {
    for (const t of tests) {
      test(t.name, async (context) => {
        for (const requirement of t.requires) {
          const reason = await missing(requirement);
          if (reason !== undefined) {
            context.skip(reason);
            return;
          }
        }
        const r = await withTracedPrograms(t, async () => {
          if (t.setup !== '') {
            const setup = spawnSync('/bin/sh', ['-e', '-c', t.setup], { cwd: testDir, encoding: 'utf8' });
            assert.equal(setup.status, 0, `${t.file}:${t.line}: SETUP failed\n${setup.stderr}`);
          }
          return runTstap(t);
        });
        const where = `${t.file}:${t.line}`;
        assert.equal(r.stdout, t.expect, `${where}: stdout differs\n--- stderr:\n${r.stderr}`);
        assert.equal(r.stderr, t.expectStderr, `${where}: stderr differs`);
        assert.equal(r.status, t.exit, `${where}: exit status`);
      });
    }
  });
}

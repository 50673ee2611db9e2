/**
 * tstap's eBPF back end side by side with bpftrace, in one run, on
 * `kernel.trace("syscalls:sys_enter_getpid")` (bpftrace: `tracepoint:syscalls:sys_enter_getpid`),
 * fired by a small C program (built here with gcc) that calls getpid(2) N times in a loop and
 * reports its own loop time. Asserts nothing.
 *
 *     node dist/bench/kernel/run.js [--runs=N] [--events=N] [--exit-events=N]
 *         [--cases=startup,count,comm,hist,printf,exit] [--no-bpftrace] [--no-install]
 *
 * Rows: (a) start-up, `probe begin { printf("hi\n"); exit() }` wall time; (b) added nanoseconds
 * per event — the C loop's time with the probe minus its time alone, over N — for a counter,
 * `counts[execname()]++` and a `@hist_log` aggregate; (c) `printf` per event to /dev/null, with
 * the lost records each tool reports (tstap: `There were N transport failures`, bpftrace:
 * `Lost N events`); (d) peak RSS of each run; (e) exit latency: from the moment the `-c` command
 * ends (its own CLOCK_MONOTONIC stamp) to the tool's exit, with a counter and a short loop.
 *
 * Best and median of `--runs` runs; the variants of a round (the untraced loop included) are
 * interleaved, and the load average is printed, as the machine is shared.
 */
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  bpftraceUnlessSkipped,
  buildC,
  GETPID_LOOP_C,
  lastLines,
  outDirOf,
  parseOptions,
  repoRoot,
  runnerIn,
  shellLine,
  TSTAP,
  table,
  writeScript,
} from '../common.js';
import { type Command, median, type Outcome, type Runner, sortedNumbers } from '../runtime/measure.js';

const outDir = outDirOf('kernel');
const CASES = ['startup', 'count', 'comm', 'hist', 'printf', 'exit'] as const;
type CaseName = (typeof CASES)[number];
const TP = 'syscalls:sys_enter_getpid';

interface Settings {
  readonly runs: number;
  readonly events: number;
  readonly exitEvents: number;
  readonly cases: ReadonlySet<CaseName>;
  readonly bpftrace: boolean;
  readonly install: boolean;
}

function parseArgs(argv: readonly string[]): Settings | string {
  return parseOptions(
    argv,
    { runs: 5, events: 2_000_000, exitEvents: 1000, bpftrace: true, install: true },
    CASES,
  );
}

// ------------------------------------------------------------------------------ scripts

interface Scripts {
  readonly stap: string;
  readonly bt: string;
}

const SCRIPTS: Record<CaseName, Scripts> = {
  startup: {
    stap: 'probe begin { printf("hi\\n"); exit() }\n',
    bt: 'BEGIN { printf("hi\\n"); exit(); }\n',
  },
  count: {
    stap: `global n\nprobe kernel.trace("${TP}") { n++ }\nprobe end { println(n) }\n`,
    bt: `tracepoint:${TP} { @n = count(); }\n`,
  },
  comm: {
    stap:
      `global counts\nprobe kernel.trace("${TP}") { counts[execname()]++ }\n` +
      'probe end { foreach (k in counts) printf("%s %d\\n", k, counts[k]) }\n',
    bt: `tracepoint:${TP} { @c[comm] = count(); }\n`,
  },
  hist: {
    stap: `global s\nprobe kernel.trace("${TP}") { s <<< ktime_get_ns() & 0xffff }\nprobe end { print(@hist_log(s)) }\n`,
    bt: `tracepoint:${TP} { @h = hist(nsecs & 0xffff); }\n`,
  },
  printf: {
    stap: `probe kernel.trace("${TP}") { printf("%d %s\\n", pid(), execname()) }\n`,
    bt: `tracepoint:${TP} { printf("%d %s\\n", pid, comm); }\n`,
  },
  exit: {
    stap: `global n\nprobe kernel.trace("${TP}") { n++ }\nprobe end { println(n) }\n`,
    bt: `tracepoint:${TP} { @n = count(); }\n`,
  },
};

const LABELS: Record<CaseName, string> = {
  startup: '(a) start-up: begin { printf; exit() }',
  count: '(b) counter: n++ / @n = count()',
  comm: '(b) counts[execname()]++ / @c[comm] = count()',
  hist: '(b) s <<< x; @hist_log / @h = hist(x)',
  printf: '(c) printf("%d %s\\n") to /dev/null',
  exit: '(e) exit after the -c command ends',
};

/** Whether the case is per-event (the getpid loop is the measure). */
function perEvent(c: CaseName): boolean {
  return c === 'count' || c === 'comm' || c === 'hist' || c === 'printf';
}

// ------------------------------------------------------------------------------ measuring

type Tool = 'tstap' | 'bpftrace' | 'none';

interface Run {
  readonly wallMs: number;
  readonly rssKb: number | undefined;
  readonly loopNs: number | undefined;
  /** ms from the -c command's exit stamp to the tool's exit. */
  readonly exitMs: number | undefined;
  readonly lost: number;
}

interface Variant {
  readonly tool: Tool;
  readonly cmd: Command;
  readonly runs: Run[];
  failed: string | undefined;
  /** printf, check run with stdout piped: lines of the loop seen, and losses reported. */
  piped?: { lines: number; lost: number };
}

/** The end of a failed run's stderr, without the getpid loop's lines. */
function failure(stderr: string): string {
  return lastLines(stderr, /GETPID_|RLIMIT_MEMLOCK|^\s*$/, 300);
}

function lostOf(tool: Tool, stderr: string): number {
  let lost = 0;
  const re = tool === 'tstap' ? /There were (\d+) transport failures/g : /Lost (\d+) events/g;
  for (const m of stderr.matchAll(re)) lost += Number(m[1]);
  return lost;
}

class Bench {
  private readonly runner: Runner;
  readonly loads: number[] = [];

  constructor(
    private readonly s: Settings,
    private readonly bpftrace: string | undefined,
    readonly binary: string,
  ) {
    this.runner = runnerIn(outDir);
  }

  private child(c: CaseName): string | undefined {
    if (c === 'startup') return undefined;
    return `${this.binary} ${c === 'exit' ? this.s.exitEvents : this.s.events}`;
  }

  tstap(c: CaseName): Variant {
    const argv = [...TSTAP];
    const child = this.child(c);
    if (child !== undefined) argv.push('-c', child);
    argv.push(writeScript(outDir, `${c}.stp`, SCRIPTS[c].stap));
    return { tool: 'tstap', cmd: { argv, cwd: repoRoot }, runs: [], failed: undefined };
  }

  bpf(c: CaseName): Variant | undefined {
    if (this.bpftrace === undefined) return undefined;
    const argv = [this.bpftrace];
    const child = this.child(c);
    if (child !== undefined) argv.push('-c', child);
    argv.push(writeScript(outDir, `${c}.bt`, SCRIPTS[c].bt));
    return { tool: 'bpftrace', cmd: { argv, cwd: repoRoot }, runs: [], failed: undefined };
  }

  baseline(): Variant {
    return { tool: 'none', cmd: { argv: [this.binary, String(this.s.events)] }, runs: [], failed: undefined };
  }

  /** One timed run; stdout to /dev/null. */
  run(v: Variant): void {
    if (v.failed !== undefined) return;
    this.loads.push(os.loadavg()[0]!);
    let out: Outcome = this.runner.run(v.cmd, false);
    let end = process.hrtime.bigint();
    if (out.status !== 0 && v.tool === 'tstap') {
      // Another session may be rebuilding dist/: one retry.
      out = this.runner.run(v.cmd, false);
      end = process.hrtime.bigint();
    }
    if (out.status !== 0) {
      v.failed = `exit ${out.status ?? out.signal}: ${failure(out.stderr)}`;
      return;
    }
    const loop = /GETPID_LOOP_NS (\d+)/.exec(out.stderr);
    const at = /GETPID_EXIT_AT (\d+)/.exec(out.stderr);
    v.runs.push({
      wallMs: out.sample.wallMs,
      rssKb: out.sample.rssKb,
      loopNs: loop === null ? undefined : Number(loop[1]),
      // process.hrtime is CLOCK_MONOTONIC, as the child's stamp.
      exitMs: at === null ? undefined : Number(end - BigInt(at[1]!)) / 1e6,
      lost: lostOf(v.tool, out.stderr),
    });
  }

  /** An untimed check: the tool runs and, with -c, the loop reported. */
  check(v: Variant, c: CaseName): void {
    const out = this.runner.run(v.cmd, true);
    if (out.status !== 0) v.failed = `exit ${out.status ?? out.signal}: ${failure(out.stderr)}`;
    else if (c !== 'startup' && !/GETPID_LOOP_NS/.test(out.stderr))
      v.failed = 'the -c command did not report';
    else if (c === 'startup' && !/hi/.test(out.stdout))
      v.failed = `no "hi" in the output: ${out.stdout.slice(0, 80)}`;
    else if (c === 'count' && !out.stdout.match(/\d+/g)?.some((x) => Number(x) >= this.s.events))
      v.failed = `no count >= ${this.s.events} printed: ${out.stdout.slice(0, 120)}`;
    if (c === 'printf' && v.failed === undefined) {
      // bpftrace 0.17 prints "Lost N events" on stdout, which the timed runs send to /dev/null.
      const lines = out.stdout.split('\n').filter((l) => / getpid-loop$/.test(l)).length;
      v.piped = { lines, lost: lostOf(v.tool, out.stderr) + lostOf(v.tool, out.stdout) };
    }
  }
}

// ------------------------------------------------------------------------------ report

interface Stat {
  readonly best: number;
  readonly median: number;
}

function stat(values: readonly (number | undefined)[]): Stat | undefined {
  const v = sortedNumbers(values);
  return v.length === 0 ? undefined : { best: v[0]!, median: median(v)! };
}

/** Added ns per event: best − best and median − median of the loop against the untraced loop. */
function addedNs(v: Variant, base: Variant, events: number): Stat | undefined {
  const t = stat(v.runs.map((r) => r.loopNs));
  const b = stat(base.runs.map((r) => r.loopNs));
  if (t === undefined || b === undefined) return undefined;
  return { best: (t.best - b.best) / events, median: (t.median - b.median) / events };
}

/** What bin/tstap.js loads: the esbuild bundle when it is at least as new as the modules. */
function cliBuild(): string {
  const builtAt = (file: string) =>
    statSync(path.join(repoRoot, 'dist', file), { throwIfNoEntry: false })?.mtimeMs ?? -1;
  const bundle = builtAt('bundle/tstap.cjs');
  if (bundle < builtAt('src/cli/main.js'))
    return 'the modules (dist/src; no bundle, or an older one: run `npm run bundle`)';
  return builtAt('bundle/tstap.cjs.cache') >= bundle
    ? 'the bundle (dist/bundle) with its code cache'
    : 'the bundle (dist/bundle), without a code cache';
}

function main(): number {
  const s = parseArgs(process.argv.slice(2));
  if (typeof s === 'string') {
    process.stderr.write(`bench:kernel: ${s}\n`);
    return 2;
  }
  const loadStart = os.loadavg();
  const binary = buildC(outDir, 'getpid-loop', GETPID_LOOP_C);
  const bpf = bpftraceUnlessSkipped(s);
  const bench = new Bench(s, bpf.path, binary);
  const cases = CASES.filter((c) => s.cases.has(c));
  const rows = cases.map((c) => ({ c, tstap: bench.tstap(c), bpftrace: bench.bpf(c) }));
  const base = bench.baseline();
  const needBase = cases.some(perEvent);

  for (const row of rows) {
    for (const v of [row.tstap, row.bpftrace]) {
      if (v === undefined) continue;
      process.stderr.write(`check: ${v.tool} ${row.c}\n`);
      bench.check(v, row.c);
      if (v.failed !== undefined) process.stderr.write(`  FAILED: ${v.failed}\n`);
    }
  }
  for (let round = 1; round <= s.runs; round++) {
    process.stderr.write(`round ${round}/${s.runs} (load ${os.loadavg()[0]!.toFixed(2)})\n`);
    if (needBase) bench.run(base);
    for (const row of rows) {
      bench.run(row.tstap);
      if (row.bpftrace !== undefined) bench.run(row.bpftrace);
    }
    if (needBase) bench.run(base);
  }

  const f0 = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(0));
  const pair = (x: Stat | undefined) => (x === undefined ? 'n/a' : `${f0(x.best)} / ${f0(x.median)}`);
  const ratio = (a: Stat | undefined, b: Stat | undefined) =>
    a === undefined || b === undefined
      ? 'n/a'
      : `${(a.best / b.best).toFixed(2)} / ${(a.median / b.median).toFixed(2)}`;
  const rss = (v: Variant | undefined) => {
    const m = stat(v?.runs.map((r) => r.rssKb) ?? []);
    return m === undefined ? '-' : (m.median / 1024).toFixed(1);
  };
  const lost = (v: Variant | undefined) => {
    if (v === undefined || v.runs.length === 0) return '-';
    const l = v.runs.map((r) => r.lost).sort((a, b) => a - b);
    return l[l.length - 1] === 0 ? '0' : `${l[0]}..${l[l.length - 1]}`;
  };
  const body: string[][] = [];
  const notes: string[] = [];
  rows.forEach((row, i) => {
    const metric = (v: Variant | undefined): Stat | undefined => {
      if (v === undefined || v.failed !== undefined) return undefined;
      if (perEvent(row.c)) return addedNs(v, base, s.events);
      if (row.c === 'exit') return stat(v.runs.map((r) => r.exitMs));
      return stat(v.runs.map((r) => r.wallMs));
    };
    const t = metric(row.tstap);
    const b = metric(row.bpftrace);
    body.push([
      `[${i + 1}] ${LABELS[row.c]}`,
      perEvent(row.c) ? 'ns/event' : 'ms',
      pair(t),
      pair(b),
      ratio(t, b),
      row.c === 'printf' ? lost(row.tstap) : '',
      // bpftrace 0.17 prints "Lost N events" on stdout (here /dev/null): only the piped check run sees it.
      row.c === 'printf' && row.bpftrace !== undefined ? 'n/a' : '',
      rss(row.tstap),
      rss(row.bpftrace),
    ]);
    for (const v of [row.tstap, row.bpftrace])
      if (v?.failed !== undefined) notes.push(`[${i + 1}] ${v.tool} FAILED: ${v.failed}`);
    if (row.bpftrace === undefined) notes.push(`[${i + 1}] no bpftrace run`);
    for (const v of [row.tstap, row.bpftrace])
      if (v?.piped !== undefined)
        notes.push(
          `[${i + 1}] ${v.tool}, check run with stdout piped to the bench: ${v.piped.lines.toLocaleString('en-US')} of ` +
            `${s.events.toLocaleString('en-US')} lines, ${v.piped.lost.toLocaleString('en-US')} lost records reported`,
        );
  });
  const baseLoop = stat(base.runs.map((r) => r.loopNs));
  const loadEnd = os.loadavg();
  const cpus = os.cpus();
  const fmtLoad = (l: readonly number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const loads = bench.loads;
  const out = [
    `kernel bench: ${s.runs} runs per variant, ${s.events.toLocaleString('en-US')} getpid events per run; ` +
      `node ${process.version}; ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? '?'}); kernel ${os.release()}`,
    `tstap loads ${cliBuild()}${process.env.TSTAP_UNBUNDLED === undefined ? '' : ', but TSTAP_UNBUNDLED is set: the modules'}`,
    `bpftrace: ${bpf.path === undefined ? 'not available' : `${bpf.version} (${bpf.path})`}`,
    ...bpf.notes.map((n) => `  ${n}`),
    `load average (1/5/15 min): start ${fmtLoad(loadStart)}, end ${fmtLoad(loadEnd)}` +
      (loads.length === 0
        ? ''
        : `; 1-min during runs ${Math.min(...loads).toFixed(2)}..${Math.max(...loads).toFixed(2)}`),
    baseLoop === undefined
      ? ''
      : `untraced getpid loop: ${(baseLoop.best / s.events).toFixed(0)} / ${(baseLoop.median / s.events).toFixed(0)} ns per call (best / median)`,
    '',
    table(
      [
        'case',
        'unit',
        'tstap best / med',
        'bpftrace best / med',
        'tstap/bpftrace best / med',
        'tstap lost',
        'bpftrace lost',
        'tstap RSS MB',
        'bpftrace RSS MB',
      ],
      body,
    ),
    '',
    ...notes,
    ...(notes.length > 0 ? [''] : []),
    'ns/event: (loop time traced − untraced) / events, best − best and median − median; the untraced loop runs twice ' +
      'per round, interleaved with the tools. Start-up: wall ms spawn to exit. Exit: ms from the -c command’s own exit ' +
      `stamp (CLOCK_MONOTONIC) to the tool's exit, ${s.exitEvents} events. Lost: min..max over the timed runs as ` +
      'reported on stderr (bpftrace 0.17 reports on stdout, i.e. /dev/null: see the piped check run). ' +
      'hist: x = ktime_get_ns() & 0xffff / nsecs & 0xffff (sys_enter_getpid has no argument to aggregate). ' +
      'RSS (d): median peak RSS, /usr/bin/time %M.',
    '',
    'Commands (scripts in bench/out/kernel/, run from the repository root):',
    ...rows.flatMap((row, i) =>
      [row.tstap, row.bpftrace].filter((v) => v !== undefined).map((v) => `  [${i + 1}] ${shellLine(v.cmd)}`),
    ),
    `  untraced: ${shellLine(base.cmd)}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return rows.some((r) => r.tstap.failed !== undefined) ? 1 : 0;
}

process.exitCode = main();

/**
 * Times tstap's user-space engine end to end — wall time of the whole `node bin/tstap.js SCRIPT`
 * run — side by side with bpftrace running the same computation in the same invocation, and
 * reports best and median of N runs, their ratio, CPU time and peak RSS. Asserts nothing.
 *
 *     node dist/bench/runtime/run.js [--runs=N] [--ops=N] [--keys=N] [--lines=N]
 *         [--begin-size=N] [--cases=startup,ops,foreach,printf] [--no-bpftrace] [--no-install]
 *         [--no-driven]
 *
 * Cases (scripts and checks in cases.ts): begin-probe start-up; 10 M arithmetic and array
 * operations in one begin probe; `foreach` over 100,000 keys sorted by value; 1 M printf lines
 * to /dev/null. bpftrace's BEGIN runs once and its verifier bounds a loop (0.17: the "sequence of
 * 8193 jumps" limit, ~4,000 iterations of the ops body), so each loop case gets two bpftrace rows:
 * a BEGIN-sized one (the largest loop it accepts; tstap runs the same size) and, for the full
 * size, a tracepoint that a `perl` child fires by calling getppid (`-c`), once per chunk of work.
 * bpftrace has no way to visit a map in probe code (0.17), so `foreach` has no bpftrace row.
 *
 * The machine is shared: the runs of all variants are interleaved (one of each per round), each
 * variant's output is checked once before timing, and the load average is reported.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
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
import { findBpftrace, verifierRejected } from './bpftrace.js';
import {
  bpftraceOpsBegin,
  bpftraceOpsDriven,
  bpftracePrintfBegin,
  bpftracePrintfDriven,
  bpftraceStartup,
  type Check,
  checkNumber,
  checkPrintf,
  expectedForeach,
  expectedOps,
  GETPPID_DRIVER,
  OPS_PER_ITERATION,
  stapForeach,
  stapOps,
  stapPrintf,
  stapStartup,
} from './cases.js';
import { type Command, median, type Outcome, type Runner, type Sample, sortedNumbers } from './measure.js';

const outDir = outDirOf('runtime');
const CASES = ['startup', 'ops', 'foreach', 'printf'] as const;
type CaseName = (typeof CASES)[number];
const PERL = '/usr/bin/perl';
/** Retries of a failed tstap run: other engineers rebuild dist/ while this runs. */
const RETRIES = 2;

interface Settings {
  readonly runs: number;
  readonly ops: number;
  readonly keys: number;
  readonly lines: number;
  readonly beginSize: number;
  readonly cases: ReadonlySet<CaseName>;
  readonly bpftrace: boolean;
  readonly install: boolean;
  readonly driven: boolean;
}

function parseArgs(argv: readonly string[]): Settings | string {
  const defaults = { runs: 5, ops: 10_000_000, keys: 100_000, lines: 1_000_000, beginSize: 4000 };
  const s = parseOptions(argv, { ...defaults, bpftrace: true, install: true, driven: true }, CASES);
  if (typeof s === 'string') return s;
  if (s.keys > 1_000_000) return '--keys must be at most 1000000 (the fill needs distinct values)';
  return s;
}

// ------------------------------------------------------------------------------ variants and rows

type Tool = 'tstap' | 'bpftrace';

interface Variant {
  readonly tool: Tool;
  readonly cmd: Command;
  readonly check: Check;
  readonly samples: Sample[];
  failed: string | undefined;
  warning: string | undefined;
  /** The untimed check run has been done. */
  checked: boolean;
}

interface Row {
  readonly label: string;
  readonly tstap: Variant | undefined;
  readonly bpftrace: Variant | undefined;
  /** How bpftrace runs this row, or why it cannot. */
  readonly note: string | undefined;
  /** bpftrace cannot express the case at all. */
  readonly cannotExpress?: boolean;
  /** The start-up row: its best time is subtracted for the net column. */
  readonly startup?: boolean;
}

function variant(tool: Tool, cmd: Command, check: Check): Variant {
  return { tool, cmd, check, samples: [], failed: undefined, warning: undefined, checked: false };
}

function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}

function shortCount(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}

class Bench {
  private readonly runner: Runner;
  private readonly driver = path.join(outDir, 'getppid-driver.pl');
  private readonly loads: number[] = [];

  constructor(
    private readonly s: Settings,
    private readonly bpftrace: string | undefined,
  ) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(this.driver, GETPPID_DRIVER);
    this.runner = runnerIn(outDir);
  }

  get measuresResources(): boolean {
    return this.runner.measuresResources;
  }

  get loadRange(): { min: number; max: number } | undefined {
    if (this.loads.length === 0) return undefined;
    return { min: Math.min(...this.loads), max: Math.max(...this.loads) };
  }

  tstap(name: string, text: string, check: Check): Variant {
    // begin probes get MAXACTION_INTERRUPTIBLE (10,000 by default): lift it, keep the accounting.
    const argv = [
      ...TSTAP,
      '-DMAXACTION_INTERRUPTIBLE=1000000000000',
      writeScript(outDir, `${name}.stp`, text),
    ];
    return variant('tstap', { argv, cwd: repoRoot }, check);
  }

  bpf(name: string, text: string, check: Check, driverCalls?: number): Variant | undefined {
    if (this.bpftrace === undefined) return undefined;
    const file = writeScript(outDir, `${name}.bt`, text);
    const argv = [this.bpftrace, '-q'];
    if (driverCalls !== undefined) {
      // The driven variants need a child that calls getppid; Debian's perl-base is always there.
      if (!existsSync(PERL)) return undefined;
      argv.push('-c', `${PERL} ${this.driver} ${driverCalls}`);
    }
    argv.push(file);
    return variant('bpftrace', { argv, cwd: repoRoot }, check);
  }

  /** One run; tstap failures are retried (a concurrent rebuild of dist/ can break a run). */
  runOnce(v: Variant, capture: boolean): Outcome {
    let out = this.runner.run(v.cmd, capture);
    for (let i = 0; i < RETRIES && out.status !== 0 && v.tool === 'tstap'; i++) {
      process.stderr.write(`  (tstap run failed with exit ${out.status}; retrying)\n`);
      out = this.runner.run(v.cmd, capture);
    }
    return out;
  }

  /** The check run: untimed, output captured and judged. */
  check(v: Variant): Outcome {
    v.checked = true;
    const out = this.runOnce(v, true);
    if (out.status !== 0) {
      v.failed = `exit ${out.status ?? out.signal}: ${failure(out.stderr)}`;
    } else {
      const verdict = v.check(out.stdout);
      if (verdict.error !== undefined) v.failed = `wrong output: ${verdict.error}`;
      v.warning = verdict.warning;
    }
    return out;
  }

  /**
   * The largest BEGIN loop bpftrace's verifier accepts (and, for printf, whose output its perf
   * buffer delivers whole), starting at `--begin-size` and halving.
   */
  fitBegin(name: string, make: (n: number) => Variant | undefined): { size: number; v: Variant } | string {
    const tried: string[] = [];
    for (let n = this.s.beginSize; tried.length < 6 && n >= 1; n = Math.floor(n / 2)) {
      const v = make(n);
      if (v === undefined) return 'bpftrace unavailable';
      process.stderr.write(`check: bpftrace ${name} in BEGIN, ${fmtInt(n)} iterations\n`);
      const out = this.check(v);
      tried.push(fmtInt(n));
      if (out.status === 0) {
        if (v.failed !== undefined) return `bpftrace ${name} in BEGIN: ${v.failed}`;
        if (v.warning === undefined) return { size: n, v };
        // Lost output: try a smaller loop.
      } else if (!verifierRejected(out.stderr)) {
        return `bpftrace ${name} in BEGIN failed: ${v.failed ?? 'unknown error'}`;
      }
    }
    return `bpftrace: no BEGIN loop size worked for ${name} (tried ${tried.join(', ')} iterations)`;
  }

  rows(): Row[] {
    const s = this.s;
    const rows: Row[] = [];
    const bpfOn = this.bpftrace !== undefined;
    const noBpf = s.bpftrace ? 'bpftrace unavailable (see above)' : 'bpftrace skipped (--no-bpftrace)';

    if (s.cases.has('startup')) {
      rows.push({
        label: 'startup: begin { exit() }',
        startup: true,
        tstap: this.tstap('startup', stapStartup(), () => ({})),
        bpftrace: this.bpf('startup', bpftraceStartup(), () => ({})),
        note: bpfOn ? undefined : noBpf,
      });
    }

    if (s.cases.has('ops')) {
      const iterations = Math.ceil(s.ops / OPS_PER_ITERATION);
      const fit = bpfOn
        ? this.fitBegin('ops', (n) =>
            this.bpf(`ops-begin-${n}`, bpftraceOpsBegin(n), checkNumber(expectedOps(1, n))),
          )
        : noBpf;
      let driven: Variant | undefined;
      let note: string;
      if (typeof fit === 'string') note = fit;
      else if (!s.driven) note = 'bpftrace: --no-driven given';
      else {
        const firings = Math.ceil(iterations / fit.size);
        driven = this.bpf(
          'ops-driven',
          bpftraceOpsDriven(fit.size),
          checkNumber(expectedOps(firings, fit.size)),
          firings,
        );
        note =
          driven === undefined
            ? `bpftrace: no ${PERL} to drive the tracepoint`
            : `bpftrace: BEGIN verifies at most ~${fmtInt(fit.size)} iterations of this loop, not ${fmtInt(iterations)}; runs a tracepoint on ` +
              `sys_enter_getppid fired ${fmtInt(firings)}x by a perl child (-c), ${fmtInt(fit.size)} iterations ` +
              `each = ${fmtInt(firings * fit.size * OPS_PER_ITERATION)} ops`;
      }
      rows.push({
        label: `ops: ${shortCount(iterations * OPS_PER_ITERATION)} in begin`,
        tstap: this.tstap('ops', stapOps(iterations), checkNumber(expectedOps(1, iterations))),
        bpftrace: driven,
        note,
      });
      if (typeof fit !== 'string') {
        rows.push({
          label: `ops: ${shortCount(fit.size * OPS_PER_ITERATION)} (BEGIN-sized)`,
          tstap: this.tstap(`ops-${fit.size}`, stapOps(fit.size), checkNumber(expectedOps(1, fit.size))),
          bpftrace: fit.v,
          note: `BEGIN-sized: the largest ops loop bpftrace verifies in BEGIN (${fmtInt(fit.size)} iterations); tstap runs the same`,
        });
      }
    }

    if (s.cases.has('foreach')) {
      rows.push({
        label: `foreach: ${shortCount(s.keys)} keys by value`,
        tstap: this.tstap('foreach', stapForeach(s.keys), checkNumber(expectedForeach(s.keys))),
        bpftrace: undefined,
        cannotExpress: true,
        note:
          'bpftrace: cannot express it — 0.17 has no iteration over a map in probe code (v0.21 adds ' +
          `\`for ($kv : @m)\`, in hash order, never sorted), and BEGIN cannot fill ${fmtInt(s.keys)} keys ` +
          '(verifier; max_map_keys 4096); bpftrace sorts by value only when it prints a map',
      });
    }

    if (s.cases.has('printf')) {
      const fit = bpfOn
        ? this.fitBegin('printf', (n) =>
            this.bpf(`printf-begin-${n}`, bpftracePrintfBegin(n), checkPrintf(n, true)),
          )
        : noBpf;
      let note: string;
      let driven: Variant | undefined;
      if (typeof fit === 'string') note = fit;
      else if (!s.driven) note = 'bpftrace: --no-driven given';
      else {
        driven = this.bpf('printf-driven', bpftracePrintfDriven(), checkPrintf(s.lines, true), s.lines);
        note =
          driven === undefined
            ? `bpftrace: no ${PERL} to drive the tracepoint`
            : `bpftrace: BEGIN cannot print ${fmtInt(s.lines)} lines (verifier bound; its perf buffer drops ` +
              `events past ~4k); runs a sys_enter_getppid tracepoint fired ${fmtInt(s.lines)}x by a perl child, one line each`;
      }
      rows.push({
        label: `printf: ${shortCount(s.lines)} lines`,
        tstap: this.tstap('printf', stapPrintf(s.lines), checkPrintf(s.lines, false)),
        bpftrace: driven,
        note,
      });
      if (typeof fit !== 'string') {
        rows.push({
          label: `printf: ${shortCount(fit.size)} lines (BEGIN-sized)`,
          tstap: this.tstap(`printf-${fit.size}`, stapPrintf(fit.size), checkPrintf(fit.size, false)),
          bpftrace: fit.v,
          note: `BEGIN-sized: the most lines bpftrace prints from BEGIN without loss (${fmtInt(fit.size)})`,
        });
      }
    }
    return rows;
  }

  /** Check runs of everything not yet checked, then `runs` interleaved rounds. */
  measure(rows: readonly Row[]): void {
    for (const row of rows) {
      for (const v of [row.tstap, row.bpftrace]) {
        // BEGIN-sized bpftrace variants were already checked by fitBegin.
        if (v === undefined || v.checked) continue;
        process.stderr.write(`check: ${v.tool} ${row.label}\n`);
        this.check(v);
        if (v.failed !== undefined) process.stderr.write(`  FAILED: ${v.failed}\n`);
      }
    }
    for (let round = 1; round <= this.s.runs; round++) {
      process.stderr.write(`round ${round}/${this.s.runs} (load ${os.loadavg()[0]!.toFixed(2)})\n`);
      for (const row of rows) {
        for (const v of [row.tstap, row.bpftrace]) {
          if (v === undefined || v.failed !== undefined) continue;
          this.loads.push(os.loadavg()[0]!);
          const out = this.runOnce(v, false);
          if (out.status !== 0) {
            v.failed = `exit ${out.status ?? out.signal} in round ${round}: ${failure(out.stderr)}`;
            continue;
          }
          v.samples.push(out.sample);
        }
      }
    }
  }
}

/** The end of a failed run's stderr, without bpftrace's warnings about the scripts. */
function failure(text: string): string {
  return lastLines(text, /WARNING: (signed operands|arithmetic on integers)|^\s*~*\s*$|RLIMIT_MEMLOCK/, 400);
}

// ------------------------------------------------------------------------------ report

interface Summary {
  readonly best: number;
  readonly median: number;
  readonly cpuBest: number | undefined;
  readonly rssMedianMb: number | undefined;
}

function summarize(v: Variant | undefined): Summary | undefined {
  if (v === undefined || v.failed !== undefined || v.samples.length === 0) return undefined;
  const wall = sortedNumbers(v.samples.map((x) => x.wallMs));
  const cpu = sortedNumbers(v.samples.map((x) => x.cpuMs));
  const rss = sortedNumbers(v.samples.map((x) => x.rssKb));
  const rssMedian = median(rss);
  return {
    best: wall[0]!,
    median: median(wall)!,
    cpuBest: cpu[0],
    rssMedianMb: rssMedian === undefined ? undefined : rssMedian / 1024,
  };
}

function report(rows: readonly Row[], bench: Bench, s: Settings): string {
  const ms = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(0));
  const pair = (x: Summary | undefined) => (x === undefined ? 'n/a' : `${ms(x.best)} / ${ms(x.median)}`);
  const ratio = (a: Summary | undefined, b: Summary | undefined) =>
    a === undefined || b === undefined
      ? 'n/a'
      : `${(a.best / b.best).toFixed(2)} / ${(a.median / b.median).toFixed(2)}`;
  const mb = (x: Summary | undefined) => (x?.rssMedianMb === undefined ? '-' : x.rssMedianMb.toFixed(1));
  const body: string[][] = [];
  const notes: string[] = [];
  const startupRow = rows.find((r) => r.startup === true);
  const startup = startupRow === undefined ? undefined : summarize(startupRow.tstap);
  const net = (x: Summary | undefined, row: Row) =>
    x === undefined || startup === undefined || row.startup === true ? '-' : ms(x.best - startup.best);
  rows.forEach((row, i) => {
    const t = summarize(row.tstap);
    const b = summarize(row.bpftrace);
    const mark = `[${i + 1}]`;
    body.push([
      `${mark} ${row.label}`,
      pair(t),
      net(t, row),
      row.cannotExpress === true ? 'cannot express' : pair(b),
      ratio(t, b),
      ms(t?.cpuBest),
      ms(b?.cpuBest),
      mb(t),
      mb(b),
    ]);
    const rowNotes: string[] = [];
    if (row.note !== undefined) rowNotes.push(row.note);
    for (const v of [row.tstap, row.bpftrace]) {
      if (v === undefined) continue;
      if (v.failed !== undefined) rowNotes.push(`${v.tool} FAILED: ${v.failed}`);
      if (v.warning !== undefined) rowNotes.push(`${v.tool} (check run): ${v.warning}`);
    }
    for (const n of rowNotes) notes.push(`${mark} ${n}`);
  });
  const header = [
    'case',
    'tstap ms best / med',
    'net',
    'bpftrace ms best / med',
    'tstap/bpftrace best / med',
    'tstap CPU',
    'bpftrace CPU',
    'tstap RSS MB',
    'bpftrace RSS MB',
  ];
  const parts = [table(header, body), '', ...notes];
  parts.push(
    '',
    `Wall ms: the whole process, spawn to exit, ${s.runs} runs each, interleaved.` +
      (startup === undefined
        ? ''
        : ` net: tstap best minus tstap's best start-up (row 1), i.e. the engine's work.`) +
      ` CPU: best user+sys ms` +
      ` (children included). RSS: median of peak RSS (${bench.measuresResources ? '/usr/bin/time %M' : 'n/a: no /usr/bin/time'}).`,
    '',
    'Commands (scripts in bench/out/runtime/, run from the repository root):',
  );
  rows.forEach((row, i) => {
    for (const v of [row.tstap, row.bpftrace])
      if (v !== undefined) parts.push(`  [${i + 1}] ${shellLine(v.cmd)} > /dev/null`);
  });
  return `${parts.join('\n')}\n`;
}

function main(): number {
  const settings = parseArgs(process.argv.slice(2));
  if (typeof settings === 'string') {
    process.stderr.write(`bench:runtime: ${settings}\n`);
    return 2;
  }
  const loadStart = os.loadavg();
  const bpf = settings.bpftrace
    ? findBpftrace(settings.install)
    : { path: undefined, version: undefined, notes: [] as string[] };
  const bench = new Bench(settings, bpf.path);
  const rows = bench.rows();
  bench.measure(rows);
  const loadEnd = os.loadavg();
  const range = bench.loadRange;
  const cpus = os.cpus();
  const fmtLoad = (l: readonly number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const head = [
    `runtime bench: ${settings.runs} runs per variant; node ${process.version}; ` +
      `${cpus.length} CPUs (${cpus[0]?.model.trim() ?? '?'}); kernel ${os.release()}`,
    `bpftrace: ${bpf.path === undefined ? 'not available' : `${bpf.version} (${bpf.path})`}`,
    ...bpf.notes.map((n) => `  ${n}`),
    `load average (1/5/15 min): start ${fmtLoad(loadStart)}, end ${fmtLoad(loadEnd)}` +
      (range === undefined ? '' : `; 1-min during runs ${range.min.toFixed(2)}..${range.max.toFixed(2)}`),
    '',
  ];
  process.stdout.write(`${head.join('\n')}\n${report(rows, bench, settings)}`);
  const failed = rows.some((r) => r.tstap?.failed !== undefined);
  return failed ? 1 : 0;
}

process.exitCode = main();

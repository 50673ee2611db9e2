/**
 * A counting uprobe, tstap side by side with bpftrace in one run (issue 6's check). Asserts
 * nothing.
 *
 *     node dist/bench/uprobe/run.js [--runs=N] [--calls=N] [--no-bpftrace] [--no-install]
 *
 * A small C program (built here with gcc) calls a non-inlined function N times and reports its
 * loop time; the added nanoseconds per call are (traced − untraced) / N, with
 * `process("BIN").function("work") { n++ }` for tstap and `uprobe:BIN:work { @n = count(); }` for
 * bpftrace. Best and median of `--runs` runs, interleaved; the load average is printed.
 */
import os from 'node:os';
import {
  bpftraceUnlessSkipped,
  buildC,
  outDirOf,
  parseOptions,
  repoRoot,
  runnerIn,
  TSTAP,
  writeScript,
} from '../common.js';
import { type Command, median, sortedNumbers } from '../runtime/measure.js';

const outDir = outDirOf('uprobe');

const LOOP_C = `#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static long long now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}
__attribute__((noinline)) long work(long i) {
  __asm__ volatile("" ::: "memory");
  return i * 3;
}
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000, s = 0;
  long long a = now();
  for (long i = 0; i < n; i++) s += work(i);
  fprintf(stderr, "LOOP_NS %lld %ld\\n", now() - a, s & 1);
  return 0;
}
`;

interface Variant {
  readonly label: string;
  readonly cmd: Command;
  readonly loop: number[];
  readonly rss: number[];
  failed?: string;
}

function main(): number {
  const s = parseOptions(process.argv.slice(2), { runs: 5, calls: 500_000, bpftrace: true, install: true });
  if (typeof s === 'string') {
    process.stderr.write(`bench:uprobe: ${s}\n`);
    return 2;
  }
  const bin = buildC(outDir, 'call-loop', LOOP_C);
  const stp = writeScript(
    outDir,
    'count.stp',
    `global n\nprobe process("${bin}").function("work") { n++ }\nprobe end { println(n) }\n`,
  );
  const bpf = bpftraceUnlessSkipped(s);
  const loop = `${bin} ${s.calls}`;
  const mk = (label: string, argv: string[]): Variant => ({
    label,
    cmd: { argv, cwd: repoRoot },
    loop: [],
    rss: [],
  });
  const base = mk('untraced', [bin, String(s.calls)]);
  const tstap = mk('tstap', [...TSTAP, '-c', loop, stp]);
  const bt =
    bpf.path === undefined
      ? undefined
      : mk('bpftrace', [bpf.path, '-c', loop, '-e', `uprobe:${bin}:work { @n = count(); }`]);
  const variants = [base, tstap, ...(bt === undefined ? [] : [bt])];
  const runner = runnerIn(outDir);
  const loads: number[] = [];
  for (let round = 1; round <= s.runs; round++) {
    process.stderr.write(`round ${round}/${s.runs} (load ${os.loadavg()[0]!.toFixed(2)})\n`);
    for (const v of variants) {
      if (v.failed !== undefined) continue;
      loads.push(os.loadavg()[0]!);
      const out = runner.run(v.cmd, false);
      const m = /LOOP_NS (\d+)/.exec(out.stderr);
      if (out.status !== 0 || m === null) {
        v.failed = `exit ${out.status ?? out.signal}: ${out.stderr.trim().split('\n').slice(-2).join(' / ')}`;
        process.stderr.write(`  ${v.label} FAILED: ${v.failed}\n`);
        continue;
      }
      v.loop.push(Number(m[1]));
      if (out.sample.rssKb !== undefined) v.rss.push(out.sample.rssKb);
    }
  }
  const added = (v: Variant | undefined) => {
    if (v === undefined || v.failed !== undefined) return undefined;
    const t = sortedNumbers(v.loop);
    const b = sortedNumbers(base.loop);
    if (t.length === 0 || b.length === 0) return undefined;
    return { best: (t[0]! - b[0]!) / s.calls, median: (median(t)! - median(b)!) / s.calls };
  };
  const ta = added(tstap);
  const ba = added(bt);
  const pair = (x: { best: number; median: number } | undefined) =>
    x === undefined ? 'n/a' : `${x.best.toFixed(0)} / ${x.median.toFixed(0)}`;
  const ratio =
    ta === undefined || ba === undefined
      ? 'n/a'
      : `${(ta.best / ba.best).toFixed(2)} / ${(ta.median / ba.median).toFixed(2)}`;
  const rss = (v: Variant | undefined) => {
    const m = median(sortedNumbers(v?.rss ?? []));
    return m === undefined ? '-' : `${(m / 1024).toFixed(1)} MB`;
  };
  const baseLoop = median(sortedNumbers(base.loop));
  const lines = [
    `uprobe bench: ${s.runs} runs, ${s.calls.toLocaleString('en-US')} calls per run; node ${process.version}; ` +
      `${os.cpus().length} CPUs; kernel ${os.release()}; load ${Math.min(...loads).toFixed(2)}..${Math.max(...loads).toFixed(2)}`,
    `bpftrace: ${bpf.path === undefined ? 'not available' : `${bpf.version} (${bpf.path})`}`,
    ...bpf.notes.map((n) => `  ${n}`),
    `untraced call: ${baseLoop === undefined ? 'n/a' : (baseLoop / s.calls).toFixed(1)} ns (median)`,
    `added ns per call, best / median: tstap ${pair(ta)}  bpftrace ${pair(ba)}  tstap/bpftrace ${ratio}`,
    `peak RSS (median): tstap ${rss(tstap)}  bpftrace ${rss(bt)}`,
    ...variants.filter((v) => v.failed !== undefined).map((v) => `${v.label} FAILED: ${v.failed}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return tstap.failed === undefined ? 0 : 1;
}

process.exitCode = main();

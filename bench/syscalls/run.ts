/**
 * `syscall.*` side by side with bpftrace's `tracepoint:syscalls:sys_enter_*`, in one run (issue
 * 5's check). Asserts nothing.
 *
 *     node dist/bench/syscalls/run.js [--runs=N] [--events=N] [--no-bpftrace] [--no-install]
 *
 * Rows: (1) attach + detach: wall time of a run that probes every syscall entry (and, for
 * tstap, every return too) around `-c /usr/bin/true`, minus the tool's start-up (a run of
 * `begin { exit() }`); (2) added nanoseconds per event of a counter on every syscall entry,
 * measured with a C loop calling getpid(2) N times (its loop time traced − untraced, over N).
 * Best and median of `--runs` runs, interleaved; the load average is printed.
 */
import os from 'node:os';
import {
  bpftraceUnlessSkipped,
  buildC,
  GETPID_LOOP_C,
  outDirOf,
  parseOptions,
  repoRoot,
  runnerIn,
  TSTAP,
  writeScript,
} from '../common.js';
import { type Command, median, sortedNumbers } from '../runtime/measure.js';

const outDir = outDirOf('syscalls');

interface Variant {
  readonly label: string;
  readonly cmd: Command;
  readonly wall: number[];
  readonly loop: number[];
  readonly rss: number[];
  failed?: string;
}

function variant(label: string, argv: string[]): Variant {
  return { label, cmd: { argv, cwd: repoRoot }, wall: [], loop: [], rss: [] };
}

function main(): number {
  const s = parseOptions(process.argv.slice(2), {
    runs: 3,
    events: 1_000_000,
    bpftrace: true,
    install: true,
  });
  if (typeof s === 'string') {
    process.stderr.write(`bench:syscalls: ${s}\n`);
    return 2;
  }
  const bin = buildC(outDir, 'getpid-loop', GETPID_LOOP_C);
  const script = (name: string, text: string): string => writeScript(outDir, name, text);
  const bpf = bpftraceUnlessSkipped(s);
  const bt = bpf.path;
  const loop = `${bin} ${s.events}`;
  const V = {
    tStart: variant('tstap start-up', [...TSTAP, script('start.stp', 'probe begin { exit() }\n')]),
    tAttach: variant('tstap syscall.* + syscall.*.return, -c /usr/bin/true', [
      ...TSTAP,
      '-c',
      '/usr/bin/true',
      script(
        'attach.stp',
        'global n\nprobe syscall.* { n++ }\nprobe syscall.*.return { n++ }\nprobe end { println(n > 0) }\n',
      ),
    ]),
    tCount: variant('tstap syscall.* { n++ }', [
      ...TSTAP,
      '-c',
      loop,
      script('count.stp', 'global n\nprobe syscall.* { n++ }\nprobe end { println(n) }\n'),
    ]),
    bStart: bt === undefined ? undefined : variant('bpftrace start-up', [bt, '-e', 'BEGIN { exit(); }']),
    bAttach:
      bt === undefined
        ? undefined
        : variant('bpftrace sys_enter_*, -c /usr/bin/true', [
            bt,
            '-c',
            '/usr/bin/true',
            '-e',
            'tracepoint:syscalls:sys_enter_* { @n = count(); }',
          ]),
    bCount:
      bt === undefined
        ? undefined
        : variant('bpftrace sys_enter_* count', [
            bt,
            '-c',
            loop,
            '-e',
            'tracepoint:syscalls:sys_enter_* { @n = count(); }',
          ]),
    base: variant('untraced loop', [bin, String(s.events)]),
  };
  const runner = runnerIn(outDir);
  const loads: number[] = [];
  const all = Object.values(V).filter((v): v is Variant => v !== undefined);
  for (let round = 1; round <= s.runs; round++) {
    process.stderr.write(`round ${round}/${s.runs} (load ${os.loadavg()[0]!.toFixed(2)})\n`);
    for (const v of all) {
      if (v.failed !== undefined) continue;
      loads.push(os.loadavg()[0]!);
      const out = runner.run(v.cmd, false);
      if (out.status !== 0) {
        v.failed = `exit ${out.status ?? out.signal}: ${out.stderr.trim().split('\n').slice(-2).join(' / ')}`;
        process.stderr.write(`  ${v.label} FAILED: ${v.failed}\n`);
        continue;
      }
      v.wall.push(out.sample.wallMs);
      if (out.sample.rssKb !== undefined) v.rss.push(out.sample.rssKb);
      const m = /GETPID_LOOP_NS (\d+)/.exec(out.stderr);
      if (m !== null) v.loop.push(Number(m[1]));
    }
  }
  const best = (xs: readonly number[]) => sortedNumbers(xs)[0];
  const med = (xs: readonly number[]) => median(sortedNumbers(xs));
  const minus = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? undefined : a - b;
  const attach = (v: Variant | undefined, start: Variant | undefined) =>
    v === undefined || start === undefined
      ? undefined
      : { best: minus(best(v.wall), best(start.wall)), median: minus(med(v.wall), med(start.wall)) };
  const perEvent = (v: Variant | undefined) =>
    v === undefined
      ? undefined
      : {
          best: minus(best(v.loop), best(V.base.loop)),
          median: minus(med(v.loop), med(V.base.loop)),
        };
  const f = (x: number | undefined, scale = 1) => (x === undefined ? 'n/a' : (x / scale).toFixed(0));
  const pair = (x: { best: number | undefined; median: number | undefined } | undefined, scale = 1) =>
    x === undefined ? 'n/a' : `${f(x.best, scale)} / ${f(x.median, scale)}`;
  const ratio = (
    a: { best: number | undefined; median: number | undefined } | undefined,
    b: { best: number | undefined; median: number | undefined } | undefined,
  ) =>
    a?.best === undefined || b?.best === undefined || a.median === undefined || b.median === undefined
      ? 'n/a'
      : `${(a.best / b.best).toFixed(3)} / ${(a.median / b.median).toFixed(3)}`;
  const ta = attach(V.tAttach, V.tStart);
  const ba = attach(V.bAttach, V.bStart);
  const tc = perEvent(V.tCount);
  const bc = perEvent(V.bCount);
  const lines = [
    `syscalls bench: ${s.runs} runs, ${s.events.toLocaleString('en-US')} getpid events; node ${process.version}; ` +
      `${os.cpus().length} CPUs; kernel ${os.release()}; load ${Math.min(...loads).toFixed(2)}..${Math.max(...loads).toFixed(2)}`,
    `bpftrace: ${bt === undefined ? 'not available' : `${bpf.version} (${bt})`}`,
    ...bpf.notes.map((n) => `  ${n}`),
    '',
    `(1) attach + detach (wall − start-up), ms, best / median:  tstap ${pair(ta)}  bpftrace ${pair(ba)}  ratio ${ratio(ta, ba)}`,
    `    (tstap: every syscall entry and return; bpftrace: every sys_enter_* tracepoint)`,
    `(2) counter on every syscall entry, ns/event, best / median:  tstap ${pair(tc, s.events)}  bpftrace ${pair(bc, s.events)}  ratio ${ratio(tc, bc)}`,
    '',
    ...all.map(
      (v) =>
        `  ${v.label}: wall ${f(best(v.wall))} / ${f(med(v.wall))} ms, RSS ${f(med(v.rss), 1024)} MB` +
        (v.failed === undefined ? '' : `  FAILED: ${v.failed}`),
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return V.tAttach.failed !== undefined || V.tCount.failed !== undefined ? 1 : 0;
}

process.exitCode = main();

/**
 * Times pass 1 end to end: `node bin/tstap.js -p1 FILE > /dev/null` on the generated script,
 * N runs, reporting the best and median wall time, and pass-1 throughput: script bytes over
 * (best time − best time of a one-line script), i.e. without Node's and tstap's start-up.
 * Reports numbers; asserts nothing.
 *
 *     node dist/bench/parse/run.js [--runs=N] [--lines=N] [FILE]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateParseBench } from './generate.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Settings {
  readonly runs: number;
  readonly lines: number;
  readonly file: string | undefined;
}

function parseArgs(argv: readonly string[]): Settings {
  let runs = 10;
  let lines = 20_000;
  let file: string | undefined;
  for (const a of argv) {
    if (a.startsWith('--runs=')) runs = Math.max(1, Number(a.slice(7)));
    else if (a.startsWith('--lines=')) lines = Number(a.slice(8));
    else file = a;
  }
  return { runs, lines, file };
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function main(): number {
  const settings = parseArgs(process.argv.slice(2));
  let file = settings.file;
  if (file === undefined) {
    const outDir = path.join(repoRoot, 'bench', 'out');
    mkdirSync(outDir, { recursive: true });
    file = path.join(outDir, 'parse-bench.stp');
    writeFileSync(file, generateParseBench(settings.lines));
  }
  const bytes = statSync(file).size;
  const lineCount = readFileSync(file, 'utf8').split('\n').length;
  const devNull = openSync('/dev/null', 'w');
  const args = [path.join(repoRoot, 'bin', 'tstap.js'), '-p1', file];

  const baseline = timeRuns(
    [path.join(repoRoot, 'bin', 'tstap.js'), '-p1', '-e', 'probe begin {}'],
    settings.runs,
  );
  const timesMs = timeRuns(args, settings.runs);
  if (baseline === undefined || timesMs === undefined) return 1;
  const best = timesMs[0]!;
  const startup = baseline[0]!;
  const mb = bytes / (1024 * 1024);
  const rate = (ms: number) => (ms > startup ? `${(mb / ((ms - startup) / 1000)).toFixed(2)} MiB/s` : 'n/a');
  process.stdout.write(
    `parse bench: ${path.relative(process.cwd(), file)}: ${lineCount} lines, ${mb.toFixed(2)} MiB, ${settings.runs} runs\n` +
      `  best   ${best.toFixed(1)} ms   pass 1: ${rate(best)}\n` +
      `  median ${median(timesMs).toFixed(1)} ms   pass 1: ${rate(median(timesMs))}\n` +
      `  start-up (one-line script, best) ${startup.toFixed(1)} ms, subtracted for the pass-1 rates\n`,
  );
  return 0;

  function timeRuns(argv: readonly string[], runs: number): number[] | undefined {
    const out: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, argv, { stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (r.status !== 0) {
        process.stderr.write(
          `tstap ${argv.slice(1).join(' ')} failed (exit ${r.status}):\n${r.stderr.slice(0, 4000)}\n`,
        );
        return undefined;
      }
      out.push(ms);
    }
    return out.sort((a, b) => a - b);
  }
}

process.exitCode = main();

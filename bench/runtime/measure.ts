/**
 * One timed run of a command: wall time around the whole process (spawn to exit), and, through
 * `/usr/bin/time -f '%U %S %M'`, its CPU time (user + system, children included) and peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

export interface Command {
  readonly argv: readonly string[];
  readonly cwd?: string;
}

export interface Sample {
  readonly wallMs: number;
  /** user + system CPU, undefined without /usr/bin/time. */
  readonly cpuMs: number | undefined;
  /** Peak resident set, KiB (`%M`). */
  readonly rssKb: number | undefined;
}

export interface Outcome {
  readonly sample: Sample;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Standard output when captured, else ''. */
  readonly stdout: string;
  readonly stderr: string;
}

export const TIME_BIN = '/usr/bin/time';

export class Runner {
  private readonly timeAvailable = existsSync(TIME_BIN);

  constructor(
    /** Where `/usr/bin/time -o` writes (one file, reused). */
    private readonly timeFile: string,
    /** Open descriptor of /dev/null for the timed runs. */
    private readonly devNull: number,
  ) {}

  get measuresResources(): boolean {
    return this.timeAvailable;
  }

  /** Runs `cmd` once; `capture` keeps its standard output (the check run), else it goes to /dev/null. */
  run(cmd: Command, capture: boolean): Outcome {
    const [file, ...args] = cmd.argv;
    if (file === undefined) throw new Error('empty command');
    const argv = this.timeAvailable ? ['-f', '%U %S %M', '-o', this.timeFile, file, ...args] : args;
    if (this.timeAvailable) rmSync(this.timeFile, { force: true });
    const start = process.hrtime.bigint();
    const r = spawnSync(this.timeAvailable ? TIME_BIN : file, argv, {
      cwd: cmd.cwd,
      stdio: ['ignore', capture ? 'pipe' : this.devNull, 'pipe'],
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.error !== undefined) throw r.error;
    let cpuMs: number | undefined;
    let rssKb: number | undefined;
    if (this.timeAvailable && existsSync(this.timeFile)) {
      // On failure time(1) writes "Command exited with non-zero status N" first.
      const last = readFileSync(this.timeFile, 'utf8').trim().split('\n').pop() ?? '';
      const m = /^([\d.]+) ([\d.]+) (\d+)$/.exec(last.trim());
      if (m !== null) {
        cpuMs = (Number(m[1]) + Number(m[2])) * 1000;
        rssKb = Number(m[3]);
      }
    }
    let status = r.status;
    // time(1) reports a command killed by a signal as "Command terminated by signal N", exit 128+N.
    if (
      this.timeAvailable &&
      status !== null &&
      status > 128 &&
      /terminated by signal/.test(this.readTime())
    ) {
      status = -1;
    }
    return {
      sample: { wallMs, cpuMs, rssKb },
      status,
      signal: r.signal,
      stdout: capture ? (r.stdout ?? '') : '',
      stderr: r.stderr ?? '',
    };
  }

  private readTime(): string {
    return existsSync(this.timeFile) ? readFileSync(this.timeFile, 'utf8') : '';
  }
}

export function sortedNumbers(values: readonly (number | undefined)[]): number[] {
  return values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
}

export function median(sorted: readonly number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

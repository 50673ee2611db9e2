/**
 * The scripts of the runtime benchmark, in SystemTap for tstap and in bpftrace, and the checks of
 * their output (each is run once, untimed, before the timed runs, so a wrong or truncated result
 * cannot pass as a fast one).
 *
 * Every case computes the same thing in both languages:
 *
 * - ops: a loop whose body is 10 arithmetic and array operations — `x = (i * 3 + 7) % 1024`
 *   (`*`, `+`, `%`), `a[x] = a[x] + (i << 2)` (read, `<<`, `+`, write), `s += a[x] % 13` (read,
 *   `%`, `+=`) — on a global array, plus the loop's compare and increment; it prints `s`.
 * - foreach: fill `a[i] = (i * 7919) % 1000003` (distinct values), then visit the keys sorted by
 *   value, descending, folding `s = (s * 31 + a[k] + k) % 1000000007` — a sum that depends on the
 *   order, so the check also proves the sort.
 * - printf: `printf("line %d: %s %x %5d|%-8s|\n", i, "abc", i * 3, i % 1000, "x")` per line.
 */

export const OPS_PER_ITERATION = 10;
const FOREACH_MODULUS = 1_000_003; // prime: (i * 7919) % p is distinct for i < p
const FOREACH_FOLD = 1_000_000_007;

/** Judges a run's standard output. */
export type Check = (stdout: string) => CheckResult;

export interface CheckResult {
  /** Set when the output is wrong: the timed runs of this variant are skipped. */
  readonly error?: string;
  /** Set for a degraded but usable result (bpftrace's lost events). */
  readonly warning?: string;
}

// ------------------------------------------------------------------------------ expected values

/** `s` after `firings` runs of the ops loop of `iterations` iterations on one persistent array. */
export function expectedOps(firings: number, iterations: number): bigint {
  const a = new Float64Array(1024);
  let s = 0;
  for (let f = 0; f < firings; f++) {
    for (let i = 0; i < iterations; i++) {
      const x = (i * 3 + 7) % 1024;
      a[x] = a[x]! + i * 4;
      s += a[x]! % 13;
    }
  }
  return BigInt(s);
}

export function expectedForeach(keys: number): bigint {
  const order = Array.from({ length: keys }, (_, k) => k);
  const value = (k: number) => (k * 7919) % FOREACH_MODULUS;
  order.sort((x, y) => value(y) - value(x));
  let s = 0;
  for (const k of order) s = (s * 31 + value(k) + k) % FOREACH_FOLD;
  return BigInt(s);
}

/** Line `i` of the printf case, without its newline. */
export function printfLine(i: number): string {
  const d5 = String(i % 1000).padStart(5, ' ');
  return `line ${i}: abc ${(i * 3).toString(16)} ${d5}|x       |`;
}

// ------------------------------------------------------------------------------ checks

/** The output must hold exactly one line with the number `want`. */
export function checkNumber(want: bigint): Check {
  return (stdout) => {
    const lines = stdout.split('\n').filter((l) => l.trim() !== '');
    const got = lines.find((l) => /^-?\d+$/.test(l.trim()));
    if (got === undefined) return { error: `no result line in ${JSON.stringify(stdout.slice(0, 200))}` };
    return BigInt(got.trim()) === want ? {} : { error: `printed ${got.trim()}, expected ${want}` };
  };
}

/**
 * `lines` printf lines in order. With `lossy`, missing lines (bpftrace's "Lost N events") are a
 * warning, and the lines that arrived must still be well formed.
 */
export function checkPrintf(lines: number, lossy: boolean): Check {
  return (stdout) => {
    let count = 0;
    let bad: string | undefined;
    let lostReported = 0;
    let start = 0;
    let expectNext = 0;
    while (start < stdout.length) {
      let end = stdout.indexOf('\n', start);
      if (end < 0) end = stdout.length;
      const line = stdout.slice(start, end);
      start = end + 1;
      if (line.startsWith('line ')) {
        const i = lossy ? Number(line.slice(5, line.indexOf(':'))) : expectNext;
        if (bad === undefined && line !== printfLine(i)) bad = `line ${count + 1} is ${JSON.stringify(line)}`;
        count++;
        expectNext++;
      } else {
        const lost = /^Lost (\d+) events/.exec(line);
        if (lost !== null) lostReported += Number(lost[1]);
      }
    }
    if (bad !== undefined) return { error: bad };
    if (count === lines) return {};
    if (!lossy || count > lines) return { error: `${count} lines, expected ${lines}` };
    const pct = (((lines - count) / lines) * 100).toFixed(1);
    return {
      warning: `${lines - count} of ${lines} lines lost (${pct} %; bpftrace reported "Lost ${lostReported} events")`,
    };
  };
}

// ------------------------------------------------------------------------------ scripts

export function stapStartup(): string {
  return 'probe begin { exit() }\n';
}

export function bpftraceStartup(): string {
  return 'BEGIN { exit(); }\n';
}

export function stapOps(iterations: number): string {
  return `global a[1024]
probe begin {
  s = 0
  for (i = 0; i < ${iterations}; i++) {
    x = (i * 3 + 7) % 1024
    a[x] = a[x] + (i << 2)
    s += a[x] % 13
  }
  printf("%d\\n", s)
  exit()
}
`;
}

const BPFTRACE_OPS_LOOP = (iterations: number) =>
  `  $i = 0; $s = 0;
  while ($i < ${iterations}) {
    $x = ($i * 3 + 7) % 1024;
    @a[$x] = @a[$x] + ($i << 2);
    $s += @a[$x] % 13;
    $i++;
  }`;

/** The whole loop in BEGIN (the verifier bounds `iterations`). */
export function bpftraceOpsBegin(iterations: number): string {
  return `BEGIN {
${BPFTRACE_OPS_LOOP(iterations)}
  printf("%d\\n", $s);
  clear(@a);
  exit();
}
`;
}

/**
 * The loop in a tracepoint that the `-c` command (perl calling getppid) fires once per chunk:
 * BEGIN runs once and its loop is bounded by the verifier, so a large count needs many firings.
 */
export function bpftraceOpsDriven(iterations: number): string {
  return `tracepoint:syscalls:sys_enter_getppid /pid == cpid/ {
${BPFTRACE_OPS_LOOP(iterations)}
  @s = @s + $s;
}
END {
  printf("%d\\n", @s);
  clear(@a);
  clear(@s);
}
`;
}

export function stapForeach(keys: number): string {
  return `global a[${keys}]
probe begin {
  for (i = 0; i < ${keys}; i++) a[i] = (i * 7919) % ${FOREACH_MODULUS}
  s = 0
  foreach (k in a-) s = (s * 31 + a[k] + k) % ${FOREACH_FOLD}
  printf("%d\\n", s)
  exit()
}
`;
}

const PRINTF_FORMAT = '"line %d: %s %x %5d|%-8s|\\n"';

export function stapPrintf(lines: number): string {
  return `probe begin {
  for (i = 0; i < ${lines}; i++) printf(${PRINTF_FORMAT}, i, "abc", i * 3, i % 1000, "x")
  exit()
}
`;
}

export function bpftracePrintfBegin(lines: number): string {
  return `BEGIN {
  $i = 0;
  while ($i < ${lines}) {
    printf(${PRINTF_FORMAT}, $i, "abc", $i * 3, $i % 1000, "x");
    $i++;
  }
  exit();
}
`;
}

/** One line per getppid of the `-c` command. */
export function bpftracePrintfDriven(): string {
  return `tracepoint:syscalls:sys_enter_getppid /pid == cpid/ {
  printf(${PRINTF_FORMAT}, @i, "abc", @i * 3, @i % 1000, "x");
  @i = @i + 1;
}
END {
  clear(@i);
}
`;
}

/** The `-c` command of the driven bpftrace variants: `perl DRIVER N` makes N getppid calls. */
export const GETPPID_DRIVER = 'my $n = shift; getppid() for 1 .. $n;\n';

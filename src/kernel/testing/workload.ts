/**
 * Child processes that make a known number of system or library calls once told to go, so a
 * test can attach to them (by tgid) between spawn and start.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** getpid / getppid system call numbers. */
const SYSCALLS: Record<string, { getpid: number }> = { x64: { getpid: 39 }, arm64: { getpid: 172 } };

let perl: boolean | undefined;

/** Why the workloads cannot run here, or undefined. */
export function workloadUnavailableReason(): string | undefined {
  perl ??= spawnSync('perl', ['-e', '1']).status === 0;
  if (!perl) return 'needs perl for the child workload';
  if (SYSCALLS[process.arch] === undefined) return `no syscall numbers for ${process.arch}`;
  return undefined;
}

/**
 * Runs perl `body` in a child after `beforeStart(pid)` resolves (the test attaches there).
 * The child prints "ready", waits for a line on stdin, runs the body and exits.
 */
export async function runPerl(
  body: string,
  beforeStart: (pid: number) => Promise<void> | void,
): Promise<number> {
  const script = `$| = 1; print "ready\\n"; <STDIN>; ${body}; exit 0;`;
  const child = spawn('perl', ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const [first] = (await once(lines, 'line')) as [string];
  if (first !== 'ready') throw new Error(`workload said ${first}`);
  try {
    await beforeStart(child.pid!);
  } finally {
    child.stdin.end('go\n');
  }
  const [code] = (await once(child, 'exit')) as [number | null];
  lines.close();
  return code ?? -1;
}

/** Perl that makes `n` getpid system calls (not cached by libc: a raw syscall()). */
export function getpidLoop(n: number): string {
  return `syscall(${SYSCALLS[process.arch]!.getpid}) for 1..${n}`;
}

/**
 * `-c CMD`: the command runs under `/bin/sh -c`, created before the begin probes (so `target()`
 * is its pid there) but held until they have run, as staprun starts it stopped and resumes it.
 * The hold is a shell `read` on an extra pipe; `exec` keeps the pid when CMD starts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Writable } from 'node:stream';

export interface TargetExit {
  /** Exit status, or undefined when a signal ended it. */
  readonly status: number | undefined;
  readonly signal: NodeJS.Signals | undefined;
}

export class TargetCommand {
  private readonly child: ChildProcess;
  private released = false;
  readonly exited: Promise<TargetExit>;
  private done = false;

  constructor(command: string) {
    this.child = spawn('/bin/sh', ['-c', 'read _ <&3; exec 3<&-; exec /bin/sh -c "$0"', command], {
      stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.done = true;
        resolve({ status: code ?? undefined, signal: signal ?? undefined });
      });
      this.child.on('error', () => {
        this.done = true;
        resolve({ status: 127, signal: undefined });
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get running(): boolean {
    return !this.done;
  }

  /** Lets the command start (after the begin probes). */
  release(): void {
    if (this.released) return;
    this.released = true;
    const gate = this.child.stdio[3] as Writable | null | undefined;
    gate?.on('error', () => {});
    gate?.end('\n');
  }

  /** The session is over: the command may run on, and tstap does not wait for it (as staprun). */
  detach(): void {
    this.child.unref();
    for (const stream of this.child.stdio) {
      if (stream !== null && stream !== undefined && 'destroy' in stream) stream.destroy();
    }
  }

  /** A command never released is killed, as staprun kills it when startup fails. */
  abandon(): void {
    if (!this.released && !this.done) this.child.kill('SIGKILL');
  }
}

/** The message staprun prints when the command failed (`WARNING: ` is added by the caller). */
export function targetExitWarning(exit: TargetExit): string | undefined {
  if (exit.signal !== undefined) {
    const names: Partial<Record<NodeJS.Signals, string>> = {
      SIGKILL: 'Killed',
      SIGTERM: 'Terminated',
      SIGINT: 'Interrupt',
      SIGSEGV: 'Segmentation fault',
      SIGABRT: 'Aborted',
      SIGHUP: 'Hangup',
      SIGQUIT: 'Quit',
      SIGPIPE: 'Broken pipe',
    };
    const num = signalNumber(exit.signal);
    return `Child process exited with signal ${num} (${names[exit.signal] ?? exit.signal})`;
  }
  if (exit.status !== undefined && exit.status !== 0)
    return `Child process exited with status ${exit.status}`;
  return undefined;
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}

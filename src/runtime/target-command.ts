/**
 * `-c CMD`: the command runs under `/bin/sh -c`, created before the begin probes (so `target()`
 * is its pid there) but held until they have run, as staprun starts it stopped and resumes it.
 * The hold is a shell `read` on an extra pipe; `exec` keeps the pid when CMD starts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
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
    // Without shell metacharacters, staprun execs the words themselves (wordexp + execvp): the
    // command's own process is target(), which a uprobe-traced program needs.
    const direct = !/[|&;<>(){}\n]/.test(command) && isProgram(command);
    const script = direct ? `exec ${command}` : command;
    this.child = spawn('/bin/sh', ['-c', 'read _ <&3; exec 3<&-; exec /bin/sh -c "$0"', script], {
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

/** Words the shell runs itself even when a file of that name is on PATH. */
const SHELL_BUILTINS = new Set([
  'exec',
  'exit',
  'cd',
  'eval',
  'set',
  'export',
  'ulimit',
  'umask',
  'trap',
  '.',
]);

/** Whether the command's first word names an executable file (not a shell builtin such as `exit`). */
function isProgram(command: string): boolean {
  const m = /^\s*(?:'([^']*)'|"([^"]*)"|([^\s'"]+))/.exec(command);
  const word = m?.[1] ?? m?.[2] ?? m?.[3];
  if (word === undefined || word === '' || SHELL_BUILTINS.has(word)) return false;
  const candidates = word.includes('/')
    ? [word]
    : (process.env.PATH ?? '/usr/bin:/bin').split(':').map((dir) => path.join(dir || '.', word));
  return candidates.some((file) => {
    try {
      accessSync(file, fsConstants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  });
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

/**
 * An attachment: the fds that keep a program attached (BPF links and the perf events under
 * them). Closing them detaches; so does the process dying, since nothing is ever pinned.
 */
import { close, closeAsync } from '../sys/index.js';

export type LinkKind = 'tracepoint' | 'raw_tracepoint' | 'tracing' | 'perf_event' | 'uprobe' | 'kprobe';

export class Link {
  readonly kind: LinkKind;
  /** What is attached, for messages: `tracepoint syscalls:sys_enter_getpid`. */
  readonly target: string;
  #fds: number[];

  /** `fds`: link fds first, then the perf event fds they sit on (closed in that order). */
  constructor(kind: LinkKind, target: string, fds: readonly number[]) {
    this.kind = kind;
    this.target = target;
    this.#fds = [...fds];
  }

  get isClosed(): boolean {
    return this.#fds.length === 0;
  }

  /** The fds held, for diagnostics and tests. */
  get fds(): readonly number[] {
    return this.#fds;
  }

  /** Detach now, blocking the thread (a perf event close can take 50–100 ms). */
  close(): void {
    const fds = this.#fds;
    this.#fds = [];
    for (const fd of fds) close(fd);
  }

  /** Detach on worker threads, all fds in parallel, without blocking the event loop. */
  async closeAsync(): Promise<void> {
    const fds = this.#fds;
    this.#fds = [];
    await Promise.all(fds.map((fd) => closeAsync(fd)));
  }
}

/** Closes fds opened before a later step failed. */
export function closeAll(fds: readonly number[]): void {
  for (const fd of fds) close(fd);
}

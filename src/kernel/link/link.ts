/**
 * An attachment: the fds that keep a program attached (BPF links and the perf events under
 * them). Closing them detaches; so does the process dying, since nothing is ever pinned.
 */
import { close, closeAsync } from '../sys/index.js';
import { holdPerfEvents } from './deferred-release.js';

export type LinkKind = 'tracepoint' | 'raw_tracepoint' | 'tracing' | 'perf_event' | 'uprobe' | 'kprobe';

export class Link {
  readonly kind: LinkKind;
  /** What is attached, for messages: `tracepoint syscalls:sys_enter_getpid`. */
  readonly target: string;
  #fds: number[];
  /** Which of `#fds` are perf events. */
  #perfFds: number[];

  /**
   * `fds`: link fds first, then the perf event fds they sit on (closed in that order);
   * `perfFds` says which are perf events.
   */
  constructor(kind: LinkKind, target: string, fds: readonly number[], perfFds: readonly number[] = []) {
    this.kind = kind;
    this.target = target;
    this.#fds = [...fds];
    this.#perfFds = perfFds.filter((fd) => fds.includes(fd));
  }

  get isClosed(): boolean {
    return this.#fds.length === 0;
  }

  /** The fds held, for diagnostics and tests. */
  get fds(): readonly number[] {
    return this.#fds;
  }

  /** The perf event fds among `fds`. */
  get perfFds(): readonly number[] {
    return this.#perfFds;
  }

  /** Detach now, blocking the thread (a perf event close can take 50–100 ms). */
  close(): void {
    const fds = this.#fds;
    this.#fds = [];
    this.#perfFds = [];
    for (const fd of fds) close(fd);
  }

  /**
   * Detach on worker threads, all fds in parallel, without blocking the event loop. When BPF
   * links detach the program, the perf events under them are handed to the kernel to tear down
   * on its own time (deferred-release.ts): the program is detached when this resolves; the
   * tracepoint's unregistration follows in a kernel worker, whether or not this process lives.
   */
  async closeAsync(): Promise<void> {
    const fds = this.#fds;
    const perf = this.#perfFds;
    this.#fds = [];
    this.#perfFds = [];
    const links = fds.filter((fd) => !perf.includes(fd));
    // Without a link fd (the ioctl attach) closing the perf event is what detaches the program.
    const held = links.length > 0 ? holdPerfEvents(perf) : undefined;
    if (held === undefined) {
      await Promise.all(fds.map((fd) => closeAsync(fd)));
      return;
    }
    // Not the last reference any more: these closes return at once.
    for (const fd of perf) close(fd);
    await Promise.all(links.map((fd) => closeAsync(fd)));
    held.release();
  }
}

/** Closes fds opened before a later step failed. */
export function closeAll(fds: readonly number[]): void {
  for (const fd of fds) close(fd);
}

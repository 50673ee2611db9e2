/**
 * Everything one run puts into the kernel, tracked so that it all goes away together: links
 * and perf events, ring-buffer mappings, programs, maps and BTF objects.
 *
 * What guarantees cleanup even when this code never runs (SIGKILL, a crash): the kernel frees
 * a BPF object when its last reference goes, and every reference tstap creates is a file
 * descriptor of this process — nothing is pinned in bpffs, every fd is O_CLOEXEC (bpf(2) fds
 * always are; perf events are opened with PERF_FLAG_FD_CLOEXEC) so a target command never
 * inherits one, and ring-buffer mappings die with the address space. The session adds order
 * and speed on a normal exit: detach first (asynchronously: a perf event close can take
 * 50–100 ms), then unmap, then close programs and maps.
 */
import { constants } from 'node:os';
import type { Link } from './link/index.js';
import { BpfMap, type MapSpec } from './map.js';
import { BpfProgram, type ProgramLoadResult, type ProgramSpec } from './program.js';
import {
  type RecordCallback,
  RingBuffer,
  RingBufferPoller,
  type RingBufferPollOptions,
} from './ringbuf/index.js';
import { close, type SysResult } from './sys/index.js';

export class KernelSession {
  readonly #links: Link[] = [];
  readonly #pollers: RingBufferPoller[] = [];
  readonly #rings: RingBuffer[] = [];
  readonly #programs: BpfProgram[] = [];
  readonly #maps: BpfMap[] = [];
  readonly #fds: number[] = [];
  #closed = false;

  get isClosed(): boolean {
    return this.#closed;
  }

  /** Counts of what is held, for -v output and tests. */
  get counts(): { links: number; rings: number; programs: number; maps: number; fds: number } {
    return {
      links: this.#links.filter((l) => !l.isClosed).length,
      rings: this.#rings.filter((r) => !r.isClosed).length,
      programs: this.#programs.filter((p) => !p.isClosed).length,
      maps: this.#maps.filter((m) => !m.isClosed).length,
      fds: this.#fds.length,
    };
  }

  #checkOpen(): void {
    if (this.#closed) throw new Error('kernel session used after close');
  }

  createMap(spec: MapSpec): SysResult<BpfMap> {
    this.#checkOpen();
    const r = BpfMap.create(spec);
    if (r.ok) this.#maps.push(r.value);
    return r;
  }

  loadProgram(spec: ProgramSpec): ProgramLoadResult {
    this.#checkOpen();
    const r = BpfProgram.load(spec);
    if (r.ok) this.#programs.push(r.value);
    return r;
  }

  /** Tracks the result of an attach helper (`attachTracepoint(...)` and friends). */
  attached(r: SysResult<Link>): SysResult<Link> {
    this.#checkOpen();
    if (r.ok) this.#links.push(r.value);
    return r;
  }

  /** Tracks a bare fd (a BTF object) to close with the session. */
  trackFd(fd: number): number {
    this.#checkOpen();
    this.#fds.push(fd);
    return fd;
  }

  openRingBuffer(map: BpfMap): SysResult<RingBuffer> {
    this.#checkOpen();
    const r = RingBuffer.open(map);
    if (r.ok) this.#rings.push(r.value);
    return r;
  }

  /** Starts consuming `ring` from the event loop; stopped when the session closes. */
  pollRingBuffer(
    ring: RingBuffer,
    onRecord: RecordCallback,
    options?: RingBufferPollOptions,
  ): RingBufferPoller {
    this.#checkOpen();
    const poller = new RingBufferPoller(ring, onRecord, options);
    this.#pollers.push(poller);
    poller.start();
    return poller;
  }

  /**
   * Detaches every program (links and perf events closed on worker threads, in parallel).
   * Records already in ring buffers stay readable: drain them after this, then `close()`.
   */
  async detach(): Promise<void> {
    const links = this.#links.splice(0);
    await Promise.all(links.map((l) => l.closeAsync()));
  }

  /** Detaches (asynchronously), stops polling, unmaps rings, closes programs, maps and fds. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of this.#pollers.splice(0)) p.close();
    await this.detach();
    this.#releaseRest();
  }

  /** Everything at once on this thread (for exit paths that cannot wait). */
  closeSync(): void {
    this.#closed = true;
    for (const p of this.#pollers.splice(0)) p.close();
    for (const l of this.#links.splice(0)) l.close();
    this.#releaseRest();
  }

  #releaseRest(): void {
    for (const r of this.#rings.splice(0)) r.close();
    for (const p of this.#programs.splice(0)) p.close();
    for (const m of this.#maps.splice(0)) m.close();
    for (const fd of this.#fds.splice(0)) close(fd);
  }

  /**
   * Closes the session on SIGINT, SIGTERM and SIGHUP, then lets the signal take its default
   * course (the exit status says which signal). A second signal while closing exits at once;
   * the kernel reclaims whatever is left. Returns a function that removes the handlers. A
   * runtime that handles Ctrl-C itself (to run `end` probes) calls `detach`/`close` instead.
   */
  guardProcess(signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']): () => void {
    let closing = false;
    const handler = (signal: NodeJS.Signals): void => {
      if (closing) process.exit(128 + constants.signals[signal]);
      closing = true;
      void this.close().finally(() => {
        remove();
        process.kill(process.pid, signal);
      });
    };
    const remove = (): void => {
      for (const s of signals) process.off(s, handler);
    };
    for (const s of signals) process.on(s, handler);
    return remove;
  }
}

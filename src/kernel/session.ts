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
import { bpf, C, close, mapCreate, mapUpdateElem, ok, type SysResult } from './sys/index.js';

/** linux/bpf.h `enum bpf_map_type`. */
const BPF_MAP_TYPE_ARRAY_OF_MAPS = 12;
/** `union bpf_attr` for BPF_MAP_CREATE through map_extra, and `inner_map_fd`'s offset in it. */
const MAP_CREATE_ATTR_BYTES = 72;
const INNER_MAP_FD_OFFSET = 20;

export class KernelSession {
  readonly #links: Link[] = [];
  readonly #pollers: RingBufferPoller[] = [];
  readonly #rings: RingBuffer[] = [];
  readonly #programs: BpfProgram[] = [];
  readonly #maps: BpfMap[] = [];
  readonly #fds: number[] = [];
  /** Link closes under way (`detach`), which `close` waits for. */
  #detaching: Promise<unknown> = Promise.resolve();
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
   * Detaches every program (links closed on worker threads, in parallel; perf events under BPF
   * links left to the kernel to tear down: see Link.closeAsync). Records already in ring buffers
   * stay readable; a handler that was running may still be writing one until
   * `waitForRunningPrograms` returns. `close()` waits for detaches under way.
   */
  async detach(): Promise<void> {
    const links = this.#links.splice(0);
    this.#detaching = Promise.all([this.#detaching, ...links.map((l) => l.closeAsync())]);
    await this.#detaching;
  }

  /**
   * Returns once every BPF program that was running when it was called has returned, attached
   * or not: updating a map-in-map waits for an RCU grace period (maybe_wait_bpf_programs in
   * kernel/bpf/syscall.c, 4.19: "so that userspace knows that all non-sleepable programs that
   * could be running use the new map value"), and tracing programs run inside RCU read-side
   * sections. 5–40 ms here; a detach waits for the same and more (50–100 ms per tracepoint).
   */
  waitForRunningPrograms(): SysResult<void> {
    this.#checkOpen();
    const inner = mapCreate({ mapType: C.BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 4, maxEntries: 1 });
    if (!inner.ok) return inner;
    try {
      const attr = Buffer.alloc(MAP_CREATE_ATTR_BYTES);
      attr.writeUInt32LE(BPF_MAP_TYPE_ARRAY_OF_MAPS, 0);
      attr.writeUInt32LE(4, 4); // key size
      attr.writeUInt32LE(4, 8); // value size: a map fd
      attr.writeUInt32LE(1, 12); // max entries
      attr.writeUInt32LE(inner.value, INNER_MAP_FD_OFFSET);
      const outer = bpf(C.BPF_MAP_CREATE, attr);
      if (!outer.ok) return outer;
      const key = Buffer.alloc(4);
      const value = Buffer.alloc(4);
      value.writeUInt32LE(inner.value);
      const updated = mapUpdateElem(outer.value, key, value, C.BPF_ANY);
      close(outer.value);
      return updated.ok ? ok(undefined) : updated;
    } finally {
      close(inner.value);
    }
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

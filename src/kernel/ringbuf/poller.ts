/**
 * Drives a RingBuffer from the event loop with batched wakeups (measured in
 * reference/spike-koffi-bpf.md §4: draining on every wakeup doubles the per-event cost,
 * because each caught-up drain makes the kernel queue another irq_work wakeup).
 *
 * - `poll` (default): an epoll watch on the ring fd; after each drain the watch is stopped and
 *   re-armed `batchMs` later. Low latency when idle (~50 µs), bounded wakeups when busy. A
 *   consumer that is behind (an eighth of the ring or more still pending after a drain) drains
 *   again as soon as the event loop has had its turn instead of sleeping: only one that has
 *   caught up waits for the next batch.
 * - `interval`: drain every `batchMs` on a timer; pair with BPF_RB_NO_WAKEUP in the programs.
 *   The fallback when the FFI offers no fd watch.
 */
import { type FdPoller, pollReadable } from '../sys/index.js';
import type { RecordCallback, RingBuffer } from './reader.js';

export type RingBufferPollMode = 'poll' | 'interval';

export interface RingBufferPollOptions {
  readonly mode?: RingBufferPollMode;
  /** Delay between drains under load (poll) or the timer period (interval). Default 1 ms. */
  readonly batchMs?: number;
  /** Let the process exit while polling (default: polling keeps the event loop alive). */
  readonly unref?: boolean;
  /** Called after every drain (to flush output the records produced). */
  readonly onDrained?: () => void;
}

export class RingBufferPoller {
  readonly ring: RingBuffer;
  readonly mode: RingBufferPollMode;
  readonly #onRecord: RecordCallback;
  readonly #batchMs: number;
  readonly #unref: boolean;
  readonly #onDrained: (() => void) | undefined;
  /** Pending bytes after a drain at which the next drain comes at once. */
  readonly #behindBytes: number;
  #fdPoller: FdPoller | undefined;
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;
  #running = false;
  #wakeups = 0;

  constructor(ring: RingBuffer, onRecord: RecordCallback, options: RingBufferPollOptions = {}) {
    this.ring = ring;
    this.#onRecord = onRecord;
    this.#batchMs = options.batchMs ?? 1;
    this.#onDrained = options.onDrained;
    this.#behindBytes = ring.sizeBytes / 8;
    let mode = options.mode ?? 'poll';
    if (mode === 'poll') {
      this.#fdPoller = pollReadable(ring.fd, () => this.#onReadable());
      if (this.#fdPoller === undefined) mode = 'interval';
      else if (options.unref === true) this.#fdPoller.unref();
    }
    this.mode = mode;
    this.#unref = options.unref === true;
  }

  /** Times the kernel woke us (poll mode). */
  get wakeups(): number {
    return this.#wakeups;
  }

  start(): void {
    if (this.#running || this.ring.isClosed) return;
    this.#running = true;
    if (this.mode === 'poll') this.#fdPoller!.start();
    else {
      this.#timer = setInterval(() => this.drain(), this.#batchMs);
      if (this.#unref) this.#timer.unref();
    }
  }

  /** Drains now (also the final drain after detaching the programs). */
  drain(): number {
    const n = this.ring.consume(this.#onRecord);
    this.#onDrained?.();
    return n;
  }

  /** Stops polling; records already in the ring stay there for a final `drain()`. */
  stop(): void {
    this.#running = false;
    this.#fdPoller?.stop();
    if (this.#timer !== undefined) {
      clearInterval(this.#timer);
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#immediate !== undefined) clearImmediate(this.#immediate);
    this.#immediate = undefined;
  }

  /** Stops and releases the fd watch (the ring itself is closed by its owner). */
  close(): void {
    this.stop();
    this.#fdPoller?.close();
    this.#fdPoller = undefined;
  }

  #onReadable(): void {
    if (!this.#running) return;
    this.#wakeups++;
    this.#fdPoller?.stop();
    this.#drainThenWait();
  }

  /** Drains; then drains again at once while behind, else waits a batch and re-arms the watch. */
  #drainThenWait(): void {
    this.drain();
    if (!this.#running) return;
    if (this.ring.pendingBytes() >= this.#behindBytes) {
      this.#immediate = setImmediate(() => {
        this.#immediate = undefined;
        if (this.#running) this.#drainThenWait();
      });
      if (this.#unref) this.#immediate.unref();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#running) return;
      this.drain();
      this.#fdPoller?.start();
    }, this.#batchMs);
    if (this.#unref) this.#timer.unref();
  }
}

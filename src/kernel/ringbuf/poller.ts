/**
 * Drives a RingBuffer from the event loop with batched wakeups (measured in
 * reference/spike-koffi-bpf.md §4: draining on every wakeup doubles the per-event cost,
 * because each caught-up drain makes the kernel queue another irq_work wakeup).
 *
 * - `poll` (default): an epoll watch on the ring fd; after each drain the watch is stopped and
 *   re-armed `batchMs` later. Low latency when idle (~50 µs), bounded wakeups when busy.
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
}

export class RingBufferPoller {
  readonly ring: RingBuffer;
  readonly mode: RingBufferPollMode;
  readonly #onRecord: RecordCallback;
  readonly #batchMs: number;
  readonly #unref: boolean;
  #fdPoller: FdPoller | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #wakeups = 0;

  constructor(ring: RingBuffer, onRecord: RecordCallback, options: RingBufferPollOptions = {}) {
    this.ring = ring;
    this.#onRecord = onRecord;
    this.#batchMs = options.batchMs ?? 1;
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
    return this.ring.consume(this.#onRecord);
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
    this.drain();
    this.#fdPoller?.stop();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#running) return;
      this.drain();
      this.#fdPoller?.start();
    }, this.#batchMs);
    if (this.#unref) this.#timer.unref();
  }
}

/**
 * The user-space side of a BPF_MAP_TYPE_RINGBUF (5.8): the consumer page mapped read-write,
 * the producer page and the data area mapped read-only — the data area twice in a row, so a
 * record that wraps around the end is still contiguous and is read in place.
 *
 * Memory ordering follows libbpf's ringbuf.c: the producer position and each record's length
 * word are read with acquire semantics, the consumer position written with release semantics.
 * JS Atomics on views of the mapping are sequentially consistent, which is at least that
 * strong (correct on arm64 too), and cost ~10 ns per record.
 *
 * The hot path allocates nothing: records are handed to the callback as (view, offset,
 * length) over the mapping; positions are plain numbers (exact up to 2^53 bytes).
 */
import type { BpfMap } from '../map.js';
import { C, type Mapping, mmapShared, munmap, ok, pageSize, type SysResult, sysError } from '../sys/index.js';

/**
 * Called once per submitted record. `view` spans the double-mapped data area; the record's
 * bytes are `view[offset .. offset + length)`. The view is valid only during the call.
 */
export type RecordCallback = (view: DataView, offset: number, length: number) => void;

export interface RingBufferStats {
  /** Records delivered to the callback. */
  readonly records: number;
  /** Records the producer discarded (bpf_ringbuf_discard), skipped. */
  readonly discarded: number;
  /** Calls to `consume` that found data. */
  readonly drains: number;
}

const BUSY = C.BPF_RINGBUF_BUSY_BIT | 0; // as a signed 32-bit value
const DISCARD = C.BPF_RINGBUF_DISCARD_BIT;
const LENGTH_MASK = ~(C.BPF_RINGBUF_BUSY_BIT | C.BPF_RINGBUF_DISCARD_BIT);

export class RingBuffer {
  readonly fd: number;
  readonly sizeBytes: number;
  #consumer: Mapping | undefined;
  #producer: Mapping | undefined;
  #consumerPos: BigUint64Array;
  #producerPos: BigUint64Array;
  #headers: Int32Array;
  #view: DataView;
  #position: number;
  #mask: number;
  #pageBytes: number;
  #draining = false;
  #closeRequested = false;
  #records = 0;
  #discarded = 0;
  #drains = 0;

  private constructor(fd: number, sizeBytes: number, consumer: Mapping, producer: Mapping, page: number) {
    this.fd = fd;
    this.sizeBytes = sizeBytes;
    this.#consumer = consumer;
    this.#producer = producer;
    this.#pageBytes = page;
    this.#consumerPos = new BigUint64Array(consumer.buffer, 0, 1);
    this.#producerPos = new BigUint64Array(producer.buffer, 0, 1);
    this.#headers = new Int32Array(producer.buffer, page, (2 * sizeBytes) / 4);
    this.#view = new DataView(producer.buffer, page, 2 * sizeBytes);
    this.#mask = sizeBytes - 1;
    this.#position = Number(Atomics.load(this.#consumerPos, 0));
  }

  /** Maps the ring of a RINGBUF map. The map must stay open as long as the RingBuffer. */
  static open(map: BpfMap): SysResult<RingBuffer> {
    if (map.spec.type !== 'ringbuf')
      return sysError('ringbuf', C.EINVAL, `(${map.spec.name} is not a ringbuf map)`);
    return RingBuffer.openFd(map.fd, map.spec.maxEntries);
  }

  /** Maps the ring of the RINGBUF map `fd` whose max_entries is `sizeBytes`. */
  static openFd(fd: number, sizeBytes: number): SysResult<RingBuffer> {
    const page = pageSize();
    const consumer = mmapShared(fd, page, C.PROT_READ | C.PROT_WRITE, 0);
    if (!consumer.ok) return { ...consumer, message: `ringbuf consumer page: ${consumer.message}` };
    const producer = mmapShared(fd, page + 2 * sizeBytes, C.PROT_READ, page);
    if (!producer.ok) {
      munmap(consumer.value);
      return { ...producer, message: `ringbuf data pages: ${producer.message}` };
    }
    return ok(new RingBuffer(fd, sizeBytes, consumer.value, producer.value, page));
  }

  get isClosed(): boolean {
    return this.#producer === undefined;
  }

  get stats(): RingBufferStats {
    return { records: this.#records, discarded: this.#discarded, drains: this.#drains };
  }

  /** Bytes submitted or reserved but not yet consumed. */
  pendingBytes(): number {
    if (this.#producer === undefined) return 0;
    return Number(Atomics.load(this.#producerPos, 0)) - this.#position;
  }

  /**
   * Delivers committed records to `onRecord`, in order, and releases their space to the
   * producer. Stops at a record still being written (busy bit), when the ring is empty, or
   * after `maxBytes` (default: one ring's worth) so that a producer faster than the callback
   * cannot keep the event loop here forever. Returns the number delivered. `close()` from
   * inside the callback is honoured after the current record.
   */
  consume(onRecord: RecordCallback, maxBytes: number = this.sizeBytes): number {
    if (this.#producer === undefined || this.#draining) return 0;
    this.#draining = true;
    const headers = this.#headers;
    const view = this.#view;
    const mask = this.#mask;
    const stopAt = this.#position + maxBytes;
    let delivered = 0;
    try {
      for (;;) {
        const producerPos = Math.min(Number(Atomics.load(this.#producerPos, 0)), stopAt);
        let pos = this.#position;
        if (pos >= producerPos) break;
        while (pos < producerPos) {
          const at = pos & mask;
          const header = Atomics.load(headers, at >>> 2);
          if ((header & BUSY) !== 0) break;
          const length = header & LENGTH_MASK;
          pos += (length + C.BPF_RINGBUF_HDR_SZ + 7) & ~7;
          if ((header & DISCARD) === 0) {
            onRecord(view, at + C.BPF_RINGBUF_HDR_SZ, length);
            delivered++;
          } else this.#discarded++;
          if (this.#closeRequested) break;
        }
        if (pos === this.#position) break; // the first record is still busy
        this.#position = pos;
        Atomics.store(this.#consumerPos, 0, BigInt(pos));
        if (this.#closeRequested) break;
      }
    } finally {
      this.#draining = false;
      if (delivered > 0) this.#drains++;
      this.#records += delivered;
      if (this.#closeRequested) this.#unmap();
    }
    return delivered;
  }

  /**
   * Unmaps the ring. Safe from inside a callback: the unmapping then happens when the drain
   * returns, so no view of the mapping is read afterwards (that would crash the process).
   * The map fd itself belongs to the BpfMap.
   */
  close(): void {
    this.#closeRequested = true;
    if (!this.#draining) this.#unmap();
  }

  #unmap(): void {
    const consumer = this.#consumer;
    const producer = this.#producer;
    this.#consumer = undefined;
    this.#producer = undefined;
    // Point the views at inert memory before unmapping, so a stray read cannot fault.
    const inert = new ArrayBuffer(this.#pageBytes + 16);
    this.#consumerPos = new BigUint64Array(inert, 0, 1);
    this.#producerPos = new BigUint64Array(inert, 8, 1);
    this.#headers = new Int32Array(inert, 0, 1);
    this.#view = new DataView(inert);
    if (producer !== undefined) munmap(producer);
    if (consumer !== undefined) munmap(consumer);
  }
}

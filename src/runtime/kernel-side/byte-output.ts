/**
 * The output of kernel printf records, formatted straight into one reusable byte buffer (no
 * strings, no allocation per record) and handed on in large chunks: at `flush()` (after each
 * drain of the ring, before any record that takes the general path) or when the next record
 * might not fit.
 */

/** Bytes one record may add at most: stap's STP_BUFFER_SIZE; bigger records take the general path. */
export const RECORD_OUTPUT_MAX_BYTES = 8192;

const DEFAULT_CAPACITY_BYTES = 1 << 18;

export class ByteOutput {
  /** The buffer records are formatted into; `pos` bytes of it are pending. */
  readonly buf: Uint8Array;
  pos = 0;
  /** `pos` after which a record might not fit. */
  readonly #limit: number;
  readonly #sink: (bytes: Uint8Array) => void;

  /** `sink` gets each chunk, valid only during the call (it must copy what it keeps). */
  constructor(sink: (bytes: Uint8Array) => void, capacityBytes = DEFAULT_CAPACITY_BYTES) {
    this.buf = new Uint8Array(Math.max(capacityBytes, 2 * RECORD_OUTPUT_MAX_BYTES));
    this.#limit = this.buf.length - RECORD_OUTPUT_MAX_BYTES;
    this.#sink = sink;
  }

  /** Makes room for one record (at most RECORD_OUTPUT_MAX_BYTES). */
  reserve(): void {
    if (this.pos > this.#limit) this.flush();
  }

  flush(): void {
    if (this.pos === 0) return;
    const chunk = this.buf.subarray(0, this.pos);
    this.pos = 0;
    this.#sink(chunk);
  }
}

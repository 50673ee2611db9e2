/**
 * Memory a kernel handler works in: its 512-byte BPF stack frame, and a per-CPU scratch map
 * value for what does not fit there (long strings, printf records, big keys). Both are bump
 * allocators; temporaries are released all at once at the end of each statement (`mark` /
 * `release`), and the high-water marks size the frame and the scratch map.
 */

/** A buffer: on the stack (`offset` below the frame pointer, negative) or in scratch (`offset` ≥ 0). */
export interface Region {
  readonly base: 'stack' | 'scratch';
  readonly offset: number;
  readonly bytes: number;
}

/** The BPF stack limit (MAX_BPF_STACK). */
export const STACK_LIMIT_BYTES = 512;

/** Largest buffer put on the stack; bigger ones go to scratch. */
const STACK_BUFFER_LIMIT_BYTES = 64;

/** A per-CPU map value is allocated from the per-CPU area: keep well under its 32 KiB unit. */
export const SCRATCH_LIMIT_BYTES = 28 * 1024;

export class Frame {
  #stackUsed: number;
  #scratchUsed = 0;
  #stackHigh: number;
  #scratchHigh = 0;

  /** `reservedBytes` at the top of the frame belong to the handler's fixed areas. */
  constructor(reservedBytes: number) {
    this.#stackUsed = reservedBytes;
    this.#stackHigh = reservedBytes;
  }

  /** 8 bytes on the stack, for a long (a local, a spilled temporary). */
  slot(): Region {
    return this.stack(8);
  }

  /** `bytes` (rounded up to 8) on the stack. */
  stack(bytes: number): Region {
    const size = align8(bytes);
    this.#stackUsed += size;
    this.#stackHigh = Math.max(this.#stackHigh, this.#stackUsed);
    return { base: 'stack', offset: -this.#stackUsed, bytes: size };
  }

  /** `bytes` (rounded up to 8) in scratch. */
  scratch(bytes: number): Region {
    const size = align8(bytes);
    const offset = this.#scratchUsed;
    this.#scratchUsed += size;
    this.#scratchHigh = Math.max(this.#scratchHigh, this.#scratchUsed);
    return { base: 'scratch', offset, bytes: size };
  }

  /** A buffer where it fits best: small ones on the stack. */
  buffer(bytes: number): Region {
    return bytes <= STACK_BUFFER_LIMIT_BYTES && this.#stackUsed + align8(bytes) <= STACK_LIMIT_BYTES - 64
      ? this.stack(bytes)
      : this.scratch(bytes);
  }

  mark(): { readonly stack: number; readonly scratch: number } {
    return { stack: this.#stackUsed, scratch: this.#scratchUsed };
  }

  release(mark: { readonly stack: number; readonly scratch: number }): void {
    this.#stackUsed = mark.stack;
    this.#scratchUsed = mark.scratch;
  }

  get stackBytes(): number {
    return this.#stackHigh;
  }

  get scratchBytes(): number {
    return this.#scratchHigh;
  }
}

export function align8(bytes: number): number {
  return (bytes + 7) & ~7;
}

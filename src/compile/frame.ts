/**
 * Memory a kernel handler works in: its 512-byte BPF stack frame, and a per-CPU scratch map
 * value for what does not fit there (long strings, printf records, big keys). Both are bump
 * allocators; temporaries are released all at once at the end of each statement (`mark` /
 * `release`), and the high-water marks size the frame and the scratch map.
 *
 * A loop body lowered as a callback (subprograms.ts) keeps allocating from the handler's frame,
 * which it reaches through a pointer: the bump allocation is as if the body were inline, and a
 * nested callback sees everything its enclosing ones allocated. The callbacks' own frames stay
 * empty, but the verifier adds each frame of a call chain to the 512 bytes (an empty one counts
 * 32 bytes without the JIT): `stackBytes` charges that for the deepest nesting. */

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
  #callbackDepth = 0;
  #maxCallbackDepth = 0;

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

  /** A callback body is being lowered from now on (nested in any being lowered already). */
  enterCallback(): void {
    this.#callbackDepth++;
    this.#maxCallbackDepth = Math.max(this.#maxCallbackDepth, this.#callbackDepth);
  }

  leaveCallback(): void {
    if (this.#callbackDepth === 0) throw new Error('leaveCallback without enterCallback');
    this.#callbackDepth--;
  }

  /** How many callback bodies are being lowered (0 in the handler's own code). */
  get callbackDepth(): number {
    return this.#callbackDepth;
  }

  /** The stack the deepest call chain needs, as the verifier counts it (see the file comment). */
  get stackBytes(): number {
    return this.#stackHigh + EMPTY_FRAME_BYTES * this.#maxCallbackDepth;
  }

  get scratchBytes(): number {
    return this.#scratchHigh;
  }
}

/** What the verifier charges a callback's empty frame without the JIT (a frame's size, at least 1, rounded to 32). */
const EMPTY_FRAME_BYTES = 32;

export function align8(bytes: number): number {
  return (bytes + 7) & ~7;
}

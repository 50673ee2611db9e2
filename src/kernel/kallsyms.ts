/**
 * Kernel symbols from /proc/kallsyms, read once on first use and sorted by address: turns
 * addresses into `symbol+offset` for symname(), symdata() and backtraces, and names into
 * addresses. Addresses are split into 32-bit halves so the table is two typed arrays and the
 * search never allocates BigInts.
 */
import { readFileSync } from 'node:fs';
import { C, ok, type SysResult, sysError } from './sys/index.js';

export const KALLSYMS_PATH = '/proc/kallsyms';

export interface SymbolLocation {
  readonly name: string;
  readonly address: bigint;
  /** Bytes from the symbol's start. */
  readonly offset: number;
  /** Bytes to the next symbol (stap's symdata `/0x…` size); 0 for the last one. */
  readonly size: number;
  /** The module that defines it, undefined for vmlinux. */
  readonly module: string | undefined;
}

export class Kallsyms {
  readonly #hi: Uint32Array;
  readonly #lo: Uint32Array;
  readonly #names: readonly string[];
  readonly #modules: readonly (string | undefined)[];
  #byName: Map<string, number> | undefined;

  private constructor(hi: Uint32Array, lo: Uint32Array, names: string[], modules: (string | undefined)[]) {
    this.#hi = hi;
    this.#lo = lo;
    this.#names = names;
    this.#modules = modules;
  }

  /**
   * Parses kallsyms text (`ffffffff81000000 T _stext [module]`). Absolute and undefined symbols
   * are dropped. EPERM when every address reads as 0 (kptr_restrict hides them from non-root).
   */
  static parse(text: string): SysResult<Kallsyms> {
    // One pass with indexOf over the whole text: no per-line arrays or entry objects.
    let capacity = 1 << 17;
    let hi: Uint32Array = new Uint32Array(capacity);
    let lo: Uint32Array = new Uint32Array(capacity);
    const names: string[] = [];
    const modules: (string | undefined)[] = [];
    let nonZero = false;
    let sorted = true;
    let count = 0;
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const sp = text.indexOf(' ', start);
      const type = text.charCodeAt(sp + 1);
      // 'a'/'A' absolute, 'U' undefined: not locations in the kernel image.
      if (sp > start && sp < end && type !== 0x61 && type !== 0x41 && type !== 0x55) {
        const digits = sp - start;
        const h = digits > 8 ? Number.parseInt(text.slice(start, sp - 8), 16) : 0;
        const l = Number.parseInt(text.slice(Math.max(start, sp - 8), sp), 16);
        const rest = text.slice(sp + 3, end);
        const tab = rest.indexOf('\t');
        if (count === capacity) {
          capacity *= 2;
          hi = grow(hi, capacity);
          lo = grow(lo, capacity);
        }
        if (count > 0 && (h < hi[count - 1]! || (h === hi[count - 1]! && l < lo[count - 1]!))) sorted = false;
        hi[count] = h;
        lo[count] = l;
        names.push(tab < 0 ? rest : rest.slice(0, tab));
        modules.push(tab < 0 ? undefined : rest.slice(tab + 2, -1));
        if (h !== 0 || l !== 0) nonZero = true;
        count++;
      }
      start = end + 1;
    }
    if (!nonZero)
      return sysError('kallsyms', C.EPERM, '(addresses hidden: kernel.kptr_restrict, or not root)');
    hi = hi.slice(0, count);
    lo = lo.slice(0, count);
    if (sorted) return ok(new Kallsyms(hi, lo, names, modules));
    // Module symbols and a few sections come out of order: sort through a permutation.
    const order = Array.from({ length: count }, (_, i) => i);
    order.sort((a, b) => hi[a]! - hi[b]! || lo[a]! - lo[b]! || a - b);
    return ok(
      new Kallsyms(
        Uint32Array.from(order, (i) => hi[i]!),
        Uint32Array.from(order, (i) => lo[i]!),
        order.map((i) => names[i]!),
        order.map((i) => modules[i]),
      ),
    );
  }

  static load(path: string = KALLSYMS_PATH): SysResult<Kallsyms> {
    let text: string;
    try {
      text = readFileSync(path, 'latin1');
    } catch (e) {
      const errno =
        typeof e === 'object' && e !== null && 'errno' in e ? Math.abs(Number(e.errno)) : C.ENOENT;
      return sysError('open', errno, path);
    }
    return Kallsyms.parse(text);
  }

  get size(): number {
    return this.#names.length;
  }

  /** The symbol containing `address` (the last one starting at or before it). */
  lookup(address: bigint): SymbolLocation | undefined {
    const hi = Number((address >> 32n) & 0xffff_ffffn);
    const lo = Number(address & 0xffff_ffffn);
    let low = 0;
    let high = this.#names.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const mh = this.#hi[mid]!;
      if (mh < hi || (mh === hi && this.#lo[mid]! <= lo)) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found < 0) return undefined;
    return this.#location(found, address);
  }

  /** The address of symbol `name` (the first, when several share it), or undefined. */
  addressOf(name: string): bigint | undefined {
    if (this.#byName === undefined) {
      this.#byName = new Map();
      for (let i = this.#names.length - 1; i >= 0; i--) this.#byName.set(this.#names[i]!, i);
    }
    const i = this.#byName.get(name);
    return i === undefined ? undefined : this.#address(i);
  }

  /** `schedule+0x1a/0x90` (stap's symdata form), with ` [module]` for module symbols. */
  format(address: bigint): string {
    const s = this.lookup(address);
    if (s === undefined) return `0x${address.toString(16)}`;
    const size = s.size === 0 ? '' : `/0x${s.size.toString(16)}`;
    return `${s.name}+0x${s.offset.toString(16)}${size}${s.module === undefined ? '' : ` [${s.module}]`}`;
  }

  #address(i: number): bigint {
    return (BigInt(this.#hi[i]!) << 32n) | BigInt(this.#lo[i]!);
  }

  #location(i: number, address: bigint): SymbolLocation {
    const start = this.#address(i);
    let next = i + 1;
    while (next < this.#names.length && this.#hi[next] === this.#hi[i] && this.#lo[next] === this.#lo[i])
      next++;
    const size = next < this.#names.length ? Number(this.#address(next) - start) : 0;
    return {
      name: this.#names[i]!,
      address: start,
      offset: Number(address - start),
      size,
      module: this.#modules[i],
    };
  }
}

let cached: SysResult<Kallsyms> | undefined;

/** The running kernel's symbols, read on first use. */
export function kallsyms(): SysResult<Kallsyms> {
  cached ??= Kallsyms.load();
  return cached;
}

function grow(a: Uint32Array, capacity: number): Uint32Array {
  const out = new Uint32Array(capacity);
  out.set(a);
  return out;
}

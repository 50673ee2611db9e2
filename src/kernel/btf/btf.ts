/**
 * A BTF blob decoded lazily: the header at once, the type offsets on the first type access,
 * the name index on the first lookup by name. vmlinux BTF is ~5 MB and ~100k types; nothing is
 * decoded into objects until asked for.
 *
 * Format: linux/btf.h and Documentation/bpf/btf.rst: `struct btf_header`, then a type section
 * of `struct btf_type` records each followed by kind-specific data, then a string section.
 */
import { readFileSync } from 'node:fs';
import { C, ok, type SysResult, sysError } from '../sys/index.js';
import type { BtfKind, BtfMember, BtfType } from './types.js';

export const VMLINUX_BTF_PATH = '/sys/kernel/btf/vmlinux';

const KIND_NAMES: readonly (BtfKind | undefined)[] = [
  'void',
  'int',
  'ptr',
  'array',
  'struct',
  'union',
  'enum',
  'fwd',
  'typedef',
  'volatile',
  'const',
  'restrict',
  'func',
  'func_proto',
  'var',
  'datasec',
  'float',
  'decl_tag',
  'type_tag',
  'enum', // BTF_KIND_ENUM64
];

export class Btf {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #typeStart: number;
  readonly #typeEnd: number;
  readonly #strStart: number;
  readonly #strEnd: number;
  /** Byte offset of type id i at [i]; [0] unused (void). */
  #offsets: Uint32Array | undefined;
  /** name_off of type id i at [i], filled with the offsets. */
  #nameOffsets: Uint32Array | undefined;
  readonly #byName = new Map<string, readonly number[]>();

  private constructor(
    bytes: Uint8Array,
    typeStart: number,
    typeLen: number,
    strStart: number,
    strLen: number,
  ) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#typeStart = typeStart;
    this.#typeEnd = typeStart + typeLen;
    this.#strStart = strStart;
    this.#strEnd = strStart + strLen;
  }

  /** Checks the header of a BTF blob (native byte order only, as the kernel produces it). */
  static parse(bytes: Uint8Array): SysResult<Btf> {
    if (bytes.byteLength < 24) return sysError('BTF', C.EINVAL, '(shorter than its header)');
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (v.getUint16(0, true) !== C.BTF_MAGIC) return sysError('BTF', C.EINVAL, '(bad magic)');
    const hdrLen = v.getUint32(4, true);
    const typeOff = v.getUint32(8, true);
    const typeLen = v.getUint32(12, true);
    const strOff = v.getUint32(16, true);
    const strLen = v.getUint32(20, true);
    if (hdrLen + Math.max(typeOff + typeLen, strOff + strLen) > bytes.byteLength) {
      return sysError('BTF', C.EINVAL, '(sections beyond the end)');
    }
    return ok(new Btf(bytes, hdrLen + typeOff, typeLen, hdrLen + strOff, strLen));
  }

  /** Reads and parses a BTF file (header only; the rest is decoded on use). */
  static load(path: string): SysResult<Btf> {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      const errno =
        typeof e === 'object' && e !== null && 'errno' in e ? Math.abs(Number(e.errno)) : C.ENOENT;
      return sysError('open', errno, path);
    }
    return Btf.parse(bytes);
  }

  /** Number of type ids including void (valid ids are 0 .. typeCount - 1). */
  get typeCount(): number {
    return this.#typeOffsets().length;
  }

  /** A string from the string section. */
  string(offset: number): string {
    const start = this.#strStart + offset;
    if (offset === 0 || start >= this.#strEnd) return '';
    let end = this.#bytes.indexOf(0, start);
    if (end < 0 || end > this.#strEnd) end = this.#strEnd;
    return Buffer.from(this.#bytes.buffer, this.#bytes.byteOffset + start, end - start).toString('latin1');
  }

  /** The kind of type `id` without decoding the rest. */
  kindOf(id: number): BtfKind | undefined {
    if (id === 0) return 'void';
    const at = this.#typeOffsets()[id];
    return at === undefined ? undefined : KIND_NAMES[(this.#view.getUint32(at + 4, true) >>> 24) & 0x1f];
  }

  /** The name of type `id` ('' for anonymous types and void). */
  nameOf(id: number): string {
    const at = this.#typeOffsets()[id];
    return id === 0 || at === undefined ? '' : this.string(this.#view.getUint32(at, true));
  }

  /** Decodes type `id`; undefined for an id beyond the last type. */
  type(id: number): BtfType | undefined {
    if (id === 0) return { kind: 'void', id: 0, name: '' };
    const at = this.#typeOffsets()[id];
    if (at === undefined || id <= 0) return undefined;
    return this.#decode(id, at);
  }

  /** Every type id named `name`, optionally only of one kind. */
  idsByName(name: string, kind?: BtfKind): number[] {
    const ids = this.#idsNamed(name);
    return kind === undefined ? [...ids] : ids.filter((id) => this.kindOf(id) === kind);
  }

  /** The first type of `kind` named `name`. */
  find(kind: BtfKind, name: string): BtfType | undefined {
    const id = this.idsByName(name, kind)[0];
    return id === undefined ? undefined : this.type(id);
  }

  #typeOffsets(): Uint32Array {
    if (this.#offsets !== undefined) return this.#offsets;
    let capacity = 1 << 16;
    let offsets = new Uint32Array(capacity);
    let count = 1;
    for (let at = this.#typeStart; at < this.#typeEnd; ) {
      if (count === capacity) {
        capacity *= 2;
        const grown = new Uint32Array(capacity);
        grown.set(offsets);
        offsets = grown;
      }
      offsets[count++] = at;
      at += this.#recordSize(at);
    }
    this.#offsets = offsets.slice(0, count);
    return this.#offsets;
  }

  #typeNameOffsets(): Uint32Array {
    if (this.#nameOffsets !== undefined) return this.#nameOffsets;
    const offsets = this.#typeOffsets();
    const names = new Uint32Array(offsets.length);
    for (let id = 1; id < offsets.length; id++) names[id] = this.#view.getUint32(offsets[id]!, true);
    this.#nameOffsets = names;
    return names;
  }

  /** Size of the btf_type at `at` plus its kind-specific trailer. */
  #recordSize(at: number): number {
    const info = this.#view.getUint32(at + 4, true);
    const vlen = info & 0xffff;
    switch ((info >>> 24) & 0x1f) {
      case C.BTF_KIND_INT:
      case C.BTF_KIND_VAR:
      case C.BTF_KIND_DECL_TAG:
        return 16;
      case C.BTF_KIND_ARRAY:
        return 12 + 12;
      case C.BTF_KIND_STRUCT:
      case C.BTF_KIND_UNION:
      case C.BTF_KIND_DATASEC:
      case C.BTF_KIND_ENUM64:
        return 12 + 12 * vlen;
      case C.BTF_KIND_ENUM:
      case C.BTF_KIND_FUNC_PROTO:
        return 12 + 8 * vlen;
      default:
        return 12;
    }
  }

  /**
   * Type ids whose name is `name`. No index is built: the name is found in the string section
   * with one memmem (`\0name\0`), then the type records are scanned for that name offset,
   * which costs well under a millisecond even for vmlinux. Results are memoized.
   */
  #idsNamed(name: string): readonly number[] {
    const memo = this.#byName.get(name);
    if (memo !== undefined) return memo;
    const nameOffsets = this.#stringOffsetsOf(name);
    const ids: number[] = [];
    if (nameOffsets.length > 0) {
      const names = this.#typeNameOffsets();
      const single = nameOffsets.length === 1 ? nameOffsets[0]! : -1;
      for (let id = 1; id < names.length; id++) {
        const off = names[id]!;
        if (off === single || (single < 0 && nameOffsets.includes(off))) ids.push(id);
      }
    }
    this.#byName.set(name, ids);
    return ids;
  }

  /** Every offset in the string section where the string `name` starts. */
  #stringOffsetsOf(name: string): number[] {
    if (name === '') return [];
    const strings = Buffer.from(
      this.#bytes.buffer,
      this.#bytes.byteOffset + this.#strStart,
      this.#strEnd - this.#strStart,
    );
    const needle = Buffer.from(`\0${name}\0`, 'latin1');
    const found: number[] = [];
    for (let at = strings.indexOf(needle); at >= 0; at = strings.indexOf(needle, at + 1)) found.push(at + 1);
    return found;
  }

  #decode(id: number, at: number): BtfType | undefined {
    const v = this.#view;
    const name = this.string(v.getUint32(at, true));
    const info = v.getUint32(at + 4, true);
    const vlen = info & 0xffff;
    const kindFlag = (info & 0x8000_0000) !== 0;
    const sizeOrType = v.getUint32(at + 8, true);
    const rawKind = (info >>> 24) & 0x1f;
    switch (rawKind) {
      case C.BTF_KIND_INT: {
        const enc = v.getUint32(at + 12, true);
        const encoding = (enc >>> 24) & 0x0f;
        return {
          kind: 'int',
          id,
          name,
          size: sizeOrType,
          bits: enc & 0xff,
          bitOffset: (enc >>> 16) & 0xff,
          isSigned: (encoding & C.BTF_INT_SIGNED) !== 0,
          isChar: (encoding & C.BTF_INT_CHAR) !== 0,
          isBool: (encoding & C.BTF_INT_BOOL) !== 0,
        };
      }
      case C.BTF_KIND_PTR:
        return { kind: 'ptr', id, name, type: sizeOrType };
      case C.BTF_KIND_ARRAY:
        return {
          kind: 'array',
          id,
          name,
          type: v.getUint32(at + 12, true),
          indexType: v.getUint32(at + 16, true),
          length: v.getUint32(at + 20, true),
        };
      case C.BTF_KIND_STRUCT:
      case C.BTF_KIND_UNION: {
        const members: BtfMember[] = [];
        for (let i = 0, m = at + 12; i < vlen; i++, m += 12) {
          const offset = v.getUint32(m + 8, true);
          members.push({
            name: this.string(v.getUint32(m, true)),
            type: v.getUint32(m + 4, true),
            bitOffset: kindFlag ? offset & 0xff_ffff : offset,
            bitfieldSize: kindFlag ? offset >>> 24 : 0,
          });
        }
        return {
          kind: rawKind === C.BTF_KIND_STRUCT ? 'struct' : 'union',
          id,
          name,
          size: sizeOrType,
          members,
        };
      }
      case C.BTF_KIND_ENUM: {
        const values = [];
        for (let i = 0, e = at + 12; i < vlen; i++, e += 8) {
          const value = kindFlag ? v.getInt32(e + 4, true) : v.getUint32(e + 4, true);
          values.push({ name: this.string(v.getUint32(e, true)), value });
        }
        return { kind: 'enum', id, name, size: sizeOrType, isSigned: kindFlag, values };
      }
      case C.BTF_KIND_ENUM64: {
        const values = [];
        for (let i = 0, e = at + 12; i < vlen; i++, e += 12) {
          const raw = (BigInt(v.getUint32(e + 8, true)) << 32n) | BigInt(v.getUint32(e + 4, true));
          const big = kindFlag ? BigInt.asIntN(64, raw) : raw;
          const value =
            big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
              ? Number(big)
              : big;
          values.push({ name: this.string(v.getUint32(e, true)), value });
        }
        return { kind: 'enum', id, name, size: sizeOrType, isSigned: kindFlag, values };
      }
      case C.BTF_KIND_FWD:
        return { kind: 'fwd', id, name, isUnion: kindFlag };
      case C.BTF_KIND_TYPEDEF:
      case C.BTF_KIND_VOLATILE:
      case C.BTF_KIND_CONST:
      case C.BTF_KIND_RESTRICT:
      case C.BTF_KIND_TYPE_TAG:
        return { kind: KIND_NAMES[rawKind] as 'typedef', id, name, type: sizeOrType };
      case C.BTF_KIND_FUNC:
        return { kind: 'func', id, name, type: sizeOrType, linkage: vlen };
      case C.BTF_KIND_FUNC_PROTO: {
        const params = [];
        for (let i = 0, p = at + 12; i < vlen; i++, p += 8) {
          params.push({ name: this.string(v.getUint32(p, true)), type: v.getUint32(p + 4, true) });
        }
        const last = params[params.length - 1];
        const isVariadic = last !== undefined && last.type === 0 && last.name === '';
        if (isVariadic) params.pop();
        return { kind: 'func_proto', id, name, returnType: sizeOrType, params, isVariadic };
      }
      case C.BTF_KIND_VAR:
        return { kind: 'var', id, name, type: sizeOrType, linkage: v.getUint32(at + 12, true) };
      case C.BTF_KIND_DATASEC: {
        const vars = [];
        for (let i = 0, d = at + 12; i < vlen; i++, d += 12) {
          vars.push({
            type: v.getUint32(d, true),
            offset: v.getUint32(d + 4, true),
            size: v.getUint32(d + 8, true),
          });
        }
        return { kind: 'datasec', id, name, size: sizeOrType, vars };
      }
      case C.BTF_KIND_FLOAT:
        return { kind: 'float', id, name, size: sizeOrType };
      case C.BTF_KIND_DECL_TAG:
        return { kind: 'decl_tag', id, name, type: sizeOrType, componentIdx: v.getInt32(at + 12, true) };
      default:
        return undefined;
    }
  }
}

let vmlinux: SysResult<Btf> | undefined;

/** The running kernel's BTF (/sys/kernel/btf/vmlinux, CONFIG_DEBUG_INFO_BTF, 5.4+), read once. */
export function vmlinuxBtf(): SysResult<Btf> {
  vmlinux ??= Btf.load(VMLINUX_BTF_PATH);
  return vmlinux;
}

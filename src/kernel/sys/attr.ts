/**
 * A zeroed attribute buffer written field by field at the byte offsets of the kernel's
 * `union bpf_attr` / `struct perf_event_attr` variants. Native byte order is little-endian on
 * every architecture we support (x86_64, arm64).
 *
 * Pointers are written as addresses of Uint8Arrays; the caller must keep those arrays referenced
 * until the system call returns (pass them as `keepAlive` to the call).
 */
import { addressOf } from './ffi.js';

export class Attr {
  readonly bytes: Buffer;

  constructor(sizeBytes: number) {
    this.bytes = Buffer.alloc(sizeBytes);
  }

  u32(offset: number, value: number): this {
    this.bytes.writeUInt32LE(value >>> 0, offset);
    return this;
  }

  u64(offset: number, value: bigint | number): this {
    this.bytes.writeBigUInt64LE(BigInt.asUintN(64, BigInt(value)), offset);
    return this;
  }

  /** A user-space pointer to `target`'s first byte, or NULL. */
  ptr(offset: number, target: Uint8Array | undefined): this {
    return this.u64(offset, target === undefined ? 0n : addressOf(target));
  }

  /**
   * An object name (`char name[BPF_OBJ_NAME_LEN]`): the kernel accepts only [A-Za-z0-9_.] and
   * at most 15 bytes plus the terminating NUL. Other characters become `_`.
   */
  objName(offset: number, name: string, capacity: number): this {
    const clean = objectName(name, capacity - 1);
    this.bytes.write(clean, offset, 'latin1');
    return this;
  }

  readU32(offset: number): number {
    return this.bytes.readUInt32LE(offset);
  }
}

/** A name the kernel accepts for a program or map (bpf_obj_name_cpy rules), cut to `maxLength`. */
export function objectName(name: string, maxLength: number): string {
  return name.replace(/[^A-Za-z0-9_.]/g, '_').slice(0, maxLength);
}

/** A NUL-terminated copy of a string, for a `const char *` inside an attr. */
export function cString(s: string): Buffer {
  return Buffer.from(`${s}\0`, 'utf8');
}

/** A NUL-terminated string read from a fixed-size `char[]` field. */
export function readCString(bytes: Uint8Array, offset: number, capacity: number): string {
  let end = offset;
  while (end < offset + capacity && bytes[end] !== 0) end++;
  return Buffer.from(bytes.buffer, bytes.byteOffset + offset, end - offset).toString('utf8');
}

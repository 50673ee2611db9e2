/** Reading one DWARF section: fixed-size and LEB128 numbers, C strings, bounds-checked. */

/** Malformed input (a truncated section, an unknown form): reported as the file's problem. */
export class DwarfFormatError extends Error {}

/** A cursor over one section. */
class Cursor {
  constructor(
    readonly buf: Buffer,
    public at: number,
  ) {}
  private need(n: number): number {
    const at = this.at;
    if (at + n > this.buf.length) throw new DwarfFormatError(`read past the end of a section at ${at}`);
    this.at += n;
    return at;
  }
  u8(): number {
    const at = this.at;
    if (at >= this.buf.length) throw new DwarfFormatError(`read past the end of a section at ${at}`);
    this.at = at + 1;
    return this.buf[at] as number;
  }
  u16(): number {
    return this.buf.readUInt16LE(this.need(2));
  }
  /** An unsigned little-endian integer of `size` bytes (1 to 6). */
  unsigned(size: number): number {
    return this.buf.readUIntLE(this.need(size), size);
  }
  u32(): number {
    return this.buf.readUInt32LE(this.need(4));
  }
  u64(): bigint {
    return this.buf.readBigUInt64LE(this.need(8));
  }
  /** A ULEB128 that fits a double exactly (codes, tags, forms, lengths, indexes). */
  ulebNumber(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = this.u8();
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
  }
  uleb(): bigint {
    return this.leb128(false);
  }
  sleb(): bigint {
    return this.leb128(true);
  }
  private leb128(signed: boolean): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) {
        if (signed && byte & 0x40) result -= 1n << shift;
        return result;
      }
    }
  }
  bytes(n: number): Buffer {
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }
  cstr(): string {
    const end = this.buf.indexOf(0, this.at);
    if (end < 0) throw new DwarfFormatError(`unterminated string at ${this.at}`);
    const s = this.buf.toString('utf8', this.at, end);
    this.at = end + 1;
    return s;
  }
}

/** Exported for the location-expression decoder. */

export { Cursor as DwarfCursor };

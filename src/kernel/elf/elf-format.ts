/**
 * The ELF64 little-endian container: file header, program headers, section headers, and
 * ranged reads of a file. Constants are spelled as in <elf.h>. Only what user-space probes
 * need; every offset and size is checked against the file size once, so later lazy reads
 * cannot run off the end.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export const ET_EXEC = 2;
export const ET_DYN = 3;
export const EM_X86_64 = 62;

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;

export const SHT_SYMTAB = 2;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_DYNSYM = 11;

const SHN_XINDEX = 0xffff;
const EHDR_SIZE = 64;
const PHDR_SIZE = 56;
const SHDR_SIZE = 64;

export interface ElfHeader {
  readonly type: number;
  readonly machine: number;
  readonly phoff: number;
  readonly phnum: number;
  readonly shoff: number;
}

export interface ProgramHeader {
  readonly type: number;
  readonly offset: bigint;
  readonly vaddr: bigint;
  readonly filesz: bigint;
  readonly memsz: bigint;
}

export interface SectionHeader {
  readonly index: number;
  readonly name: string;
  readonly type: number;
  readonly addr: bigint;
  readonly offset: bigint;
  readonly size: bigint;
  readonly link: number;
  readonly addralign: bigint;
  readonly entsize: bigint;
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

/** Reads `length` bytes at `offset` of an open file; short reads are an error (a truncated file). */
export function readAt(fd: number, offset: number, length: number): Buffer | undefined {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, offset + done);
    if (n === 0) return undefined;
    done += n;
  }
  return buf;
}

/** Runs `body` with the file open read-only; an open failure is the errno text. */
export function withFile<T>(path: string, body: (fd: number, sizeBytes: number) => Parsed<T>): Parsed<T> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return { ok: false, message: `cannot open '${path}': ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  try {
    return body(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

/** e_ident and the ELF64 header: ELF64 little-endian only, with a clear message otherwise. */
export function parseHeader(path: string, ident: Buffer): Parsed<ElfHeader> {
  if (ident.length < 16 || ident.readUInt32BE(0) !== 0x7f454c46) {
    return { ok: false, message: `'${path}' is not an ELF file` };
  }
  const elfClass = ident[4];
  if (elfClass === 1) {
    return { ok: false, message: `'${path}' is a 32-bit ELF file; only 64-bit ELF files are supported` };
  }
  if (elfClass !== 2) return { ok: false, message: `'${path}' has an unknown ELF class ${elfClass}` };
  if (ident[5] !== 1) {
    return {
      ok: false,
      message: `'${path}' is a big-endian ELF file; only little-endian ELF files are supported`,
    };
  }
  if (ident.length < EHDR_SIZE) return { ok: false, message: `'${path}' is truncated (ELF header)` };
  const phentsize = ident.readUInt16LE(54);
  const shentsize = ident.readUInt16LE(58);
  const phnum = ident.readUInt16LE(56);
  const shoff = Number(ident.readBigUInt64LE(40));
  if (phnum > 0 && phentsize !== PHDR_SIZE) {
    return {
      ok: false,
      message: `'${path}' has program headers of ${phentsize} bytes, expected ${PHDR_SIZE}`,
    };
  }
  if (shoff !== 0 && shentsize !== SHDR_SIZE) {
    return {
      ok: false,
      message: `'${path}' has section headers of ${shentsize} bytes, expected ${SHDR_SIZE}`,
    };
  }
  return {
    ok: true,
    value: {
      type: ident.readUInt16LE(16),
      machine: ident.readUInt16LE(18),
      phoff: Number(ident.readBigUInt64LE(32)),
      phnum,
      shoff,
    },
  };
}

export function parseProgramHeaders(buf: Buffer, count: number): ProgramHeader[] {
  const out: ProgramHeader[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * PHDR_SIZE;
    out.push({
      type: buf.readUInt32LE(at),
      offset: buf.readBigUInt64LE(at + 8),
      vaddr: buf.readBigUInt64LE(at + 16),
      filesz: buf.readBigUInt64LE(at + 32),
      memsz: buf.readBigUInt64LE(at + 40),
    });
  }
  return out;
}

/**
 * The section header table with names, every section's file range checked against the file
 * size. Handles e_shnum/e_shstrndx overflow into section 0 (more than 0xff00 sections).
 */
export function readSectionHeaders(
  path: string,
  fd: number,
  sizeBytes: number,
  ehdr: Buffer,
  shoff: number,
): Parsed<SectionHeader[]> {
  if (shoff === 0) return { ok: true, value: [] };
  const first = readAt(fd, shoff, SHDR_SIZE);
  if (first === undefined) return { ok: false, message: `'${path}' is truncated (section headers)` };
  let shnum = ehdr.readUInt16LE(60);
  let shstrndx = ehdr.readUInt16LE(62);
  if (shnum === 0) shnum = Number(first.readBigUInt64LE(32));
  if (shstrndx === SHN_XINDEX) shstrndx = first.readUInt32LE(40);
  const table = readAt(fd, shoff, shnum * SHDR_SIZE);
  if (table === undefined) return { ok: false, message: `'${path}' is truncated (section headers)` };
  const raw = [];
  for (let i = 0; i < shnum; i++) {
    const at = i * SHDR_SIZE;
    const header = {
      index: i,
      nameOffset: table.readUInt32LE(at),
      type: table.readUInt32LE(at + 4),
      addr: table.readBigUInt64LE(at + 16),
      offset: table.readBigUInt64LE(at + 24),
      size: table.readBigUInt64LE(at + 32),
      link: table.readUInt32LE(at + 40),
      addralign: table.readBigUInt64LE(at + 48),
      entsize: table.readBigUInt64LE(at + 56),
    };
    if (header.type !== SHT_NOBITS && header.offset + header.size > BigInt(sizeBytes)) {
      return { ok: false, message: `'${path}' is truncated (section ${i} runs past the end of the file)` };
    }
    raw.push(header);
  }
  const strtab = raw[shstrndx];
  const names = strtab === undefined ? undefined : readAt(fd, Number(strtab.offset), Number(strtab.size));
  return {
    ok: true,
    value: raw.map(({ nameOffset, ...h }) => ({
      ...h,
      name: names === undefined ? '' : cString(names, nameOffset),
    })),
  };
}

/**
 * A string table read many times (symbol names): an all-ASCII table is decoded once and
 * sliced, which is several times faster than decoding each name from the bytes.
 */
export function stringTableReader(buf: Buffer): (offset: number) => string {
  const text = buf.toString('latin1');
  if (/[^\x00-\x7f]/.test(text)) return (offset) => cString(buf, offset);
  return (offset) => {
    if (offset >= text.length) return '';
    const end = text.indexOf('\0', offset);
    return text.slice(offset, end < 0 ? text.length : end);
  };
}

/** The NUL-terminated string at `offset` (UTF-8); empty past the end of the table. */
export function cString(buf: Buffer, offset: number): string {
  if (offset >= buf.length) return '';
  const end = buf.indexOf(0, offset);
  return buf.toString('utf8', offset, end < 0 ? buf.length : end);
}

/** One ELF note: owner name, type and descriptor bytes. */
export interface ElfNote {
  readonly owner: string;
  readonly type: number;
  readonly desc: Buffer;
}

/** Splits a note section or segment; `align` is 4 or 8 (the section's alignment). */
export function parseNotes(buf: Buffer, align: number): ElfNote[] {
  const pad = (n: number) => (n + align - 1) & ~(align - 1);
  const out: ElfNote[] = [];
  let at = 0;
  while (at + 12 <= buf.length) {
    const namesz = buf.readUInt32LE(at);
    const descsz = buf.readUInt32LE(at + 4);
    const type = buf.readUInt32LE(at + 8);
    const nameAt = at + 12;
    // The descriptor starts at the next `align` boundary after the name (notes start aligned).
    const descAt = at + pad(12 + namesz);
    if (descAt + descsz > buf.length) break;
    out.push({
      owner: buf.toString('utf8', nameAt, nameAt + Math.max(0, namesz - 1)),
      type,
      desc: buf.subarray(descAt, descAt + descsz),
    });
    at += pad(descAt - at + descsz);
  }
  return out;
}

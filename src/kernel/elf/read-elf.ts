/**
 * readElf: an ELF64 little-endian file's headers, dynamic section and build id at once; its
 * symbol tables and USDT notes on first use. Results are cached per path, and re-read when
 * the file's mtime, size or inode changes.
 */
import { statSync } from 'node:fs';
import {
  cString,
  type ElfHeader,
  EM_X86_64,
  ET_DYN,
  ET_EXEC,
  type Parsed,
  type ProgramHeader,
  PT_DYNAMIC,
  PT_INTERP,
  PT_LOAD,
  PT_NOTE,
  parseHeader,
  parseNotes,
  parseProgramHeaders,
  readAt,
  readSectionHeaders,
  type SectionHeader,
  SHT_NOTE,
  withFile,
} from './elf-format.js';
import { decodeSdtNotes } from './sdt-notes.js';
import { matchFunctions, mergeSymbols, parseSymbolTable, symbolSections } from './symbols.js';
import type { ElfFile, ElfResult, ElfSymbol, SdtNote } from './types.js';

const DT_NULL = 0n;
const DT_NEEDED = 1n;
const DT_STRTAB = 5n;
const DT_STRSZ = 10n;
const DT_SONAME = 14n;
const DT_RPATH = 15n;
const DT_RUNPATH = 29n;
const NT_GNU_BUILD_ID = 3;

interface Dynamic {
  readonly needed: string[];
  readonly soname?: string;
  readonly rpath: string[];
  readonly runpath: string[];
}

interface CacheEntry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly ino: number;
  readonly elf: ElfFile;
}

const cache = new Map<string, CacheEntry>();

/** Reads an ELF64 little-endian file; sections are parsed on first use; cached per path+mtime. */
export function readElf(path: string): ElfResult {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch (e) {
    return { ok: false, message: `cannot open '${path}': ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  if (!st.isFile()) return { ok: false, message: `'${path}' is not a regular file` };
  const hit = cache.get(path);
  if (hit !== undefined && hit.mtimeMs === st.mtimeMs && hit.size === st.size && hit.ino === st.ino) {
    return { ok: true, elf: hit.elf };
  }
  const r = withFile(path, (fd, sizeBytes) => load(path, fd, sizeBytes));
  if (!r.ok) return r;
  cache.set(path, { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino, elf: r.value });
  return { ok: true, elf: r.value };
}

function load(path: string, fd: number, sizeBytes: number): Parsed<ElfFile> {
  const ehdr = readAt(fd, 0, Math.min(64, sizeBytes)) ?? Buffer.alloc(0);
  const header = parseHeader(path, ehdr);
  if (!header.ok) return header;
  const h = header.value;
  const phdrBytes = h.phnum === 0 ? Buffer.alloc(0) : readAt(fd, h.phoff, h.phnum * 56);
  if (phdrBytes === undefined) return { ok: false, message: `'${path}' is truncated (program headers)` };
  const segments = parseProgramHeaders(phdrBytes, h.phnum);
  for (const p of segments) {
    if (p.offset + p.filesz > BigInt(sizeBytes)) {
      return { ok: false, message: `'${path}' is truncated (a segment runs past the end of the file)` };
    }
  }
  const sections = readSectionHeaders(path, fd, sizeBytes, ehdr, h.shoff);
  if (!sections.ok) return sections;
  const toOffset = (vaddr: bigint) => vaddrToOffset(segments, vaddr);
  const interpSeg = segments.find((p) => p.type === PT_INTERP);
  const interp = interpSeg === undefined ? undefined : segmentText(fd, interpSeg);
  const dynamic = readDynamic(fd, segments, sections.value, toOffset);
  const buildId = readBuildId(fd, segments, sections.value);
  return {
    ok: true,
    value: new LoadedElf(path, h, segments, sections.value, dynamic, interp, buildId),
  };
}

/** Virtual address → file offset through the PT_LOAD segment holding it (memsz: .bss too). */
function vaddrToOffset(segments: readonly ProgramHeader[], vaddr: bigint): bigint | undefined {
  for (const p of segments) {
    if (p.type === PT_LOAD && vaddr >= p.vaddr && vaddr < p.vaddr + p.memsz)
      return vaddr - p.vaddr + p.offset;
  }
  return undefined;
}

function segmentText(fd: number, p: ProgramHeader): string {
  const bytes = readAt(fd, Number(p.offset), Number(p.filesz)) ?? Buffer.alloc(0);
  return cString(bytes, 0);
}

/** DT_NEEDED, DT_SONAME, DT_RPATH and DT_RUNPATH from PT_DYNAMIC (works without section headers). */
function readDynamic(
  fd: number,
  segments: readonly ProgramHeader[],
  sections: readonly SectionHeader[],
  toOffset: (vaddr: bigint) => bigint | undefined,
): Dynamic {
  const empty: Dynamic = { needed: [], rpath: [], runpath: [] };
  const seg = segments.find((p) => p.type === PT_DYNAMIC);
  if (seg === undefined) return empty;
  const bytes = readAt(fd, Number(seg.offset), Number(seg.filesz));
  if (bytes === undefined) return empty;
  const entries: [bigint, bigint][] = [];
  for (let at = 0; at + 16 <= bytes.length; at += 16) {
    const tag = bytes.readBigInt64LE(at);
    if (tag === DT_NULL) break;
    entries.push([tag, bytes.readBigUInt64LE(at + 8)]);
  }
  const value = (tag: bigint) => entries.find(([t]) => t === tag)?.[1];
  const strtabAddr = value(DT_STRTAB);
  const dynstr = sections.find((s) => s.name === '.dynstr');
  const strOffset = strtabAddr === undefined ? dynstr?.offset : (toOffset(strtabAddr) ?? dynstr?.offset);
  const strSize = value(DT_STRSZ) ?? dynstr?.size;
  if (strOffset === undefined || strSize === undefined) return empty;
  const strings = readAt(fd, Number(strOffset), Number(strSize));
  if (strings === undefined) return empty;
  const texts = (tag: bigint) =>
    entries.filter(([t]) => t === tag).map(([, v]) => cString(strings, Number(v)));
  const soname = texts(DT_SONAME)[0];
  const paths = (tag: bigint) => texts(tag).flatMap((p) => p.split(':').filter((d) => d !== ''));
  return {
    needed: texts(DT_NEEDED),
    ...(soname === undefined ? {} : { soname }),
    rpath: paths(DT_RPATH),
    runpath: paths(DT_RUNPATH),
  };
}

/** NT_GNU_BUILD_ID as lowercase hex, from note sections or (section-less files) PT_NOTE. */
function readBuildId(
  fd: number,
  segments: readonly ProgramHeader[],
  sections: readonly SectionHeader[],
): string | undefined {
  const ranges: { offset: bigint; size: bigint; align: bigint }[] = sections.some((s) => s.type === SHT_NOTE)
    ? sections
        .filter((s) => s.type === SHT_NOTE)
        .map((s) => ({ offset: s.offset, size: s.size, align: s.addralign }))
    : segments
        .filter((p) => p.type === PT_NOTE)
        .map((p) => ({ offset: p.offset, size: p.filesz, align: 4n }));
  for (const r of ranges) {
    const bytes = readAt(fd, Number(r.offset), Number(r.size));
    if (bytes === undefined) continue;
    const note = parseNotes(bytes, r.align === 8n ? 8 : 4).find(
      (n) => n.owner === 'GNU' && n.type === NT_GNU_BUILD_ID,
    );
    if (note !== undefined) return note.desc.toString('hex');
  }
  return undefined;
}

class LoadedElf implements ElfFile {
  readonly kind: ElfFile['kind'];
  readonly machine: number;
  readonly needed: readonly string[];
  readonly soname?: string;
  readonly interp?: string;
  readonly buildId?: string;
  readonly runpath: readonly string[];
  readonly rpath: readonly string[];
  #symbols: readonly ElfSymbol[] | undefined;
  #sdtNotes: readonly SdtNote[] | undefined;

  constructor(
    readonly path: string,
    header: ElfHeader,
    private readonly segments: readonly ProgramHeader[],
    private readonly sections: readonly SectionHeader[],
    dynamic: Dynamic,
    interp: string | undefined,
    buildId: string | undefined,
  ) {
    this.kind = header.type === ET_EXEC ? 'exec' : header.type === ET_DYN ? 'dyn' : 'other';
    this.machine = header.machine;
    this.needed = dynamic.needed;
    this.runpath = dynamic.runpath;
    this.rpath = dynamic.rpath;
    if (dynamic.soname !== undefined) this.soname = dynamic.soname;
    if (interp !== undefined) this.interp = interp;
    if (buildId !== undefined) this.buildId = buildId;
  }

  symbols(): readonly ElfSymbol[] {
    this.#symbols ??= this.readSections((fd) =>
      mergeSymbols(
        symbolSections(this.sections).map((s) => {
          const strtab = this.sections[s.link];
          return parseSymbolTable(
            this.bytes(fd, s),
            strtab === undefined ? Buffer.alloc(0) : this.bytes(fd, strtab),
          );
        }),
      ),
    );
    return this.#symbols;
  }

  findFunctions(pattern: string): readonly ElfSymbol[] {
    return matchFunctions(this.symbols(), pattern);
  }

  vaddrToOffset(vaddr: bigint): bigint | undefined {
    return vaddrToOffset(this.segments, vaddr);
  }

  sdtNotes(): readonly SdtNote[] {
    if (this.#sdtNotes !== undefined) return this.#sdtNotes;
    const section = this.sections.find((s) => s.name === '.note.stapsdt' && s.type === SHT_NOTE);
    if (section === undefined) {
      this.#sdtNotes = [];
      return this.#sdtNotes;
    }
    const notes = this.readSections((fd) =>
      parseNotes(this.bytes(fd, section), section.addralign === 8n ? 8 : 4),
    );
    const base = this.sections.find((s) => s.name === '.stapsdt.base')?.addr;
    this.#sdtNotes = decodeSdtNotes(
      notes,
      base,
      (v) => this.vaddrToOffset(v),
      (name) => this.symbolAddress(name),
      this.machine,
      this.machine === EM_X86_64,
    );
    return this.#sdtNotes;
  }

  /** A data symbol's address for `sym(%rip)` USDT operands: globals win over locals, as in stap. */
  private symbolAddress(name: string): bigint | undefined {
    const candidates = this.symbols().filter((s) => s.name === name);
    return (candidates.find((s) => s.binding !== 'local') ?? candidates[0])?.value;
  }

  private bytes(fd: number, s: SectionHeader): Buffer {
    const b = readAt(fd, Number(s.offset), Number(s.size));
    if (b === undefined) throw new Error(`'${this.path}' changed while being read (section ${s.name})`);
    return b;
  }

  /** Re-opens the file for a lazy read; the file vanishing between reads is not a user error. */
  private readSections<T>(body: (fd: number) => T): T {
    const r = withFile(this.path, (fd) => ({ ok: true, value: body(fd) }));
    if (!r.ok) throw new Error(r.message);
    return r.value;
  }
}

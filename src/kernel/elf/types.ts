/** What src/kernel/elf reads out of an ELF file for user-space probes (process(...) probes). */

/** One symbol from .symtab or .dynsym: defined (not PLT/undefined), version suffix stripped. */
export interface ElfSymbol {
  readonly name: string;
  /** Link-time virtual address (st_value). */
  readonly value: bigint;
  readonly size: bigint;
  readonly type: 'func' | 'object' | 'ifunc' | 'other';
  readonly binding: 'local' | 'global' | 'weak';
  /** Section index (st_shndx). */
  readonly section: number;
}

/**
 * Where a USDT argument lives at the marker. Register names are the canonical 64-bit ones
 * ("rdi" for %edi, %di, %dil). A memory operand reads base + offset [+ index * scale]; base
 * "rip" stands for the marker's own address — what a uprobe leaves in the ip — and is what a
 * symbol operand (`gvar(%rip)`, `gvar`) becomes, with the offset from pc to the symbol.
 */
export type SdtArgLocation =
  | { readonly kind: 'register'; readonly register: string }
  | {
      readonly kind: 'memory';
      readonly base: string;
      readonly offset: number;
      readonly index?: string;
      readonly scale?: number;
    }
  | { readonly kind: 'constant'; readonly value: bigint };

/** One argument of a USDT marker, as sys/sdt.h writes it ("-4@%edi"). */
export interface SdtArg {
  /** Signed size in bytes: -4 = int32, 8 = uint64. */
  readonly size: number;
  /** As written, e.g. "-4@%edi". */
  readonly text: string;
  readonly location: SdtArgLocation;
}

/** One USDT marker (a note in .note.stapsdt). */
export interface SdtNote {
  readonly provider: string;
  readonly name: string;
  /** Marker address, adjusted for prelink via .stapsdt.base. */
  readonly pc: bigint;
  readonly base: bigint;
  /** Semaphore address (adjusted like pc), 0n if none. */
  readonly semaphore: bigint;
  readonly args: readonly SdtArg[];
  /** File offset of pc (for the uprobe). */
  readonly offset: bigint;
  /** File offset of the semaphore, if any. */
  readonly semaphoreOffset?: bigint;
  /** The argument string as stored in the note ("-4@%edi 8@%rsi"). */
  readonly argText: string;
  /** Why the arguments could not all be parsed; `args` then holds those before the bad one. */
  readonly argError?: string;
  /** Set (and `offset` is 0n) when pc lies in no PT_LOAD segment: the marker cannot be probed. */
  readonly locationError?: string;
}

export interface ElfFile {
  readonly path: string;
  readonly kind: 'exec' | 'dyn' | 'other';
  /** e_machine (62 = EM_X86_64). */
  readonly machine: number;
  /** NT_GNU_BUILD_ID as lowercase hex. */
  readonly buildId?: string;
  readonly soname?: string;
  readonly needed: readonly string[];
  readonly interp?: string;
  /** DT_RUNPATH directories, as written ($ORIGIN unexpanded). */
  readonly runpath: readonly string[];
  /** DT_RPATH directories (ignored by the loader when DT_RUNPATH is present). */
  readonly rpath: readonly string[];
  /** .symtab ∪ .dynsym, deduplicated, sorted by address. */
  symbols(): readonly ElfSymbol[];
  /** Functions matching a shell wildcard (* ? [..]), stap's process().function("PATTERN") for plain names. */
  findFunctions(pattern: string): readonly ElfSymbol[];
  /** Virtual address → file offset via PT_LOAD program headers; undefined outside every segment. */
  vaddrToOffset(vaddr: bigint): bigint | undefined;
  /** .note.stapsdt markers. */
  sdtNotes(): readonly SdtNote[];
}

export type ElfResult =
  | { readonly ok: true; readonly elf: ElfFile }
  | { readonly ok: false; readonly message: string };

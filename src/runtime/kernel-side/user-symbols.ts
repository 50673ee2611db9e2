/**
 * User addresses to symbols, for `ubacktrace()`, `usymname()` and the like in kernel handlers:
 * the process's mappings (/proc/PID/maps, read the first time a record names the pid, again
 * when an address falls outside them) and the ELF symbol tables of the mapped files. A process
 * gone before its records are decoded falls back on the known binaries (the probed ones and
 * `-d` files) that are not position-independent, whose addresses are their link-time ones.
 * Symbols are the functions and objects, each as big as the distance to the next (stap's
 * runtime/sym.c `_stp_kallsyms_lookup`); the module is the file's path.
 */
import { readFileSync } from 'node:fs';
import { type ElfFile, readElf, resolveExecutable } from '../../kernel/index.js';

/** What `_stp_kallsyms_lookup` finds for a user address. */
export interface UserLocation {
  /** The mapped file. */
  readonly module: string;
  /** The symbol, undefined when the address precedes every symbol of the file. */
  readonly name: string | undefined;
  /** From the symbol's start, or (no symbol) from the mapping's. */
  readonly offset: bigint;
  /** To the next symbol (0 for the last), or (no symbol) the mapping's length. */
  readonly size: bigint;
}

export type UserSymbolLookup = (tgid: number, address: bigint) => UserLocation | undefined;

export interface Mapping {
  readonly start: bigint;
  readonly end: bigint;
  /** File offset of `start`. */
  readonly fileOffset: bigint;
  readonly path: string;
}

/** The file-backed lines of /proc/PID/maps. */
export function parseMaps(text: string): Mapping[] {
  const out: Mapping[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) \S+ ([0-9a-f]+) \S+ \d+\s+(\/.*)$/.exec(line);
    if (m === null) continue;
    out.push({
      start: BigInt(`0x${m[1]}`),
      end: BigInt(`0x${m[2]}`),
      fileOffset: BigInt(`0x${m[3]}`),
      path: m[4]!.replace(/ \(deleted\)$/, ''),
    });
  }
  return out;
}

interface FileSymbol {
  readonly name: string;
  /** Link-time address. */
  readonly value: bigint;
  readonly size: bigint;
}

/** A file's functions and objects by link-time address. */
export interface FileSymbols {
  /** ET_EXEC: loaded at its link-time addresses. */
  readonly exec: boolean;
  readonly symbols: readonly FileSymbol[];
  vaddrToOffset(vaddr: bigint): bigint | undefined;
}

export function fileSymbols(elf: Pick<ElfFile, 'kind' | 'symbols' | 'vaddrToOffset'>): FileSymbols {
  const wanted = elf
    .symbols()
    .filter((s) => (s.type === 'func' || s.type === 'object') && s.value !== 0n)
    .toSorted((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const symbols = wanted.map((s, i): FileSymbol => {
    const next = wanted.slice(i + 1).find((t) => t.value > s.value);
    const name = s.name.startsWith('.') ? s.name.slice(1) : s.name;
    return { name, value: s.value, size: next === undefined ? 0n : next.value - s.value };
  });
  return { exec: elf.kind === 'exec', symbols, vaddrToOffset: (v) => elf.vaddrToOffset(v) };
}

/** The last symbol starting at or before link-time address `vaddr`. */
function symbolAt(file: FileSymbols, vaddr: bigint): FileSymbol | undefined {
  let low = 0;
  let high = file.symbols.length - 1;
  let found: FileSymbol | undefined;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const s = file.symbols[mid]!;
    if (s.value <= vaddr) {
      found = s;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/**
 * The link-time address of `address` in `mapping`: itself for ET_EXEC; else less the load
 * base (where the file's offset 0 is mapped, its first segment being at 0), checked against
 * the mapping's file offset.
 */
function linkAddress(
  file: FileSymbols,
  mapping: Mapping,
  address: bigint,
  loadBase: bigint | undefined,
): bigint | undefined {
  if (file.exec) return address;
  const at = address - mapping.start + mapping.fileOffset;
  for (const vaddr of [loadBase === undefined ? undefined : address - loadBase, at]) {
    if (vaddr !== undefined && file.vaddrToOffset(vaddr) === at) return vaddr;
  }
  return undefined;
}

/** An address inside a mapping of `file` (`loadBase`: where the file's offset 0 is mapped). */
export function locateInMapping(
  file: FileSymbols | undefined,
  mapping: Mapping,
  address: bigint,
  loadBase?: bigint,
): UserLocation {
  const vaddr = file === undefined ? undefined : linkAddress(file, mapping, address, loadBase);
  const s = file === undefined || vaddr === undefined ? undefined : symbolAt(file, vaddr);
  return s === undefined || vaddr === undefined
    ? {
        module: mapping.path,
        name: undefined,
        offset: address - mapping.start,
        size: mapping.end - mapping.start,
      }
    : { module: mapping.path, name: s.name, offset: vaddr - s.value, size: s.size };
}

export interface UserSymbolSources {
  /** /proc/PID/maps' text, undefined when the process is gone. */
  readonly maps: (pid: number) => string | undefined;
  /** A file's symbols, undefined when it cannot be read as ELF. */
  readonly file: (path: string) => FileSymbols | undefined;
  /** Milliseconds, for the age of a maps snapshot. */
  readonly now: () => number;
}

/** A process's maps older than this are read again (while it lives). */
const MAPS_REFRESH_MS = 200;

const systemSources: UserSymbolSources = {
  maps: (pid) => {
    try {
      return readFileSync(`/proc/${pid}/maps`, 'latin1');
    } catch {
      return undefined;
    }
  },
  file: (path) => {
    const r = readElf(path);
    return r.ok ? fileSymbols(r.elf) : undefined;
  },
  now: () => performance.now(),
};

/** A lookup over the processes' mappings, with `knownFiles` for processes already gone. */
export function userSymbols(
  knownFiles: readonly string[],
  sources: UserSymbolSources = systemSources,
): UserSymbolLookup {
  const maps = new Map<number, { readonly at: number; readonly mappings: readonly Mapping[] }>();
  const files = new Map<string, FileSymbols | undefined>();
  const file = (path: string): FileSymbols | undefined => {
    if (!files.has(path)) files.set(path, sources.file(path));
    return files.get(path);
  };
  /** The process's mappings, read again when none holds the address. */
  /**
   * The process's mappings, read again when none holds the address or when the snapshot is
   * older than MAPS_REFRESH_MS (an exec, a dlopen); kept when the process is gone.
   */
  const mappingsFor = (pid: number, address: bigint): readonly Mapping[] => {
    const known = maps.get(pid);
    const now = sources.now();
    if (known !== undefined && now - known.at < MAPS_REFRESH_MS) {
      if (known.mappings.some((m) => address >= m.start && address < m.end)) return known.mappings;
    }
    const text = sources.maps(pid);
    const fresh = text === undefined ? [] : parseMaps(text);
    if (fresh.length === 0) return known?.mappings ?? [];
    maps.set(pid, { at: now, mappings: fresh });
    return fresh;
  };
  // `-d ls` names a program as -c would run it.
  const known = [...new Set(knownFiles.map((name) => resolveExecutable(name) ?? name))];
  const fromKnownFiles = (address: bigint): UserLocation | undefined => {
    for (const path of known) {
      const f = file(path);
      if (f?.exec !== true || f.vaddrToOffset(address) === undefined) continue;
      const s = symbolAt(f, address);
      if (s !== undefined) return { module: path, name: s.name, offset: address - s.value, size: s.size };
    }
    return undefined;
  };
  return (tgid, address) => {
    if (address === 0n) return undefined;
    const mappings = mappingsFor(tgid, address);
    const mapping = mappings.find((m) => address >= m.start && address < m.end);
    if (mapping === undefined) return fromKnownFiles(address);
    const base = mappings.find((m) => m.path === mapping.path && m.fileOffset === 0n)?.start;
    return locateInMapping(file(mapping.path), mapping, address, base);
  };
}

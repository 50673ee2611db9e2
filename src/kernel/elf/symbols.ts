/**
 * Symbol tables (.symtab and .dynsym) as process(...).function("PATTERN") sees them: defined,
 * named symbols only (undefined and PLT imports are left out), version suffixes
 * (`memcpy@@GLIBC_2.14`) stripped, the two tables merged by name and address.
 */
import { globToRegExp } from '../tracefs.js';
import { type SectionHeader, stringTableReader } from './elf-format.js';
import type { ElfSymbol } from './types.js';

const SYM_SIZE = 24;
const SHN_UNDEF = 0;

const STT_OBJECT = 1;
const STT_FUNC = 2;
const STT_GNU_IFUNC = 10;
const STB_LOCAL = 0;
const STB_WEAK = 2;

function symbolType(info: number): ElfSymbol['type'] {
  switch (info & 0xf) {
    case STT_FUNC:
      return 'func';
    case STT_OBJECT:
      return 'object';
    case STT_GNU_IFUNC:
      return 'ifunc';
    default:
      return 'other';
  }
}

function symbolBinding(info: number): ElfSymbol['binding'] {
  const b = info >> 4;
  if (b === STB_LOCAL) return 'local';
  if (b === STB_WEAK) return 'weak';
  return 'global'; // STB_GLOBAL and STB_GNU_UNIQUE
}

/** `foo@@GLIBC_2.2.5` / `foo@GLIBC_2.2.5` → `foo`. */
export function stripVersion(name: string): string {
  const at = name.indexOf('@');
  return at > 0 ? name.slice(0, at) : name;
}

/** Decodes one symbol table given its bytes and its string table's bytes. */
export function parseSymbolTable(table: Buffer, strings: Buffer): ElfSymbol[] {
  const out: ElfSymbol[] = [];
  const nameAt = stringTableReader(strings);
  for (let at = SYM_SIZE; at + SYM_SIZE <= table.length; at += SYM_SIZE) {
    const section = table.readUInt16LE(at + 6);
    if (section === SHN_UNDEF) continue;
    const name = stripVersion(nameAt(table.readUInt32LE(at)));
    if (name === '') continue;
    const info = table[at + 4] ?? 0;
    out.push({
      name,
      value: table.readBigUInt64LE(at + 8),
      size: table.readBigUInt64LE(at + 16),
      type: symbolType(info),
      binding: symbolBinding(info),
      section,
    });
  }
  return out;
}

/** The symbol table sections to read, .symtab first (it carries locals and sizes). */
export function symbolSections(sections: readonly SectionHeader[]): SectionHeader[] {
  return [...sections.filter((s) => s.name === '.symtab'), ...sections.filter((s) => s.name === '.dynsym')];
}

/** .symtab ∪ .dynsym: the first entry seen for a name+address wins; sorted by address, then name. */
export function mergeSymbols(tables: readonly (readonly ElfSymbol[])[]): ElfSymbol[] {
  const byName = new Map<string, ElfSymbol[]>();
  const out: ElfSymbol[] = [];
  for (const table of tables) {
    for (const s of table) {
      const same = byName.get(s.name);
      if (same === undefined) byName.set(s.name, [s]);
      else if (same.some((t) => t.value === s.value)) continue;
      else same.push(s);
      out.push(s);
    }
  }
  // Sorting on bigints is slow; user-space addresses (below 2^53) fit a double exactly.
  const keyed = out.map((s) => ({ key: Number(s.value), s }));
  keyed.sort((a, b) => a.key - b.key || (a.s.name < b.s.name ? -1 : a.s.name > b.s.name ? 1 : 0));
  return keyed.map((k) => k.s);
}

export function isFunction(s: ElfSymbol): boolean {
  return s.type === 'func' || s.type === 'ifunc';
}

/**
 * Functions whose name matches a shell wildcard, as stap's symbol-table function matching
 * does (fnmatch over the whole name). A name defined at several addresses (static functions of
 * the same name in different files) yields one entry per address.
 */
export function matchFunctions(symbols: readonly ElfSymbol[], pattern: string): ElfSymbol[] {
  const re = globToRegExp(pattern);
  return symbols.filter((s) => isFunction(s) && re.test(s.name));
}

/**
 * Finding files the way the system would: a DT_NEEDED name as ld.so searches it, and a bare
 * program name through $PATH as stap's process("ls") does (then canonicalized).
 */
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { EM_X86_64 } from './elf-format.js';
import { isX8664Entry, ldSoConfDirs, systemLdSoCache } from './ld-so-cache.js';
import { readElf } from './read-elf.js';
import type { ElfFile } from './types.js';

/** ld.so's trusted directories on x86_64 Debian-style (multiarch) and Red Hat-style systems. */
export const DEFAULT_LIBRARY_DIRS: readonly string[] = [
  '/lib/x86_64-linux-gnu',
  '/usr/lib/x86_64-linux-gnu',
  '/lib64',
  '/usr/lib64',
  '/lib',
  '/usr/lib',
];

/**
 * DT_NEEDED name → path, in ld.so's order: DT_RPATH (only without DT_RUNPATH),
 * LD_LIBRARY_PATH, DT_RUNPATH, /etc/ld.so.cache (or, without a cache, the ld.so.conf
 * directories), then the default directories. `$ORIGIN` is the directory of `from`. A
 * candidate that is not an ELF file of `from`'s machine is skipped, as ld.so does.
 */
export function resolveLibrary(name: string, from: ElfFile): string | undefined {
  if (name.includes('/')) return usableLibrary(name, from) ? name : undefined;
  const origin = path.dirname(path.resolve(from.path));
  const expand = (dirs: readonly string[]) => dirs.map((d) => d.replace(/\$(ORIGIN\b|\{ORIGIN\})/g, origin));
  const envDirs = (process.env.LD_LIBRARY_PATH ?? '').split(/[:;]/).filter((d) => d !== '');
  const searchDirs = [
    ...(from.runpath.length === 0 ? expand(from.rpath) : []),
    ...envDirs,
    ...expand(from.runpath),
  ];
  for (const dir of searchDirs) {
    const candidate = path.join(dir, name);
    if (usableLibrary(candidate, from)) return candidate;
  }
  const cache = systemLdSoCache();
  if (cache !== undefined) {
    for (const entry of cache) {
      if (entry.name !== name) continue;
      if (from.machine === EM_X86_64 && !isX8664Entry(entry)) continue;
      if (usableLibrary(entry.path, from)) return entry.path;
    }
  }
  const fallback = [...(cache === undefined ? ldSoConfDirs() : []), ...DEFAULT_LIBRARY_DIRS];
  for (const dir of fallback) {
    const candidate = path.join(dir, name);
    if (usableLibrary(candidate, from)) return candidate;
  }
  return undefined;
}

function usableLibrary(candidate: string, from: ElfFile): boolean {
  const r = readElf(candidate);
  return r.ok && r.elf.machine === from.machine;
}

/**
 * A program name → canonical absolute path, with execvp's policy as stap's find_executable
 * has it: a name with a slash is taken as is, a bare name is looked up along $PATH (the first
 * readable regular file); the result has symlinks resolved. Undefined when nothing is found.
 */
export function resolveExecutable(name: string): string | undefined {
  if (name === '') return undefined;
  if (name.includes('/')) return canonical(name);
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir === '' ? '.' : dir, name);
    if (isReadableFile(candidate)) return canonical(candidate);
  }
  return undefined;
}

function isReadableFile(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function canonical(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The dynamic loader's library index: /etc/ld.so.cache (glibc's "glibc-ld.so.cache1.1" format,
 * possibly behind the old "ld.so-1.7.0" table), and the ld.so.conf directory list it is built
 * from, used when the cache is missing or unreadable.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { globToRegExp } from '../tracefs.js';
import { cString } from './elf-format.js';

export const LD_SO_CACHE = '/etc/ld.so.cache';
export const LD_SO_CONF = '/etc/ld.so.conf';

const OLD_MAGIC = 'ld.so-1.7.0';
const NEW_MAGIC = 'glibc-ld.so.cache1.1';
const NEW_HEADER_SIZE = 48;
const NEW_ENTRY_SIZE = 24;
const OLD_ENTRY_SIZE = 12;

// Entry flags (glibc elf/cache.c): the low byte is the library type, the next the architecture.
const FLAG_TYPE_MASK = 0x00ff;
const FLAG_ELF_LIBC6 = 0x0003;
const FLAG_REQUIRED_MASK = 0xff00;
const FLAG_X8664_LIB64 = 0x0300;

export interface CacheEntry {
  readonly name: string;
  readonly path: string;
  readonly flags: number;
}

/** Decodes an ld.so.cache image; undefined when it is in no format we know. */
export function parseLdSoCache(buf: Buffer): CacheEntry[] | undefined {
  let start = 0;
  if (buf.toString('latin1', 0, OLD_MAGIC.length) === OLD_MAGIC) {
    if (buf.length < 16) return undefined;
    const nlibs = buf.readUInt32LE(12);
    start = (16 + nlibs * OLD_ENTRY_SIZE + 7) & ~7;
  }
  if (buf.length < start + NEW_HEADER_SIZE) return undefined;
  if (buf.toString('latin1', start, start + NEW_MAGIC.length) !== NEW_MAGIC) return undefined;
  const nlibs = buf.readUInt32LE(start + 20);
  const strings = buf.subarray(start);
  const out: CacheEntry[] = [];
  for (let i = 0; i < nlibs; i++) {
    const at = start + NEW_HEADER_SIZE + i * NEW_ENTRY_SIZE;
    if (at + NEW_ENTRY_SIZE > buf.length) return undefined;
    out.push({
      flags: buf.readInt32LE(at),
      name: cString(strings, buf.readUInt32LE(at + 4)),
      path: cString(strings, buf.readUInt32LE(at + 8)),
    });
  }
  return out;
}

/** Whether a cache entry is a 64-bit x86 glibc library (the only kind we load). */
export function isX8664Entry(e: CacheEntry): boolean {
  return (e.flags & FLAG_TYPE_MASK) === FLAG_ELF_LIBC6 && (e.flags & FLAG_REQUIRED_MASK) === FLAG_X8664_LIB64;
}

let cached: { readonly entries: CacheEntry[] | undefined } | undefined;

/** The system's cache entries, read once; undefined when there is no usable cache. */
export function systemLdSoCache(): CacheEntry[] | undefined {
  if (cached === undefined) {
    let entries: CacheEntry[] | undefined;
    try {
      entries = parseLdSoCache(readFileSync(LD_SO_CACHE));
    } catch {
      entries = undefined; // no cache: the caller falls back to ld.so.conf directories
    }
    cached = { entries };
  }
  return cached.entries;
}

/**
 * The directories ld.so.conf names, following `include` lines (a wildcard in the last path
 * component, relative paths taken from the including file's directory); `hwcap` lines ignored.
 */
export function ldSoConfDirs(file = LD_SO_CONF, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '' || line.startsWith('hwcap ')) continue;
    const include = /^include\s+(.+)$/.exec(line);
    if (include === null) {
      dirs.push(line);
      continue;
    }
    for (const pattern of (include[1] ?? '').split(/\s+/)) {
      const full = path.resolve(path.dirname(file), pattern);
      for (const f of expandLastComponent(full)) dirs.push(...ldSoConfDirs(f, seen));
    }
  }
  return dirs;
}

function expandLastComponent(pattern: string): string[] {
  const dir = path.dirname(pattern);
  const base = path.basename(pattern);
  if (!/[*?[]/.test(base)) return [pattern];
  const re = globToRegExp(base);
  try {
    return readdirSync(dir)
      .filter((f) => re.test(f))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

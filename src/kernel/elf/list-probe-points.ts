/**
 * What `stap -l 'process("PATH").function("PATTERN")'` and `.mark("PATTERN")` print: one
 * line per distinct matching name, with the process path canonicalized as stap's
 * find_executable does (a bare name through $PATH, symlinks resolved), sorted like stap's
 * listing. A PATH with wildcards names every ELF file it matches.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { globToRegExp } from '../tracefs.js';
import { readElf } from './read-elf.js';
import { resolveExecutable } from './resolve.js';
import type { ElfFile } from './types.js';

export type UserProbeKind = 'function' | 'mark';

export type UserProbeListing =
  | { readonly ok: true; readonly points: readonly string[] }
  | { readonly ok: false; readonly message: string };

const GLOB_CHARS = /[*?[]/;

/** Listing lines for one process(...) probe point pattern. */
export function listUserProbePoints(
  processPath: string,
  kind: UserProbeKind,
  pattern: string,
): UserProbeListing {
  let files: string[];
  if (GLOB_CHARS.test(processPath)) {
    files = expandPathGlob(processPath);
    if (files.length === 0) return { ok: false, message: `no file matches '${processPath}'` };
  } else {
    const file = resolveExecutable(processPath);
    if (file === undefined) return { ok: false, message: `cannot find executable '${processPath}'` };
    files = [file];
  }
  const points = new Set<string>();
  for (const file of files) {
    const r = readElf(file);
    if (!r.ok) {
      if (files.length > 1) continue; // a wildcard also matches non-ELF files: not candidates
      return r;
    }
    for (const name of matchingNames(r.elf, kind, pattern))
      points.add(`process("${file}").${kind}("${name}")`);
  }
  return { ok: true, points: [...points].sort() };
}

function matchingNames(elf: ElfFile, kind: UserProbeKind, pattern: string): string[] {
  switch (kind) {
    case 'function':
      return elf.findFunctions(pattern).map((s) => s.name);
    case 'mark': {
      // dtrace-style "-" in a marker name stands for the "__" sys/sdt.h writes (stap PR10245).
      const re = globToRegExp(pattern.replaceAll('-', '__'));
      return elf
        .sdtNotes()
        .filter((n) => re.test(n.name))
        .map((n) => n.name);
    }
  }
}

/** Expands wildcards component by component (glob(3) style: a leading "." must be explicit). */
function expandPathGlob(pattern: string): string[] {
  let paths = [path.isAbsolute(pattern) ? '/' : '.'];
  for (const part of pattern.split('/').filter((p) => p !== '')) {
    if (!GLOB_CHARS.test(part)) {
      paths = paths.map((p) => path.join(p, part));
      continue;
    }
    const re = globToRegExp(part);
    paths = paths.flatMap((dir) => {
      try {
        return readdirSync(dir)
          .filter((f) => re.test(f) && (part.startsWith('.') || !f.startsWith('.')))
          .map((f) => path.join(dir, f));
      } catch {
        return []; // not a directory, or unreadable: matches nothing, as in glob(3)
      }
    });
  }
  return [...new Set(paths.flatMap((p) => resolveExecutable(path.resolve(p)) ?? []))];
}

/**
 * The tapset search path and the library files on it, in stap's order (main.cxx, pass 1a): for
 * each include directory (the built-in tapset directory, then each `-I DIR`), the
 * runtime-specific subdirectories first, then the plain ones, each from the most specific kernel
 * version down, each preceded by its architecture variant:
 *
 *     bpf/6.18.44-fc/x86_64, bpf/6.18.44-fc, bpf/6.18.44/x86_64, …, bpf/x86_64, bpf,
 *     6.18.44-fc/x86_64, 6.18.44-fc, …, x86_64, (the directory itself)
 *
 * Files are taken from each directory itself (sorted by name), plus everything below its `PATH`
 * subdirectory. A file seen before (same real path, or same path relative to its include
 * directory) is skipped.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** `SYSTEMTAP_TAPSET` replaces the built-in tapset directory, as in stap. */
export function includePath(
  builtinTapsetDir: string,
  extraDirs: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  return [env.SYSTEMTAP_TAPSET ?? builtinTapsetDir, ...extraDirs];
}

/** The subdirectory suffixes searched under each include directory, most specific first. */
export function versionSuffixes(
  kernelRelease: string,
  kernelVersion: string,
  arch: string,
  runtime: string,
): string[] {
  const versions = [kernelRelease];
  if (kernelVersion !== kernelRelease) versions.push(kernelVersion);
  // The kernel family: 6.18.44 → 6.18 (stap stops at the first dot).
  let family = kernelVersion;
  for (;;) {
    const first = family.indexOf('.');
    const last = family.lastIndexOf('.');
    if (last <= first || first < 0) break;
    family = family.slice(0, last);
    versions.push(family);
  }
  const plain: string[] = [];
  for (const v of versions) plain.push(`/${v}/${arch}`, `/${v}`);
  plain.push(`/${arch}`, '');
  return [...plain.map((s) => `/${runtime}${s}`), ...plain];
}

export interface LibraryFile {
  readonly path: string;
  /** Index in the include path (0 is the built-in tapset directory). */
  readonly includeIndex: number;
}

/** Every file ending in `extension` (`.stpm`, `.stp`) on the search path, in stap's order. */
export function findLibraryFiles(
  includeDirs: readonly string[],
  suffixes: readonly string[],
  extension: string,
): LibraryFile[] {
  const out: LibraryFile[] = [];
  const seenReal = new Set<string>();
  const seenTail = new Set<string>();
  includeDirs.forEach((dir, includeIndex) => {
    const base = path.normalize(dir).replace(/(.)\/+$/, '$1');
    for (const suffix of suffixes) {
      for (const file of filesIn(base + suffix, extension, `${base}/PATH`)) {
        let real = file;
        try {
          real = realpathSync(file);
        } catch {
          // Vanished since listed; use the name.
        }
        const tail = file.slice(base.length);
        if (seenReal.has(real) || seenTail.has(tail)) continue;
        seenReal.add(real);
        seenTail.add(tail);
        out.push({ path: file, includeIndex });
      }
    }
  });
  return out;
}

/** Files directly in `dir`, plus anything under `pathRoot` (the include directory's `PATH`). */
function filesIn(dir: string, extension: string, pathRoot: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const name of entries) {
      const full = `${d}/${name}`;
      let isDir = false;
      try {
        const st = statSync(full);
        isDir = st.isDirectory();
        if (st.isFile() && name.endsWith(extension)) found.push(full);
      } catch {
        continue;
      }
      if (isDir && (full === pathRoot || full.startsWith(`${pathRoot}/`))) walk(full);
    }
  };
  walk(dir);
  // stap collects into a std::set<string>: byte order.
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

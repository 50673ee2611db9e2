/**
 * binutils' view of a file, parsed from `readelf` text, for the ELF tests to compare against:
 * an independent reader, so a disagreement fails the test.
 */
import { run } from './c-fixtures.js';

export interface ReadelfSdtNote {
  readonly provider: string;
  readonly name: string;
  readonly pc: bigint;
  readonly base: bigint;
  readonly semaphore: bigint;
  readonly argText: string;
}

/** The stapsdt notes `readelf -n` prints, in file order. */
export function readelfSdtNotes(file: string): ReadelfSdtNote[] {
  const text = run('readelf', ['-n', '--wide', file]);
  const out: ReadelfSdtNote[] = [];
  const re =
    /Provider: (\S+)\n\s+Name: (\S+)\n\s+Location: (0x[0-9a-f]+), Base: (0x[0-9a-f]+), Semaphore: (0x[0-9a-f]+)\n\s+Arguments:[ \t]?(.*)/g;
  for (const m of text.matchAll(re)) {
    out.push({
      provider: m[1] ?? '',
      name: m[2] ?? '',
      pc: BigInt(m[3] ?? '0'),
      base: BigInt(m[4] ?? '0'),
      semaphore: BigInt(m[5] ?? '0'),
      argText: (m[6] ?? '').trim(),
    });
  }
  return out;
}

/** The build id `readelf -n` prints, if any. */
export function readelfBuildId(file: string): string | undefined {
  return /Build ID: ([0-9a-f]+)/.exec(run('readelf', ['-n', file]))?.[1];
}

/** Names of defined FUNC/IFUNC symbols in .symtab and .dynsym per `readelf -sW`, versions cut. */
export function readelfFunctionNames(file: string): Set<string> {
  const names = new Set<string>();
  for (const line of run('readelf', ['-sW', file]).split('\n')) {
    // Num: Value Size Type Bind Vis Ndx Name
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || !/^\d+:$/.test(f[0] ?? '')) continue;
    if ((f[3] !== 'FUNC' && f[3] !== 'IFUNC') || f[6] === 'UND') continue;
    const name = (f[7] ?? '').replace(/@.*/, '');
    if (name !== '') names.add(name);
  }
  return names;
}

/** `ldd FILE`'s `name => path` lines. */
export function lddPaths(file: string, env?: NodeJS.ProcessEnv): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of run('ldd', [file], env).matchAll(/^\s*(\S+) => (\/\S+)/gm)) out.set(m[1] ?? '', m[2] ?? '');
  return out;
}

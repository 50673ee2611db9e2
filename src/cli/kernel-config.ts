import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { KernelTarget } from './options.js';

/** `CONFIG_NAME` → its value as written in the kernel's `.config` (`y`, `m`, `64`, `"text"`). */
export type KernelConfig = ReadonlyMap<string, string>;

/** Parses `.config` text the way stap does: every `CONFIG_…=value` line; `# … is not set` is unset. */
export function parseKernelConfig(text: string): KernelConfig {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('CONFIG_')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    out.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return out;
}

/**
 * Where the configuration of the target kernel is, most authoritative first. For the running
 * kernel `/proc/config.gz` (CONFIG_IKCONFIG_PROC) describes exactly what runs; distributions
 * ship `/boot/config-RELEASE`; a build tree has `.config`.
 */
export function kernelConfigCandidates(target: KernelTarget, runningRelease: string): string[] {
  switch (target.kind) {
    case 'running':
      return [
        '/proc/config.gz',
        `/boot/config-${runningRelease}`,
        `/lib/modules/${runningRelease}/build/.config`,
      ];
    case 'release':
      return [`/boot/config-${target.release}`, `/lib/modules/${target.release}/build/.config`];
    case 'build-tree':
      return [`${target.dir}/.config`];
  }
}

/**
 * Reads the first candidate that exists. A kernel without any readable configuration answers
 * "unset" for every option, which is what `%( CONFIG_X == "y" %? … %)` then sees.
 */
export function readKernelConfig(paths: readonly string[]): KernelConfig {
  for (const path of paths) {
    try {
      const bytes = readFileSync(path);
      const text = path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
      return parseKernelConfig(text);
    } catch {
      // Missing or unreadable: try the next one.
    }
  }
  return new Map();
}

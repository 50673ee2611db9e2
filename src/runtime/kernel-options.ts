/**
 * The kernel code generator's options from the run's: string and map limits from `-D`, the
 * ring-buffer size from `-s`, each aggregate's histogram and `@variance` shift from the
 * user-space translation (the one analysis both sides share).
 */
import type { KernelCompileOptions } from '../compile/index.js';
import type { Variable } from '../elaborate/index.js';
import type { StatShape } from '../wire/index.js';
import { localTimezone } from './builtins/index.js';
import type { CompiledProgram } from './codegen/index.js';
import { defineValue } from './limits.js';
import type { RunOptions } from './session.js';

/** The smallest ring the spike measured without loss at 2 M events/s. */
const MIN_RING_BYTES = 1 << 20;
/**
 * Without `-s`: printf records are bigger than the spike's and formatting them costs more than
 * counting them, so 4 MiB, which streamed a 1.2 M printf/s loop here without loss.
 */
const DEFAULT_RING_BYTES = 4 << 20;

export function kernelCompileOptions(
  compiled: CompiledProgram,
  options: Pick<RunOptions, 'defines' | 'suppressHandlerErrors' | 'ringBufferMb'>,
): KernelCompileOptions {
  const statShapes = new Map<Variable, StatShape>();
  compiled.layouts.forEach((layout, i) => {
    const g = compiled.globals[i];
    if (g !== undefined && (layout.kind === 'stats' || layout.kind === 'stat-array'))
      statShapes.set(g, layout.spec);
  });
  const maxErrors = options.suppressHandlerErrors
    ? 0x7fffffff
    : (defineValue(options.defines, 'MAXERRORS') ?? 0);
  return {
    maxStringLen: defineValue(options.defines, 'MAXSTRINGLEN') ?? 512,
    maxMapEntries: defineValue(options.defines, 'MAXMAPENTRIES') ?? 2048,
    maxErrors,
    maxAction: defineValue(options.defines, 'MAXACTION') ?? 1000,
    ringBufferBytes: ringBytes(options.ringBufferMb),
    statShapes,
    // Read (from /etc/localtime or TZ) only when a kernel handler calls tz_*().
    timezone: () => localTimezone(),
  };
}

/** `-s MB` rounded up to a power of two, at least 1 MiB. */
function ringBytes(mb: number | undefined): number {
  if (mb === undefined) return DEFAULT_RING_BYTES;
  const wanted = Math.max(MIN_RING_BYTES, Math.round(mb * (1 << 20)));
  let bytes = MIN_RING_BYTES;
  while (bytes < wanted && bytes < 1 << 30) bytes *= 2;
  return bytes;
}

/**
 * Run-time limits from `-D NAME=VALUE`, with stap's defaults (runtime/runtime_defines.h).
 * MAXNESTING defaults to what the call graph needs (see codegen/analysis.ts).
 */
import type { Limits } from './context.js';

export interface RunLimits extends Limits {
  /** Budget of begin/end/error handlers: MAXACTION * 10 unless given. */
  readonly MAXACTION_INTERRUPTIBLE: number;
}

export interface Define {
  readonly name: string;
  readonly value: string | undefined;
}

/** A `-D` value as the C preprocessor would read an integer constant (decimal, 0x hex, 0 octal). */
function integer(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[uUlL]*\s*$/.exec(text);
  if (m === null) return undefined;
  const digits = m[2]!;
  const value = /^0[xX]/.test(digits)
    ? Number.parseInt(digits.slice(2), 16)
    : digits.length > 1 && digits.startsWith('0')
      ? Number.parseInt(digits, 8)
      : Number.parseInt(digits, 10);
  return m[1] === '-' ? -value : value;
}

/** The value of `-D name` (the last one given wins, as with repeated #defines). */
export function defineValue(defines: readonly Define[], name: string): number | undefined {
  let found: number | undefined;
  for (const d of defines) if (d.name === name) found = integer(d.value ?? '1');
  return found;
}

export function isDefined(defines: readonly Define[], name: string): boolean {
  return defines.some((d) => d.name === name);
}

export function runLimits(defines: readonly Define[], maxNesting: number): RunLimits {
  const get = (name: string, fallback: number) => defineValue(defines, name) ?? fallback;
  const maxAction = get('MAXACTION', 1000);
  return {
    MAXSTRINGLEN: get('MAXSTRINGLEN', 512),
    MAXMAPENTRIES: get('MAXMAPENTRIES', 2048),
    MAXACTION: maxAction,
    MAXACTION_INTERRUPTIBLE: get('MAXACTION_INTERRUPTIBLE', maxAction * 10),
    MAXNESTING: get('MAXNESTING', maxNesting),
    MAXERRORS: get('MAXERRORS', 0),
    MAXSKIPPED: get('MAXSKIPPED', 100),
    HIST_WIDTH: get('HIST_WIDTH', 50),
    HIST_ELISION: get('HIST_ELISION', 2),
  };
}

/**
 * The end-of-run display of globals a script writes but never reads (elaborate.cxx
 * add_global_var_display: one synthetic `probe end` per such global, run after the script's own
 * end probes, in declaration order):
 *
 *   count=42                          long scalar              `name=%d` (`%#x` if a pointer)
 *   who="init"                        string scalar            `name="%s"`
 *   lat @count=4 @min=1 @max=4 @sum=10 @avg=2                  stats scalar
 *   lat @count=0x0                    stats scalar, no samples
 *   hits["sshd",7]=12                 array: one line per element, values descending
 *   t["x"] @count=2 @min=... @avg=... stats array, `@count` descending
 *
 * String keys and values are quoted without escaping; numeric keys print in decimal. Elements
 * with equal values keep the order they are given in (stap's merge sort is stable over the
 * array's own order).
 */

import { formatNumber, STP_BUFFER_SIZE } from './printf.js';
import type { StatData } from './stats.js';
import { div64 } from './stats.js';

type Key = bigint | string;

export interface ArrayEntry<V> {
  readonly keys: readonly Key[];
  readonly value: V;
}

export type GlobalValue =
  | { readonly kind: 'long'; readonly name: string; readonly value: bigint; readonly pointer?: boolean }
  | { readonly kind: 'string'; readonly name: string; readonly value: string }
  /** A stats scalar as read (undefined or count 0: no samples). */
  | { readonly kind: 'stats'; readonly name: string; readonly value: StatData | undefined }
  | {
      readonly kind: 'array';
      readonly name: string;
      readonly entries: readonly ArrayEntry<bigint>[] | readonly ArrayEntry<string>[];
      readonly pointer?: boolean;
    }
  | {
      readonly kind: 'stats-array';
      readonly name: string;
      readonly entries: readonly ArrayEntry<StatData>[];
    };

export interface GlobalDisplayOptions {
  /** `--compatible` below 1.4 printed statistics with `%#x`. */
  readonly hexStats?: boolean;
}

const HEX = { left: false, plus: false, space: false, alternate: true, zeroPad: false } as const;

function hex(value: bigint): string {
  return formatNumber(value, 16, false, false, -1, -1, HEX);
}

function line(text: string): string {
  const full = `${text}\n`;
  return full.length > STP_BUFFER_SIZE ? full.slice(0, STP_BUFFER_SIZE) : full;
}

function keysText(keys: readonly Key[]): string {
  let s = '[';
  for (let k = 0; k < keys.length; k++) {
    if (k > 0) s += ',';
    const key = keys[k]!;
    s += typeof key === 'bigint' ? key.toString() : `"${key}"`;
  }
  return `${s}]`;
}

function statsText(sd: StatData, options: GlobalDisplayOptions | undefined): string {
  const show = options?.hexStats === true ? hex : (v: bigint) => v.toString();
  const avg = div64(sd.sum, sd.count);
  return (
    ` @count=${show(sd.count)} @min=${show(sd.min)} @max=${show(sd.max)}` +
    ` @sum=${show(sd.sum)} @avg=${show(avg)}`
  );
}

function longText(value: bigint, pointer: boolean | undefined): string {
  return pointer === true ? hex(value) : value.toString();
}

/** Descending by value, stable; strings compare bytewise like the kernel's strcmp. */
function sortDescending<V extends bigint | string>(entries: readonly ArrayEntry<V>[]): ArrayEntry<V>[] {
  return [...entries].sort((a, b) => (a.value < b.value ? 1 : a.value > b.value ? -1 : 0));
}

/** The lines (each ending in `\n`) stap prints for one global at the end of the run. */
export function renderGlobalDisplay(global: GlobalValue, options?: GlobalDisplayOptions): string {
  switch (global.kind) {
    case 'long':
      return line(`${global.name}=${longText(global.value, global.pointer)}`);
    case 'string':
      return line(`${global.name}="${global.value}"`);
    case 'stats':
      if (global.value === undefined || global.value.count === 0n) return line(`${global.name} @count=0x0`);
      return line(global.name + statsText(global.value, options));
    case 'array': {
      let out = '';
      const entries: readonly ArrayEntry<bigint | string>[] = global.entries;
      for (const e of sortDescending(entries)) {
        const value = typeof e.value === 'bigint' ? longText(e.value, global.pointer) : `"${e.value}"`;
        out += line(`${global.name}${keysText(e.keys)}=${value}`);
      }
      return out;
    }
    case 'stats-array': {
      let out = '';
      const sorted = [...global.entries].sort((a, b) =>
        a.value.count < b.value.count ? 1 : a.value.count > b.value.count ? -1 : 0,
      );
      for (const e of sorted) out += line(global.name + keysText(e.keys) + statsText(e.value, options));
      return out;
    }
  }
}

/**
 * The ASCII chart of `print(@hist_linear(...))` / `print(@hist_log(...))`, as
 * `_stp_stat_print_histogram_buf` draws it:
 *
 *   value |-------------------------------------------------- count
 *       0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@       177
 *      50 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@         170
 *
 * - rows span the first..last nonempty bucket plus two empty buckets each side (a log chart
 *   does not step below 0 unless it holds negative values; a linear one shows its `<L`/`>H`
 *   under/overflow rows only when they are nonzero);
 * - the label column is as wide as the widest label (at least 5, for `value`);
 * - bars are count/scale `@`s, scale = ceil(max count / width) (1 when max <= width);
 * - counts are right-aligned in a column as wide as the largest count;
 * - a zero row whose neighbours within `elision` rows are all zero is dropped, and each run of
 *   dropped rows is shown as one `~` line (no elision when `elision` is negative);
 * - the chart ends with an empty line.
 */

import type { HistogramSpec } from './stats.js';
import { HIST_LOG_BUCKET0, logBucketValue } from './stats.js';

/** `-DHIST_WIDTH` (bar width, at least 1) and `-DHIST_ELISION` (empty rows kept around data). */
export interface HistogramOptions {
  readonly width?: number;
  readonly elision?: number;
}

export const HIST_WIDTH = 50;
export const HIST_ELISION = 2;

/** `needed_space`: characters of a value printed in decimal. */
function neededSpace(v: bigint): number {
  return v.toString().length;
}

/**
 * Draws the chart of a nonempty histogram (callers report `empty aggregate` for an aggregate with
 * no samples). `buckets` holds one count per bucket of `spec`.
 */
export function renderHistogram(
  spec: Exclude<HistogramSpec, { kind: 'none' }>,
  buckets: readonly bigint[],
  options?: HistogramOptions,
): string {
  // A width below 1 would divide by zero in the kernel; draw one column instead.
  const histWidth = Math.max(1, options?.width ?? HIST_WIDTH);
  const elision = options?.elision ?? HIST_ELISION;
  const n = spec.buckets;
  const count = (k: number): bigint => buckets[k] ?? 0n;

  let low = -1;
  let high = 0;
  let valmax = 0n;
  for (let k = 0; k < n; k++) {
    const c = count(k);
    if (c > 0n) {
      if (low === -1) low = k;
      high = k;
    }
    if (c > valmax) valmax = c;
  }
  // No samples at all: draw from bucket 0 rather than read before the array as C would.
  if (low === -1) low = 0;

  for (let k = 0; k < 2; k++) {
    if (spec.kind === 'log') {
      if (low !== HIST_LOG_BUCKET0 && low > 0) low--;
    } else if (low > 0) {
      low--;
    }
    if (high < n - 1) high++;
  }
  let under = 0;
  let over = 0;
  if (spec.kind === 'linear') {
    if (low === 0 && count(0) === 0n) low++;
    if (high === n - 1 && count(high) === 0n) high--;
    if (low === 0) under = 1;
    if (high === n - 1) over = 1;
  }

  const width = BigInt(histWidth);
  let scale = 1n;
  if (valmax > width) scale = (valmax + width - 1n) / width;
  const countSpace = neededSpace(valmax);

  let valSpace: number;
  if (spec.kind === 'linear') {
    // As C ints: start + interval * high_bucket, which overshoots the label of the row shown.
    const farthest = (spec.start + Math.imul(spec.interval, high)) | 0;
    valSpace = Math.max(neededSpace(BigInt(spec.start)) + under, neededSpace(BigInt(farthest)) + over);
  } else {
    valSpace = Math.max(neededSpace(logBucketValue(high)), neededSpace(logBucketValue(low)));
  }
  valSpace = Math.max(valSpace, 5);

  let out = `${'value'.padStart(valSpace)} |${'-'.repeat(histWidth)} count\n`;
  let eliding = false;
  const maxElide = Math.min(elision, n);
  for (let i = low; i <= high; i++) {
    if (elision >= 0) {
      const from = Math.max(low, i - maxElide);
      const to = Math.min(high, i + maxElide);
      let elide = true;
      for (let k = from; k <= to; k++) {
        if (count(k) !== 0n) {
          elide = false;
          break;
        }
      }
      if (elide) {
        eliding = true;
        continue;
      }
      if (eliding) {
        out += `${' '.repeat(valSpace)} ~\n`;
        eliding = false;
      }
    }

    let value: bigint;
    let prefix = '';
    if (spec.kind === 'linear') {
      const start = BigInt(spec.start);
      const interval = BigInt(spec.interval);
      if (i === 0) {
        value = start;
        prefix = '<';
      } else if (i === n - 1) {
        value = BigInt.asIntN(64, start + BigInt(i - 2) * interval);
        prefix = '>';
      } else {
        value = BigInt.asIntN(64, start + BigInt(i - 1) * interval);
      }
    } else {
      value = logBucketValue(i);
    }
    const c = count(i);
    const bar = Number(BigInt.asUintN(64, c) / scale);
    const label = prefix.padStart(valSpace - neededSpace(value)) + value.toString();
    const countText = c.toString();
    const countWidth = histWidth - bar + 1 + countSpace;
    out += `${label} |${'@'.repeat(Math.max(0, bar))}${countText.padStart(countWidth)}\n`;
  }
  return `${out}\n`;
}

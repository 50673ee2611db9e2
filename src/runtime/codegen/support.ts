/**
 * The helpers generated handlers call (`rt.div(...)`, `rt.printf(...)`): everything that is too
 * big to inline or that reports a runtime error. Errors record the blamed site in the frame's
 * `ls` slot first, exactly where stap's code assigns `STAP_LAST_STMT`.
 */

import type { FormatComponent } from '../../lang/index.js';
import { ScriptError, type Value } from '../context.js';
import { renderHistogram } from '../format/histogram.js';
import {
  formatPrint,
  formatPrintd,
  formatPrintdln,
  formatPrintln,
  formatSprint,
  formatSprintd,
  formatSprintdln,
  formatSprintln,
} from '../format/print.js';
import { formatPrintf, formatSprintf, type PrintfOptions } from '../format/printf.js';
import {
  EMPTY_AGGREGATE,
  histogramBucket,
  histogramEntries,
  type StatData,
  type StatOp,
  type StatSpec,
  statOp,
} from '../format/stats.js';
import {
  type AfterFn,
  type ArrayEntry,
  type ArrayVar,
  afterBy,
  encodeKey,
  type Key,
  type StatArrayVar,
  type StatSortKind,
  sortAll,
  sortAllOrder,
  sortFirst,
  sortFirstOrder,
  statSortValue,
} from '../store/index.js';
import { type HandlerState, isCatchable, MaxActionError } from './handler-state.js';

/** A compiled `=~` pattern: group spans of the leftmost-longest match, or undefined. */
export interface RegexMatcher {
  match(subject: string): readonly ([number, number] | undefined)[] | undefined;
}

export interface SupportOptions {
  readonly maxStringLen: number;
  readonly histWidth: number;
  readonly histElision: number;
  /** Where print/printf output goes (buffered by the session, flushed after each handler). */
  readonly write: (text: string) => void;
  /** `--compatible` below 1.3: `%p` pads to a whole pointer. */
  readonly legacyPointer?: boolean;
}

/** A slice pattern: one entry per key column, null for `*`. */
export type SlicePattern = readonly (Key | null)[];

function matchesSlice(keys: readonly Key[], pattern: SlicePattern): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p !== null && p !== undefined && keys[i] !== p) return false;
  }
  return true;
}

export class Support {
  /** The longest string a script value holds (MAXSTRINGLEN - 1). */
  readonly maxChars: number;

  private readonly printfOptions: PrintfOptions;

  constructor(private readonly options: SupportOptions) {
    this.maxChars = options.maxStringLen - 1;
    this.printfOptions = options.legacyPointer === true ? { legacyPointer: true } : {};
  }

  // ---------------------------------------------------------------- errors

  /** Records `site` as the frame's blamed token and raises `message`. */
  fail(c: HandlerState, d: number, site: number, message: string): never {
    if (site >= 0) c.ls[d] = site;
    throw new ScriptError(message);
  }

  maxact(c: HandlerState, d: number, site: number): never {
    if (site >= 0) c.ls[d] = site;
    throw new MaxActionError('MAXACTION exceeded');
  }

  nesting(): never {
    throw new ScriptError('MAXNESTING exceeded');
  }

  exhausted(): never {
    throw new ScriptError('all functions exhausted');
  }

  /** After a catch: forget the sites of the frames the error unwound (deeper than `d`). */
  unwound(c: HandlerState, d: number): void {
    c.ls.fill(-1, d + 1);
  }

  // ---------------------------------------------------------------- arithmetic and strings

  div(c: HandlerState, d: number, site: number, a: bigint, b: bigint): bigint {
    if (b === 0n) this.fail(c, d, site, 'division by 0');
    return BigInt.asIntN(64, a / b);
  }

  mod(c: HandlerState, d: number, site: number, a: bigint, b: bigint): bigint {
    if (b === 0n) this.fail(c, d, site, 'division by 0');
    if (b === 1n || b === -1n) return 0n;
    return a % b;
  }

  /** A string as a MAXSTRINGLEN buffer keeps it. */
  trunc(s: string): string {
    return s.length > this.maxChars ? s.slice(0, this.maxChars) : s;
  }

  /** A value returned by a builtin: strings bounded and cut at a NUL, as C sees them. */
  str(v: Value | undefined): string {
    if (typeof v !== 'string') return '';
    const nul = v.indexOf('\0');
    const s = nul < 0 ? v : v.slice(0, nul);
    return s.length > this.maxChars ? s.slice(0, this.maxChars) : s;
  }

  /** A long returned by a builtin, kept in int64 range. */
  long(v: Value | number | undefined): bigint {
    if (typeof v === 'bigint') return BigInt.asIntN(64, v);
    if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
    return 0n;
  }

  // ---------------------------------------------------------------- output

  out(text: string): void {
    this.options.write(text);
  }

  printf(
    c: HandlerState,
    d: number,
    site: number,
    fmt: readonly FormatComponent[],
    args: readonly Value[],
  ): void {
    const r = formatPrintf(fmt, args, this.printfOptions);
    if (typeof r !== 'string') this.fail(c, d, site, r.fault);
    this.options.write(r);
  }

  sprintf(
    c: HandlerState,
    d: number,
    site: number,
    fmt: readonly FormatComponent[],
    args: readonly Value[],
  ): string {
    const r = formatSprintf(fmt, args, this.options.maxStringLen, this.printfOptions);
    if (typeof r !== 'string') this.fail(c, d, site, r.fault);
    return r;
  }

  print(values: readonly Value[]): void {
    this.options.write(formatPrint(values));
  }
  println(values: readonly Value[]): void {
    this.options.write(formatPrintln(values));
  }
  printd(delim: string, values: readonly Value[]): void {
    this.options.write(formatPrintd(delim, values));
  }
  printdln(delim: string, values: readonly Value[]): void {
    this.options.write(formatPrintdln(delim, values));
  }
  sprint(values: readonly Value[]): string {
    return formatSprint(values, this.options.maxStringLen);
  }
  sprintln(values: readonly Value[]): string {
    return formatSprintln(values, this.options.maxStringLen);
  }
  sprintd(delim: string, values: readonly Value[]): string {
    return formatSprintd(delim, values, this.options.maxStringLen);
  }
  sprintdln(delim: string, values: readonly Value[]): string {
    return formatSprintdln(delim, values, this.options.maxStringLen);
  }

  // ---------------------------------------------------------------- aggregates

  stat(c: HandlerState, d: number, site: number, agg: StatData | undefined, op: StatOp): bigint {
    const r = statOp(agg, op);
    if (!r.ok) this.fail(c, d, site, r.error);
    return r.value;
  }

  /** `print(@hist_*(s))` / `sprint(...)`: the chart, or `empty aggregate`. */
  histogram(c: HandlerState, d: number, site: number, spec: StatSpec, agg: StatData | undefined): string {
    if (agg === undefined || agg.count === 0n || spec.histogram.kind === 'none') {
      this.fail(c, d, site, EMPTY_AGGREGATE);
    }
    return renderHistogram(spec.histogram, agg.histogram, {
      width: this.options.histWidth,
      elision: this.options.histElision,
    });
  }

  bucket(
    c: HandlerState,
    d: number,
    site: number,
    spec: StatSpec,
    agg: StatData | undefined,
    i: bigint,
  ): bigint {
    c.ls[d] = site;
    const r = histogramBucket(spec, agg, i);
    if (!r.ok) throw new ScriptError(r.error);
    return r.value;
  }

  buckets(spec: StatSpec, agg: StatData | undefined): [bigint, bigint][] {
    return histogramEntries(spec, agg);
  }

  // ---------------------------------------------------------------- arrays

  /**
   * The elements a `foreach` visits, sorted as requested (column 0: by value; k: by key k;
   * direction 0: unsorted). A value array keeps the sorted order, as stap's in-place sort does.
   */
  foreach<V extends Key>(
    arr: ArrayVar<V>,
    column: number,
    direction: 0 | 1 | -1,
    limit: bigint | undefined,
  ): ArrayEntry<V>[] {
    if (direction === 0) return arr.entries();
    const after: AfterFn<V> = afterBy<V>(column, direction, (v) => v);
    if (arr.sortBy !== undefined) {
      return arr.sortBy((es) =>
        limit === undefined
          ? sortAllOrder(es, after)
          : sortFirstOrder(es, Number(BigInt.asIntN(32, limit)), after),
      );
    }
    const sorted = this.sort(arr.entries(), after, limit);
    arr.reorder(sorted);
    return sorted;
  }

  foreachStats(
    arr: StatArrayVar,
    column: number,
    direction: 0 | 1 | -1,
    limit: bigint | undefined,
    kind: StatSortKind,
  ): ArrayEntry<StatData>[] {
    const entries = arr.entries();
    if (direction === 0) return entries;
    const after = afterBy<StatData>(column, direction, (sd) => statSortValue(sd, kind));
    return this.sort(entries, after, limit);
  }

  private sort<V>(entries: ArrayEntry<V>[], after: AfterFn<V>, limit: bigint | undefined): ArrayEntry<V>[] {
    if (limit === undefined) return sortAll(entries, after);
    return sortFirst(entries, Number(BigInt.asIntN(32, limit)), after);
  }

  /** `[a, *] in A`. */
  inSlice(arr: ArrayVar<Key> | StatArrayVar, pattern: SlicePattern): bigint {
    for (const e of arr.entries()) if (matchesSlice(e.keys, pattern)) return 1n;
    return 0n;
  }

  /** `delete A[a, *]`. */
  deleteSlice(arr: ArrayVar<Key> | StatArrayVar, pattern: SlicePattern): void {
    for (const e of arr.entries()) if (matchesSlice(e.keys, pattern)) arr.delete(encodeKey(e.keys));
  }

  catchable(e: unknown): boolean {
    return isCatchable(e);
  }

  matchesSlice(keys: readonly Key[], pattern: SlicePattern): boolean {
    return matchesSlice(keys, pattern);
  }

  // ---------------------------------------------------------------- regular expressions

  /** `s =~ re`: records the match for matched()/ngroups() (kept, marked failed, on a miss). */
  match(c: HandlerState, re: RegexMatcher, subject: string): boolean {
    const groups = re.match(subject);
    if (groups !== undefined) {
      c.hc.lastMatch = { subject, groups };
      return true;
    }
    const last = c.hc.lastMatch;
    if (last !== undefined) c.hc.lastMatch = { subject: last.subject, groups: last.groups, failed: true };
    return false;
  }
}

/**
 * What a running handler can reach: the session (output, shutdown, errors, options) and the
 * per-hit probe context. Native tapset functions (src/runtime/builtins) receive this.
 */

/** A script value at run time: long = signed 64-bit bigint; string = byte string (char codes 0–255). */
export type Value = bigint | string;

/** Raised inside a handler for stap's runtime errors (`division by 0`, `error("...")`...). */
export class ScriptError extends Error {
  constructor(
    message: string,
    /** `abort()`: not catchable by try/catch, ends the session at once. */
    readonly uncatchable = false,
  ) {
    super(message);
  }
}

export interface SessionControl {
  /** Writes script output (stdout or `-o FILE`). */
  write(text: string): void;
  /** Writes to stderr (`warn`, `log` goes to output). */
  writeError(text: string): void;
  /** `exit()`: request a normal shutdown after the current handler. */
  requestExit(): void;
  /** `system(cmd)`: run the command in the background once the current handler has finished. */
  system(command: string): void;
  /** `-c`/`-x` process id, 0 if none. */
  readonly targetPid: number;
  /** Script arguments (`argv`). */
  readonly args: readonly string[];
  /** `-D NAME=VAL` limits and settings, with stap's defaults filled in. */
  readonly limits: Limits;
  /** Seconds since the epoch at which the session started (for `jiffies`-style clocks). */
  readonly startTimeNs: bigint;
  /** The kernel's CONFIG_HZ (`HZ()`, `jiffies()`): 250 unless the kernel configuration says otherwise. */
  readonly hz: number;
  /** Local time zone as staprun sends it once at startup (`tz_ctime`, `tz_gmtoff`, `tz_name`). */
  readonly timezone: SessionTimezone;
}

/** See `localTimezone()` in src/runtime/builtins/timezone.ts, which computes it. */
export interface SessionTimezone {
  /** Offset of local time, in seconds west of UTC (stap's `tz_gmtoff()`: 3600 for UTC-1). */
  readonly secondsWestOfUtc: number;
  /** The zone abbreviation in effect at startup (`CET`, `EDT`, `UTC`), at most 63 bytes. */
  readonly name: string;
}

export interface Limits {
  readonly MAXSTRINGLEN: number;
  readonly MAXMAPENTRIES: number;
  readonly MAXACTION: number;
  readonly MAXNESTING: number;
  readonly MAXERRORS: number;
  readonly MAXSKIPPED: number;
  readonly HIST_WIDTH: number;
  readonly HIST_ELISION: number;
}

/** Per-hit state of the handler being run. */
export interface HandlerContext {
  readonly session: SessionControl;
  /** `pp()`: the fully resolved probe point. */
  readonly pp: string;
  /** `pn()`: the probe point as written. */
  readonly pn: string;
  /**
   * The last successful regex match (for `matched()`, `matched_str()`, `ngroups()`); `groups[0]` is
   * the whole match, each entry a [start, end) byte range or undefined for a group that did not
   * take part. After a failed match stap keeps the previous group count but reports "failed match":
   * set `failed: true` then (keeping the old groups), or leave undefined if nothing matched yet.
   */
  lastMatch:
    | {
        readonly subject: string;
        readonly groups: readonly ([number, number] | undefined)[];
        readonly failed?: boolean;
      }
    | undefined;
  /** `tokenize()` keeps its position between calls. */
  tokenizeState: { input: string; pos: number } | undefined;
}

/**
 * `tz_gmtoff()`, `tz_name()` and `tz_ctime(secs)` in kernel handlers. staprun reports the local
 * time zone once, at startup, and the functions read that copy; here it is the zone the runtime
 * hands the compiler (KernelCompileOptions.timezone, computed as the user-space builtins compute
 * it), so the offset and the name are constants of the program: `tz_ctime(secs)` is
 * `ctime(secs - tz_gmtoff())` (string-ctime.ts, with its errors) followed by a space and the name.
 */
import { R0, R1 } from '../bpf/index.js';
import type { CallExpr, Expr } from '../lang/index.js';
import { loadConst } from './expressions.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { CTIME_BUILTINS } from './string-ctime.js';
import { copyBuffer, stringBuffer, writeLiteral } from './strings.js';

/** What `ctime()` writes, without its NUL. */
const CTIME_CHARS = 24;

export interface CompileTimezone {
  /** Seconds west of UTC (`tz_gmtoff()`). */
  readonly secondsWestOfUtc: number;
  /** The zone's abbreviation (`tz_name()`). */
  readonly name: string;
}

function zone(L: Lowering, e: CallExpr): CompileTimezone {
  const timezone = L.options.timezone?.();
  if (timezone === undefined) return L.unsupported(e.span, `${e.name}() without the local time zone`);
  return timezone;
}

function lowerGmtoff(L: Lowering, e: CallExpr): void {
  if (e.args.length !== 0) L.unsupported(e.span, `${e.name}()`);
  loadConst(L, R0, BigInt(zone(L, e).secondsWestOfUtc));
}

/** `text` as a string value, truncated to MAXSTRINGLEN - 1 bytes. */
function literal(L: Lowering, text: string, into?: Region): Region {
  const value = text.slice(0, L.capacities.maxStringLen - 1);
  const dst = into ?? stringBuffer(L, value.length + 1);
  writeLiteral(L, value, dst);
  return dst;
}

function lowerName(L: Lowering, e: CallExpr, into?: Region): Region {
  if (e.args.length !== 0) return L.unsupported(e.span, `${e.name}()`);
  return literal(L, zone(L, e).name, into);
}

function lowerTzCtime(L: Lowering, e: CallExpr, into?: Region): Region {
  const secs = e.args[0];
  if (secs === undefined || e.args.length !== 1) return L.unsupported(e.span, `${e.name}()`);
  const { secondsWestOfUtc, name } = zone(L, e);
  const local: Expr = {
    kind: 'Binary',
    op: '-',
    left: secs,
    right: { kind: 'Number', value: BigInt(secondsWestOfUtc), span: e.span },
    span: e.span,
  };
  const suffix = ` ${name}`.slice(0, Math.max(0, L.capacities.maxStringLen - 1 - CTIME_CHARS));
  const text = stringBuffer(L, CTIME_CHARS + suffix.length + 1);
  const date = CTIME_BUILTINS.ctime(L, { kind: 'Call', name: 'ctime', args: [local], span: e.span });
  // Its 24 characters, a word at a time (copyBuffer would end them with a NUL).
  const from = L.baseOf(date);
  const to = L.baseOf(text);
  for (let k = 0; k < CTIME_CHARS; k += 8)
    L.b.ldx(8, R1, from.reg, from.off + k).stx(8, to.reg, to.off + k, R1);
  literal(L, suffix, L.slice(text, CTIME_CHARS, text.bytes - CTIME_CHARS));
  if (into === undefined) return text;
  copyBuffer(L, text, into);
  return into;
}

/** The long-valued one (r0). */
export const TIMEZONE_LONG_BUILTINS: Readonly<Record<string, (L: Lowering, e: CallExpr) => void>> = {
  tz_gmtoff: lowerGmtoff,
};

/** The string-valued ones. */
export const TIMEZONE_STRING_BUILTINS: Readonly<
  Record<string, (L: Lowering, e: CallExpr, into?: Region) => Region>
> = {
  tz_name: lowerName,
  tz_ctime: lowerTzCtime,
};

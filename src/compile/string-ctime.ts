/**
 * `ctime(secs)` and `ctime()` in kernel handlers: UTC, always 24 bytes (`Thu Jan  1 00:00:00
 * 1970`), for what a signed 32-bit time_t holds, else stap's "Time too far in the future/past to
 * be converted" error — the user-space runtime's ctime (runtime/builtins/ctime.ts), without its
 * loops: the date comes from the day number by the days-to-civil arithmetic (eras of 400 years,
 * March-based years), all on non-negative values (the seconds are shifted by a whole number of
 * days first), so BPF's unsigned division serves. `ctime()` formats gettimeofday_s().
 */
import { BPF_FUNC_ktime_get_ns, R0, R1, R2, R10 } from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import { STATE_OFFSET } from '../wire/index.js';
import { lowerError } from './errors-raise.js';
import { evalLong } from './expressions.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { STATE_SYMBOL } from './plan.js';
import { copyBuffer, stringBuffer, writeLiteral } from './strings.js';

const SECONDS_PER_DAY = 86_400;
/** Days added so that the earliest 32-bit time is still non-negative. */
const SHIFT_DAYS = 24_856;
/** Days from 0000-03-01 to 1970-01-01. */
const EPOCH_DAYS = 719_468;
const DAYS_PER_ERA = 146_097;
/** 1970-01-01 was a Thursday (4); the weekday of day number 0 after the shift. */
const SHIFTED_WEEKDAY = (((4 - SHIFT_DAYS) % 7) + 7) % 7;
const LATEST = 2_147_483_647;
const EARLIEST = -2_147_483_648;

const DAY_NAMES = 'SunMonTueWedThuFriSat';
const MONTH_NAMES = 'MarAprMayJunJulAugSepOctNovDecJanFeb';

const DIGIT_0 = 0x30;
const SPACE = 0x20;
const COLON = 0x3a;

function raise(L: Lowering, e: CallExpr, message: string): void {
  lowerError(L, {
    kind: 'Call',
    name: 'error',
    args: [{ kind: 'String', value: message, span: e.span }],
    span: e.span,
  });
}

function lowerCtime(L: Lowering, e: CallExpr, into?: Region): Region {
  const b = L.b;
  const arg = e.args[0];
  if (e.args.length > 1) return L.unsupported(e.span, 'ctime()');
  if (arg === undefined) {
    b.call(BPF_FUNC_ktime_get_ns).ldMapValue(R1, STATE_SYMBOL).ldx(8, R1, R1, STATE_OFFSET.realtimeOffsetNs);
    b.add64(R0, R1).div64(R0, 1_000_000_000);
  } else {
    evalLong(L, arg);
  }
  const future = b.newLabel('ctimeFuture');
  const past = b.newLabel('ctimePast');
  const checked = b.newLabel('ctimeChecked');
  b.ldImm64(R1, LATEST).jsgt(R0, R1, future);
  b.ldImm64(R1, EARLIEST).jslt(R0, R1, past).ja(checked);
  b.label(future);
  raise(L, e, 'Time too far in the future to be converted');
  b.label(past);
  raise(L, e, 'Time too far in the past to be converted');
  b.label(checked);

  const text = stringBuffer(L, 25);
  const t = L.baseOf(text);
  L.zero(text);
  const names = L.frame.scratch(DAY_NAMES.length + MONTH_NAMES.length + 1);
  writeLiteral(L, DAY_NAMES + MONTH_NAMES, names);
  const seconds = L.frame.slot();
  const day = L.frame.slot();
  // Seconds since the shifted origin; r0 the day, r1 the second in it.
  b.ldImm64(R1, SHIFT_DAYS * SECONDS_PER_DAY).add64(R0, R1);
  b.mov64(R1, R0).mod64(R1, SECONDS_PER_DAY).stx(8, R10, seconds.offset, R1);
  b.div64(R0, SECONDS_PER_DAY).stx(8, R10, day.offset, R0);
  // The weekday's name.
  b.add64(R0, SHIFTED_WEEKDAY).mod64(R0, 7).mul64(R0, 3);
  copyName(L, names, 0, text, 0);
  b.st(1, t.reg, t.off + 3, SPACE);
  // hh:mm:ss
  b.ldx(8, R0, R10, seconds.offset).div64(R0, 3600);
  twoDigits(L, text, 11);
  b.st(1, t.reg, t.off + 13, COLON);
  b.ldx(8, R0, R10, seconds.offset).mod64(R0, 3600).div64(R0, 60);
  twoDigits(L, text, 14);
  b.st(1, t.reg, t.off + 16, COLON);
  b.ldx(8, R0, R10, seconds.offset).mod64(R0, 60);
  twoDigits(L, text, 17);
  b.st(1, t.reg, t.off + 19, SPACE);

  // The civil date: era, day of era, year of era, day of (March-based) year, month.
  const era = L.frame.slot();
  const doe = L.frame.slot();
  const yoe = L.frame.slot();
  const doy = L.frame.slot();
  b.ldx(8, R0, R10, day.offset).add64(R0, EPOCH_DAYS - SHIFT_DAYS);
  b.mov64(R1, R0).div64(R1, DAYS_PER_ERA).stx(8, R10, era.offset, R1);
  b.mul64(R1, DAYS_PER_ERA).sub64(R0, R1).stx(8, R10, doe.offset, R0);
  // yoe = (doe - doe/1460 + doe/36524 - doe/146096) / 365
  b.mov64(R1, R0).div64(R1, 1460).sub64(R0, R1);
  b.ldx(8, R1, R10, doe.offset).div64(R1, 36_524).add64(R0, R1);
  b.ldx(8, R1, R10, doe.offset)
    .div64(R1, DAYS_PER_ERA - 1)
    .sub64(R0, R1);
  b.div64(R0, 365).stx(8, R10, yoe.offset, R0);
  // doy = doe - (365 yoe + yoe/4 - yoe/100)
  b.mov64(R1, R0).mul64(R1, 365);
  b.mov64(R2, R0).div64(R2, 4).add64(R1, R2);
  b.mov64(R2, R0).div64(R2, 100).sub64(R1, R2);
  b.ldx(8, R0, R10, doe.offset).sub64(R0, R1).stx(8, R10, doy.offset, R0);
  // mp = (5 doy + 2) / 153 (0 is March); the day of the month: doy - (153 mp + 2) / 5 + 1.
  const month = L.frame.slot();
  b.mul64(R0, 5).add64(R0, 2).div64(R0, 153).stx(8, R10, month.offset, R0);
  b.mul64(R0, 153).add64(R0, 2).div64(R0, 5);
  b.ldx(8, R1, R10, doy.offset).sub64(R1, R0).add64(R1, 1).mov64(R0, R1);
  // `%3d` after the month's name: " 1" or "12".
  const wide = b.newLabel('mday');
  const dayDone = b.newLabel('mday');
  b.st(1, t.reg, t.off + 7, SPACE);
  b.jge(R0, 10, wide);
  b.st(1, t.reg, t.off + 8, SPACE)
    .add64(R0, DIGIT_0)
    .stx(1, t.reg, t.off + 9, R0)
    .ja(dayDone);
  b.label(wide);
  twoDigits(L, text, 8);
  b.label(dayDone);
  b.st(1, t.reg, t.off + 10, SPACE);
  b.ldx(8, R0, R10, month.offset).mul64(R0, 3).add64(R0, DAY_NAMES.length);
  copyName(L, names, 0, text, 4);
  // The year: yoe + 400 era, plus one for January and February.
  const march = b.newLabel('year');
  b.ldx(8, R0, R10, yoe.offset).ldx(8, R1, R10, era.offset).mul64(R1, 400).add64(R0, R1);
  b.ldx(8, R1, R10, month.offset).jlt(R1, 10, march).add64(R0, 1).label(march);
  for (let k = 3; k >= 0; k--) {
    b.mov64(R1, R0)
      .mod64(R1, 10)
      .add64(R1, DIGIT_0)
      .stx(1, t.reg, t.off + 20 + k, R1)
      .div64(R0, 10);
  }
  b.st(1, t.reg, t.off + 24, 0);
  if (into === undefined) return text;
  copyBuffer(L, text, into);
  return into;
}

/** Writes the two decimal digits of r0 (below 100) at `at` of `text`. */
function twoDigits(L: Lowering, text: Region, at: number): void {
  const t = L.baseOf(text);
  L.b
    .mov64(R1, R0)
    .div64(R1, 10)
    .add64(R1, DIGIT_0)
    .stx(1, t.reg, t.off + at, R1);
  L.b
    .mod64(R0, 10)
    .add64(R0, DIGIT_0)
    .stx(1, t.reg, t.off + at + 1, R0);
}

/** Copies the three bytes at offset r0 (+ `from`) of `names` to `at` of `text`. */
function copyName(L: Lowering, names: Region, from: number, text: Region, at: number): void {
  const b = L.b;
  const t = L.baseOf(text);
  const skip = b.newLabel('name');
  b.jgt(R0, names.bytes - 3 - from, skip);
  L.address(R1, names, from);
  b.add64(R1, R0);
  for (let k = 0; k < 3; k++) b.ldx(1, R2, R1, k).stx(1, t.reg, t.off + at + k, R2);
  b.label(skip);
}

export const CTIME_BUILTINS = { ctime: lowerCtime } as const;

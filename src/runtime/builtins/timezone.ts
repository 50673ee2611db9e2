/**
 * The local time zone as staprun reports it at startup (`localtime(now)`: `-tm_gmtoff` and
 * `tm_zone`), computed the way glibc does: `TZ` unset reads /etc/localtime, `TZ=""` is UTC,
 * `TZ=[:]NAME` reads a TZif file under TZDIR (/usr/share/zoneinfo) or else is a POSIX TZ string.
 * TZif files (RFC 8536) are read through their 64-bit section and footer rule.
 */
import { readFileSync } from 'node:fs';
import type { SessionTimezone } from '../context.js';
import { daysInMonth, isLeapYear } from './ctime.js';

/** Upstream STP_TZ_NAME_LEN - 1. */
const ZONE_NAME_MAX_BYTES = 63;

export interface LocalTimeType {
  /** Seconds east of UTC. */
  readonly utcOffsetS: number;
  readonly abbreviation: string;
}

/** A day-of-year rule of a POSIX TZ string, plus the local time of day of the change. */
export type TransitionRule =
  | { readonly kind: 'julian-no-leap'; readonly day: number; readonly timeS: number }
  | { readonly kind: 'zero-based'; readonly day: number; readonly timeS: number }
  | {
      readonly kind: 'month-week-day';
      readonly month: number;
      readonly week: number;
      readonly weekday: number;
      readonly timeS: number;
    };

export interface PosixTimezone {
  readonly standard: LocalTimeType;
  readonly daylight?: {
    readonly type: LocalTimeType;
    readonly start: TransitionRule;
    readonly end: TransitionRule;
  };
}

export interface ZoneInfo {
  /** Transition instants (seconds since the epoch, ascending) and the type each one starts. */
  readonly transitions: readonly { readonly atS: number; readonly type: LocalTimeType }[];
  /** The type before the first transition (type 0). */
  readonly initial: LocalTimeType;
  /** Rule for instants at or after the last transition, from the version 2+ footer. */
  readonly footer: PosixTimezone | undefined;
}

const UTC: LocalTimeType = { utcOffsetS: 0, abbreviation: 'UTC' };
const DEFAULT_ZONEINFO_DIR = '/usr/share/zoneinfo';
const SECONDS_PER_DAY = 86_400;

export type FileReader = (path: string) => Uint8Array | undefined;

const readFileOrUndefined: FileReader = (path) => {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
};

/** The zone in effect at `epochSeconds` (by default now), as `tz_gmtoff()`/`tz_name()` report it. */
export function localTimezone(
  epochSeconds: number = Math.floor(Date.now() / 1000),
  env: { readonly TZ?: string | undefined; readonly TZDIR?: string | undefined } = process.env,
  readFile: FileReader = readFileOrUndefined,
): SessionTimezone {
  const type = localTimeTypeAt(resolveZone(env, readFile), epochSeconds);
  const name = type.abbreviation.slice(0, ZONE_NAME_MAX_BYTES);
  // `0 - x`, not `-x`: no negative zero for UTC.
  return { secondsWestOfUtc: 0 - type.utcOffsetS, name };
}

type Zone =
  | { readonly kind: 'file'; readonly info: ZoneInfo }
  | { readonly kind: 'posix'; readonly tz: PosixTimezone };

function resolveZone(
  env: { readonly TZ?: string | undefined; readonly TZDIR?: string | undefined },
  readFile: FileReader,
): Zone {
  const utc: Zone = { kind: 'posix', tz: { standard: UTC } };
  const fromFile = (path: string): Zone | undefined => {
    const bytes = readFile(path);
    const info = bytes === undefined ? undefined : parseTzif(bytes);
    return info === undefined ? undefined : { kind: 'file', info };
  };
  if (env.TZ === undefined) return fromFile('/etc/localtime') ?? utc;
  if (env.TZ === '') return utc;
  const spec = env.TZ.startsWith(':') ? env.TZ.slice(1) : env.TZ;
  if (spec.startsWith('/')) return fromFile(spec) ?? utc;
  if (!spec.split('/').includes('..')) {
    const zone = fromFile(`${env.TZDIR ?? DEFAULT_ZONEINFO_DIR}/${spec}`);
    if (zone !== undefined) return zone;
  }
  const tz = parsePosixTimezone(spec);
  return tz === undefined ? utc : { kind: 'posix', tz };
}

function localTimeTypeAt(zone: Zone, epochSeconds: number): LocalTimeType {
  return zone.kind === 'posix' ? posixTypeAt(zone.tz, epochSeconds) : zoneTypeAt(zone.info, epochSeconds);
}

export function zoneTypeAt(info: ZoneInfo, epochSeconds: number): LocalTimeType {
  const { transitions } = info;
  const last = transitions[transitions.length - 1];
  if (last === undefined || epochSeconds < (transitions[0]?.atS ?? 0)) {
    return last === undefined && info.footer !== undefined
      ? posixTypeAt(info.footer, epochSeconds)
      : info.initial;
  }
  if (epochSeconds >= last.atS && info.footer !== undefined) return posixTypeAt(info.footer, epochSeconds);
  let low = 0;
  let high = transitions.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((transitions[mid]?.atS ?? 0) <= epochSeconds) low = mid;
    else high = mid - 1;
  }
  return transitions[low]?.type ?? info.initial;
}

/** Parses a TZif file (RFC 8536), preferring the 64-bit data of version 2+; undefined if malformed. */
export function parseTzif(bytes: Uint8Array): ZoneInfo | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = (at: number) => {
    if (at + 44 > bytes.length) return undefined;
    if (String.fromCharCode(...bytes.subarray(at, at + 4)) !== 'TZif') return undefined;
    const count = (field: number) => view.getUint32(at + 20 + field * 4);
    return {
      version: bytes[at + 4] ?? 0,
      isutcnt: count(0),
      isstdcnt: count(1),
      leapcnt: count(2),
      timecnt: count(3),
      typecnt: count(4),
      charcnt: count(5),
    };
  };
  type Header = NonNullable<ReturnType<typeof header>>;
  const blockSize = (h: Header, timeSize: number) =>
    h.timecnt * timeSize +
    h.timecnt +
    h.typecnt * 6 +
    h.charcnt +
    h.leapcnt * (timeSize + 4) +
    h.isstdcnt +
    h.isutcnt;

  const first = header(0);
  if (first === undefined) return undefined;
  let h = first;
  let at = 44;
  let timeSize = 4;
  if (first.version >= 0x32) {
    const second = header(44 + blockSize(first, 4));
    if (second === undefined) return undefined;
    h = second;
    at = 44 + blockSize(first, 4) + 44;
    timeSize = 8;
  }
  const end = at + blockSize(h, timeSize);
  if (end > bytes.length || h.typecnt === 0) return undefined;

  const timesAt = at;
  const indicesAt = timesAt + h.timecnt * timeSize;
  const typesAt = indicesAt + h.timecnt;
  const namesAt = typesAt + h.typecnt * 6;
  const types: LocalTimeType[] = [];
  for (let i = 0; i < h.typecnt; i++) {
    const entry = typesAt + i * 6;
    const nameAt = namesAt + (bytes[entry + 5] ?? 0);
    let nameEnd = nameAt;
    while (nameEnd < namesAt + h.charcnt && bytes[nameEnd] !== 0) nameEnd++;
    types.push({
      utcOffsetS: view.getInt32(entry),
      abbreviation: String.fromCharCode(...bytes.subarray(nameAt, nameEnd)),
    });
  }
  const transitions: { atS: number; type: LocalTimeType }[] = [];
  for (let i = 0; i < h.timecnt; i++) {
    const atS = timeSize === 8 ? Number(view.getBigInt64(timesAt + i * 8)) : view.getInt32(timesAt + i * 4);
    const type = types[bytes[indicesAt + i] ?? 0];
    if (type === undefined) return undefined;
    transitions.push({ atS, type });
  }
  let footer: PosixTimezone | undefined;
  if (timeSize === 8 && bytes[end] === 0x0a) {
    const close = bytes.indexOf(0x0a, end + 1);
    if (close > end + 1) footer = parsePosixTimezone(String.fromCharCode(...bytes.subarray(end + 1, close)));
  }
  const initial = types[0];
  return initial === undefined ? undefined : { transitions, initial, footer };
}

/**
 * Parses a POSIX TZ string, `std offset [dst [offset] [,start[/time],end[/time]]]`, with `<...>`
 * quoted names; an offset is west-positive. Without rules DST uses the US rules (M3.2.0,M11.1.0).
 */
export function parsePosixTimezone(text: string): PosixTimezone | undefined {
  let pos = 0;
  const name = (): string | undefined => {
    if (text[pos] === '<') {
      const close = text.indexOf('>', pos);
      if (close < 0) return undefined;
      const quoted = text.slice(pos + 1, close);
      pos = close + 1;
      return /^[A-Za-z0-9+-]{3,}$/.test(quoted) ? quoted : undefined;
    }
    const match = /^[A-Za-z]{3,}/.exec(text.slice(pos));
    if (match === null) return undefined;
    pos += match[0].length;
    return match[0];
  };
  /** `[+-]hh[:mm[:ss]]` in seconds. */
  const duration = (maxHours: number): number | undefined => {
    const match = /^([+-]?)(\d{1,3})(?::(\d{1,2})(?::(\d{1,2}))?)?/.exec(text.slice(pos));
    if (match === null) return undefined;
    const hours = Number(match[2]);
    if (hours > maxHours) return undefined;
    pos += match[0].length;
    const seconds = hours * 3600 + Number(match[3] ?? 0) * 60 + Number(match[4] ?? 0);
    return match[1] === '-' ? -seconds : seconds;
  };
  const rule = (): TransitionRule | undefined => {
    let parsed: TransitionRule | undefined;
    const rest = text.slice(pos);
    const monthly = /^M(\d{1,2})\.(\d)\.(\d)/.exec(rest);
    const julian = /^J(\d{1,3})/.exec(rest);
    const zeroBased = /^(\d{1,3})/.exec(rest);
    const timeS = 7200;
    if (monthly !== null) {
      const [month, week, weekday] = [Number(monthly[1]), Number(monthly[2]), Number(monthly[3])];
      if (month < 1 || month > 12 || week < 1 || week > 5 || weekday > 6) return undefined;
      parsed = { kind: 'month-week-day', month, week, weekday, timeS };
      pos += monthly[0].length;
    } else if (julian !== null) {
      const day = Number(julian[1]);
      if (day < 1 || day > 365) return undefined;
      parsed = { kind: 'julian-no-leap', day, timeS };
      pos += julian[0].length;
    } else if (zeroBased !== null) {
      const day = Number(zeroBased[1]);
      if (day > 365) return undefined;
      parsed = { kind: 'zero-based', day, timeS };
      pos += zeroBased[0].length;
    } else {
      return undefined;
    }
    if (text[pos] === '/') {
      pos++;
      const time = duration(167);
      if (time === undefined) return undefined;
      parsed = { ...parsed, timeS: time };
    }
    return parsed;
  };

  const standardName = name();
  const standardOffset = standardName === undefined ? undefined : duration(24);
  if (standardName === undefined || standardOffset === undefined) return undefined;
  const standard: LocalTimeType = { utcOffsetS: -standardOffset, abbreviation: standardName };
  if (pos === text.length) return { standard };
  const daylightName = name();
  if (daylightName === undefined) return undefined;
  let daylightOffset = standardOffset - 3600;
  if (pos < text.length && text[pos] !== ',') {
    const offset = duration(24);
    if (offset === undefined) return undefined;
    daylightOffset = offset;
  }
  const type: LocalTimeType = { utcOffsetS: -daylightOffset, abbreviation: daylightName };
  if (pos === text.length) {
    return {
      standard,
      daylight: {
        type,
        start: { kind: 'month-week-day', month: 3, week: 2, weekday: 0, timeS: 7200 },
        end: { kind: 'month-week-day', month: 11, week: 1, weekday: 0, timeS: 7200 },
      },
    };
  }
  if (text[pos] !== ',') return undefined;
  pos++;
  const start = rule();
  if (start === undefined || text[pos] !== ',') return undefined;
  pos++;
  const end = rule();
  if (end === undefined || pos !== text.length) return undefined;
  return { standard, daylight: { type, start, end } };
}

function daysBeforeYear(year: number): number {
  return Date.UTC(year, 0, 1) / 1000 / SECONDS_PER_DAY;
}

/** Zero-based day of the year on which `rule` falls in `year`. */
function ruleDayOfYear(rule: TransitionRule, year: number): number {
  switch (rule.kind) {
    case 'julian-no-leap':
      return rule.day - 1 + (isLeapYear(year) && rule.day >= 60 ? 1 : 0);
    case 'zero-based':
      return rule.day;
    case 'month-week-day': {
      let monthStart = 0;
      for (let m = 0; m < rule.month - 1; m++) monthStart += daysInMonth(year, m);
      const firstWeekday = (((4 + daysBeforeYear(year) + monthStart) % 7) + 7) % 7;
      let day = ((rule.weekday - firstWeekday + 7) % 7) + (rule.week - 1) * 7;
      if (day >= daysInMonth(year, rule.month - 1)) day -= 7;
      return monthStart + day;
    }
  }
}

/** glibc's rule: the change instants of the UTC year of `epochSeconds`, in UTC. */
export function posixTypeAt(tz: PosixTimezone, epochSeconds: number): LocalTimeType {
  const { daylight } = tz;
  if (daylight === undefined) return tz.standard;
  const year = new Date(epochSeconds * 1000).getUTCFullYear();
  const yearStartS = daysBeforeYear(year) * SECONDS_PER_DAY;
  const changeAt = (rule: TransitionRule, offsetS: number) =>
    yearStartS + ruleDayOfYear(rule, year) * SECONDS_PER_DAY + rule.timeS - offsetS;
  const startS = changeAt(daylight.start, tz.standard.utcOffsetS);
  const endS = changeAt(daylight.end, daylight.type.utcOffsetS);
  const inDaylight =
    startS < endS
      ? epochSeconds >= startS && epochSeconds < endS
      : !(epochSeconds >= endS && epochSeconds < startS);
  return inDaylight ? daylight.type : tz.standard;
}

/**
 * `ctime(secs)` (upstream tapset/linux/ctime.stp): UTC, always 24 bytes, e.g.
 * `Thu Jan  1 00:00:00 1970`; limited to what a signed 32-bit time_t holds.
 */
import { ScriptError } from '../context.js';

const SECONDS_PER_DAY = 86_400;
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const LATEST_SECONDS = 2_147_483_647n;
const EARLIEST_SECONDS = -2_147_483_648n;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

export function daysInMonth(year: number, month: number): number {
  return (MONTH_DAYS[month] ?? 0) + (month === 1 && isLeapYear(year) ? 1 : 0);
}

const two = (n: number): string => String(n).padStart(2, '0');

export function ctime(epochSeconds: bigint): string {
  if (epochSeconds > LATEST_SECONDS) throw new ScriptError('Time too far in the future to be converted');
  if (epochSeconds < EARLIEST_SECONDS) throw new ScriptError('Time too far in the past to be converted');
  const seconds = Number(epochSeconds);
  let days = Math.floor(seconds / SECONDS_PER_DAY);
  const secondOfDay = seconds - days * SECONDS_PER_DAY;
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  const second = secondOfDay % 60;
  // 1970-01-01 was a Thursday.
  const weekday = (((4 + days) % 7) + 7) % 7;
  let year = 1970;
  while (days < 0) {
    year--;
    days += daysInYear(year);
  }
  while (days >= daysInYear(year)) {
    days -= daysInYear(year);
    year++;
  }
  let month = 0;
  while (days >= daysInMonth(year, month)) {
    days -= daysInMonth(year, month);
    month++;
  }
  const monthDay = String(days + 1).padStart(3, ' ');
  return `${DAY_NAMES[weekday]} ${MONTH_NAMES[month]}${monthDay} ${two(hour)}:${two(minute)}:${two(second)} ${year}`;
}

/**
 * Clocks and dates (upstream tapset/linux/timestamp*.stp, ctime.stp, tzinfo.stp). Stopwatches are
 * script functions over two arrays (tapset/stopwatch.stp), so both sides of a script share them.
 */
import { builtin } from './signature.js';

export const TIME_BUILTINS = [
  builtin('gettimeofday_s', [], 'long'),
  builtin('gettimeofday_ms', [], 'long'),
  builtin('gettimeofday_us', [], 'long'),
  builtin('gettimeofday_ns', [], 'long'),
  builtin('ctime', [], 'string'),
  builtin('ctime', ['epochsecs:long'], 'string'),
  builtin('tz_ctime', ['epochsecs:long'], 'string'),
  builtin('tz_gmtoff', [], 'long'),
  builtin('tz_name', [], 'string'),
  builtin('jiffies', [], 'long'),
  builtin('HZ', [], 'long'),
  builtin('local_clock_s', [], 'long'),
  builtin('local_clock_ms', [], 'long'),
  builtin('local_clock_us', [], 'long'),
  builtin('local_clock_ns', [], 'long'),
  builtin('cpu_clock_s', ['cpu:long'], 'long'),
  builtin('cpu_clock_ms', ['cpu:long'], 'long'),
  builtin('cpu_clock_us', ['cpu:long'], 'long'),
  builtin('cpu_clock_ns', ['cpu:long'], 'long'),
  builtin('get_cycles', [], 'long'),
  builtin('ktime_get_ns', [], 'long'),
];

export type TimeBuiltinName = (typeof TIME_BUILTINS)[number]['name'];

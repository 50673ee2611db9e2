/**
 * Clocks, dates and stopwatches (upstream tapset/linux/timestamp*.stp, ctime.stp, tzinfo.stp,
 * stopwatch.stp).
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
  builtin('start_stopwatch', ['name:string'], 'unknown'),
  builtin('stop_stopwatch', ['name:string'], 'unknown'),
  builtin('read_stopwatch_s', ['name:string'], 'long'),
  builtin('read_stopwatch_ms', ['name:string'], 'long'),
  builtin('read_stopwatch_us', ['name:string'], 'long'),
  builtin('read_stopwatch_ns', ['name:string'], 'long'),
  builtin('delete_stopwatch', ['name:string'], 'unknown'),
];

export type TimeBuiltinName = (typeof TIME_BUILTINS)[number]['name'];

/**
 * tracefs: where tracepoint ids and record formats come from. Found at /sys/kernel/tracing
 * (4.1+) or under debugfs; when /sys/kernel/tracing is an empty mount point (a minimal VM, a
 * container) it is mounted there, as perf and bpftrace do.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { C, mount, ok, type SysResult, sysError } from './sys/index.js';
import { parseTracepointFormat, type TracepointFormat } from './tracepoint-format.js';

export const TRACEFS_MOUNT_POINT = '/sys/kernel/tracing';
const DEBUGFS_TRACING = '/sys/kernel/debug/tracing';

export interface TracepointName {
  readonly category: string;
  readonly name: string;
}

let root: string | undefined;
let tracepoints: readonly TracepointName[] | undefined;

function looksMounted(dir: string): boolean {
  return existsSync(path.join(dir, 'events'));
}

/** The tracefs directory, mounting tracefs at /sys/kernel/tracing when nothing is there. */
export function tracefsRoot(): SysResult<string> {
  if (root !== undefined) return ok(root);
  for (const dir of [TRACEFS_MOUNT_POINT, DEBUGFS_TRACING]) {
    if (looksMounted(dir)) {
      root = dir;
      return ok(dir);
    }
  }
  if (!existsSync(TRACEFS_MOUNT_POINT)) {
    return sysError(
      'tracefs',
      C.ENOENT,
      `(${TRACEFS_MOUNT_POINT} does not exist: kernel without CONFIG_TRACING?)`,
    );
  }
  const r = mount('nodev', TRACEFS_MOUNT_POINT, 'tracefs');
  if (!r.ok) return r;
  if (!looksMounted(TRACEFS_MOUNT_POINT))
    return sysError('tracefs', C.ENOENT, '(mounted, but has no events/)');
  root = TRACEFS_MOUNT_POINT;
  return ok(root);
}

/** A tracefs-relative file's text, or its errno as a value. */
export function readTracefsFile(relativePath: string): SysResult<string> {
  const base = tracefsRoot();
  if (!base.ok) return base;
  return readText(path.join(base.value, relativePath));
}

/** Reads a file, reporting a failure as an errno value. */
export function readText(file: string): SysResult<string> {
  try {
    return ok(readFileSync(file, 'utf8'));
  } catch (e) {
    return fsError(e, file);
  }
}

export function fsError(e: unknown, file: string): SysResult<never> {
  const errno = typeof e === 'object' && e !== null && 'errno' in e ? Math.abs(Number(e.errno)) : C.EINVAL;
  return sysError('open', errno, file);
}

/** Every tracepoint, from `available_events` (or the events/ directories when it is absent). */
export function listTracepoints(): SysResult<readonly TracepointName[]> {
  if (tracepoints !== undefined) return ok(tracepoints);
  const text = readTracefsFile('available_events');
  if (text.ok) {
    tracepoints = text.value
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => {
        const at = l.indexOf(':');
        return { category: l.slice(0, at), name: l.slice(at + 1).trim() };
      });
    return ok(tracepoints);
  }
  const base = tracefsRoot();
  if (!base.ok) return base;
  const events = path.join(base.value, 'events');
  const found: TracepointName[] = [];
  try {
    for (const category of readdirSync(events, { withFileTypes: true })) {
      if (!category.isDirectory()) continue;
      for (const e of readdirSync(path.join(events, category.name), { withFileTypes: true })) {
        if (e.isDirectory()) found.push({ category: category.name, name: e.name });
      }
    }
  } catch (e) {
    return fsError(e, events);
  }
  tracepoints = found;
  return ok(found);
}

/**
 * Tracepoints matching `pattern`: `category:name` or a bare `name` (any category), each part a
 * shell-style wildcard (`*`, `?`, `[...]`), as in `kernel.trace("sched:sched_*")`.
 */
export function matchTracepoints(pattern: string): SysResult<readonly TracepointName[]> {
  const all = listTracepoints();
  if (!all.ok) return all;
  const at = pattern.indexOf(':');
  const categoryRe = at < 0 ? undefined : globToRegExp(pattern.slice(0, at));
  const nameRe = globToRegExp(at < 0 ? pattern : pattern.slice(at + 1));
  return ok(
    all.value.filter((t) => (categoryRe === undefined || categoryRe.test(t.category)) && nameRe.test(t.name)),
  );
}

/** A shell wildcard as an anchored RegExp: `*` any run, `?` one character, `[...]` a class. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The id perf_event_open(PERF_TYPE_TRACEPOINT) takes as `config`. */
export function tracepointId(category: string, name: string): SysResult<number> {
  const text = readTracefsFile(`events/${category}/${name}/id`);
  if (!text.ok) return text;
  const id = Number(text.value.trim());
  return Number.isInteger(id) ? ok(id) : sysError('tracepoint id', C.EINVAL, `${category}:${name}`);
}

/** The record layout of `category:name`. */
export function tracepointFormat(category: string, name: string): SysResult<TracepointFormat> {
  const text = readTracefsFile(`events/${category}/${name}/format`);
  if (!text.ok) return text;
  const format = parseTracepointFormat(text.value);
  return format === undefined ? sysError('tracepoint format', C.EINVAL, `${category}:${name}`) : ok(format);
}

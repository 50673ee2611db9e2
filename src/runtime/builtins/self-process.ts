/**
 * Facts about the tstap process, which is what stap's user-space-run probes (begin, end, timers)
 * see as "current": staprun in upstream. Read from /proc once; stap's values are per probe hit,
 * but none of these change during a session.
 */
import { readFileSync } from 'node:fs';

export interface SelfProcess {
  /** `comm`: the kernel's 15-byte task name. */
  readonly comm: string;
  readonly parentComm: string;
  readonly processGroup: number;
  readonly session: number;
  /** argv as the kernel holds it (/proc/self/cmdline). */
  readonly argv: readonly string[];
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

/** Fields after the `(comm)` of /proc/PID/stat: state, ppid, pgrp, session... */
function statFields(stat: string | undefined): string[] {
  if (stat === undefined) return [];
  return stat
    .slice(stat.lastIndexOf(')') + 2)
    .trim()
    .split(' ');
}

let cached: SelfProcess | undefined;

export function selfProcess(): SelfProcess {
  if (cached !== undefined) return cached;
  const comm = readProc('/proc/self/comm')?.replace(/\n$/, '') ?? process.title.slice(0, 15);
  const parentComm = readProc(`/proc/${process.ppid}/comm`)?.replace(/\n$/, '') ?? '';
  const stat = statFields(readProc('/proc/self/stat'));
  const cmdline = readProc('/proc/self/cmdline');
  const argv =
    cmdline === undefined
      ? process.argv
      : cmdline.endsWith('\0')
        ? cmdline.slice(0, -1).split('\0')
        : cmdline.split('\0');
  cached = {
    comm,
    parentComm,
    processGroup: Number(stat[2] ?? 0),
    session: Number(stat[3] ?? 0),
    argv: cmdline === '' ? [] : argv,
  };
  return cached;
}

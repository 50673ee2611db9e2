/**
 * Raw tracepoints: the tracepoint's TP_PROTO arguments instead of its formatted record, with
 * no perf event in between (cheaper per event).
 */
import { ok, rawTracepointOpen, type SysResult } from '../sys/index.js';
import { Link } from './link.js';

/**
 * Attaches a RAW_TRACEPOINT program (4.17) to the tracepoint `name` (`sched_switch`, no
 * category); or, with `name` undefined, a BTF-enabled TRACING program (tp_btf, 5.5) or an
 * fentry/fexit program, whose target was fixed at load time by attach_btf_id.
 */
export function attachRawTracepoint(progFd: number, name?: string): SysResult<Link> {
  const target = name === undefined ? 'BTF tracing target' : `raw tracepoint ${name}`;
  const r = rawTracepointOpen(name, progFd);
  if (!r.ok) return { ...r, message: `${target}: ${r.message}` };
  return ok(new Link(name === undefined ? 'tracing' : 'raw_tracepoint', target, [r.value]));
}

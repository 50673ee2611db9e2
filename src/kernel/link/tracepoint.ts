/** kernel.trace / syscall.* probes: a TRACEPOINT program on one cpu-0 perf event. */
import { C, ok, type SysResult } from '../sys/index.js';
import { tracepointId } from '../tracefs.js';
import type { Link } from './link.js';
import { openAndAttach } from './perf-event.js';

/**
 * Attaches a TRACEPOINT program to `category:name`. One event on CPU 0 suffices: the program
 * runs on whichever CPU hits the tracepoint, and a second per-CPU event would fail with EEXIST.
 * `bpfCookie` (5.15) lets one program serve several probes: bpf_get_attach_cookie() returns it.
 *
 * Detaching costs 30–90 ms per tracepoint in the kernel (serialized RCU waits); a raw or BTF
 * tracepoint (attachRawTracepoint) detaches in ~0.1 ms.
 */
export function attachTracepoint(
  progFd: number,
  category: string,
  name: string,
  bpfCookie?: bigint,
): SysResult<Link> {
  const target = `tracepoint ${category}:${name}`;
  const id = tracepointId(category, name);
  if (!id.ok) return { ...id, message: `${target} not found: ${id.message}` };
  const r = openAndAttach(
    'tracepoint',
    target,
    progFd,
    { type: C.PERF_TYPE_TRACEPOINT, config: id.value, samplePeriod: 1, wakeupEvents: 1 },
    -1,
    0,
    bpfCookie,
  );
  return r.ok ? ok(r.value) : r;
}

/**
 * Attaching a perf.* / timer.profile program: its event opened on every online CPU. A hardware
 * event the machine lacks (a VM without a PMU) fails to open with ENOENT or EOPNOTSUPP; the
 * message then says so in words rather than with the errno alone.
 */
import type { PerfAttach } from '../../compile/index.js';
import { attachPerfEvent, type Link, type SysResult } from '../../kernel/index.js';

const PERF_TYPE_HARDWARE = 0n;
const PERF_TYPE_HW_CACHE = 3n;

export function attachPerf(progFd: number, name: string, perf: PerfAttach): SysResult<Link> {
  const r = attachPerfEvent(
    progFd,
    {
      type: Number(perf.type),
      config: perf.config,
      samplePeriod: perf.sampling.value,
      ...(perf.sampling.kind === 'frequency' ? { freq: true } : {}),
    },
    undefined,
    name,
  );
  if (r.ok) return r;
  const hardware = perf.type === PERF_TYPE_HARDWARE || perf.type === PERF_TYPE_HW_CACHE;
  if (hardware && /ENOENT|EOPNOTSUPP|ENODEV|not supported|No such/i.test(r.message)) {
    return { ...r, message: `this machine has no such hardware perf event (${r.message})` };
  }
  return r;
}

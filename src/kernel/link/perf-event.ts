/**
 * Attaching a program to perf events: the mechanism under tracepoints, uprobes, kprobes,
 * timer.profile and perf.* probes. BPF_LINK_CREATE (5.15) is tried first; older kernels get
 * PERF_EVENT_IOC_SET_BPF + PERF_EVENT_IOC_ENABLE, which attach just as well.
 */
import { onlineCpus } from '../cpus.js';
import {
  C,
  linkCreate,
  ok,
  type PerfEventAttr,
  perfEventEnable,
  perfEventOpen,
  perfEventSetBpf,
  type SysResult,
  sysError,
} from '../sys/index.js';
import { closeAll, Link, type LinkKind } from './link.js';

let linkCreateWorks: boolean | undefined;

/**
 * Attaches `progFd` to an open perf event. Returns the link fd, or -1 when the ioctl fallback
 * was used (the perf fd alone then keeps the program attached).
 */
export function attachToPerfEventFd(progFd: number, perfFd: number, bpfCookie?: bigint): SysResult<number> {
  if (linkCreateWorks !== false) {
    const r = linkCreate({
      progFd,
      targetFd: perfFd,
      attachType: C.BPF_PERF_EVENT,
      ...(bpfCookie === undefined ? {} : { bpfCookie }),
    });
    if (r.ok) {
      linkCreateWorks = true;
      return r;
    }
    // Before 5.15 the attach type is unknown (EINVAL); without BPF links at all, the command is.
    if (linkCreateWorks === true || (r.errno !== C.EINVAL && r.errno !== C.ENOTSUPP)) return r;
    linkCreateWorks = false;
  }
  if (bpfCookie !== undefined) {
    return sysError('attach', C.EOPNOTSUPP, '(BPF cookies need BPF_LINK_CREATE on perf events, 5.15)');
  }
  const set = perfEventSetBpf(perfFd, progFd);
  if (!set.ok) return set;
  const enable = perfEventEnable(perfFd);
  return enable.ok ? ok(-1) : enable;
}

/** Opens one perf event and attaches the program: a Link holding [link fd,] perf fd. */
export function openAndAttach(
  kind: LinkKind,
  target: string,
  progFd: number,
  attr: PerfEventAttr,
  pid: number,
  cpu: number,
  bpfCookie?: bigint,
): SysResult<Link> {
  const perf = perfEventOpen(attr, pid, cpu);
  if (!perf.ok) return { ...perf, message: `${target}: ${perf.message}` };
  const link = attachToPerfEventFd(progFd, perf.value, bpfCookie);
  if (!link.ok) {
    closeAll([perf.value]);
    return { ...link, message: `${target}: ${link.message}` };
  }
  return ok(new Link(kind, target, link.value < 0 ? [perf.value] : [link.value, perf.value], [perf.value]));
}

/**
 * One perf event per CPU with the program attached to each: sampling events (timer.profile,
 * perf.sw.*, perf.hw.*) count per CPU, unlike tracepoints. All or nothing: on a failure the
 * events already opened are closed.
 */
export function attachPerfEvent(
  progFd: number,
  attr: PerfEventAttr,
  cpus: readonly number[] = onlineCpus(),
  target = `perf event type ${attr.type} config ${attr.config}`,
): SysResult<Link> {
  const fds: number[] = [];
  const perfFds: number[] = [];
  for (const cpu of cpus) {
    const one = openAndAttach('perf_event', target, progFd, attr, -1, cpu);
    if (!one.ok) {
      closeAll(fds);
      return { ...one, message: `${one.message} (cpu ${cpu})` };
    }
    fds.push(...one.value.fds);
    perfFds.push(...one.value.perfFds);
  }
  return ok(new Link('perf_event', target, fds, perfFds));
}

/** perf_event_attr for a software event (PERF_COUNT_SW_*), sampled every `period` events or at `frequencyHz`. */
export function softwareEventAttr(
  config: number,
  sampling: { period: number } | { frequencyHz: number },
): PerfEventAttr {
  return 'period' in sampling
    ? { type: C.PERF_TYPE_SOFTWARE, config, samplePeriod: sampling.period }
    : { type: C.PERF_TYPE_SOFTWARE, config, samplePeriod: sampling.frequencyHz, freq: true };
}

/** perf_event_attr for a hardware event (PERF_COUNT_HW_*). */
export function hardwareEventAttr(
  config: number,
  sampling: { period: number } | { frequencyHz: number },
): PerfEventAttr {
  return { ...softwareEventAttr(config, sampling), type: C.PERF_TYPE_HARDWARE };
}

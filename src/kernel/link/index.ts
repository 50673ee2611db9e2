export { closeAll, Link, type LinkKind } from './link.js';
export {
  attachPerfEvent,
  attachToPerfEventFd,
  hardwareEventAttr,
  openAndAttach,
  softwareEventAttr,
} from './perf-event.js';
export {
  attachKprobe,
  attachUprobe,
  type PmuInfo,
  type ProbePmu,
  probePmu,
  type UprobeOptions,
} from './probe-pmu.js';
export { attachRawTracepoint } from './raw-tracepoint.js';
export { attachTracepoint } from './tracepoint.js';

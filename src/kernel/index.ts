/**
 * The kernel layer: bpf(2) maps and programs, attachment, ring buffers, and what the running
 * kernel offers (BTF types, tracepoints, symbols, features). Elaboration and compilation reach
 * it only through interfaces they own, implemented with these and wired by src/cli.
 */
export {
  Btf,
  BtfBuilder,
  type BtfKind,
  type BtfMember,
  type BtfType,
  encodeFuncInfo,
  findMember,
  loadBtf,
  type MemberLocation,
  memberPath,
  resolvedType,
  resolveType,
  sizeOf,
  type TracepointArg,
  type TracepointProto,
  tracepointProto,
  typeName,
  VMLINUX_BTF_PATH,
  vmlinuxBtf,
} from './btf/index.js';
export { kernelContextTarget } from './context-target.js';
export { onlineCpus, parseCpuList, possibleCpus } from './cpus.js';
export {
  type ElfFile,
  type ElfResult,
  type ElfSymbol,
  listUserProbePoints,
  readElf,
  resolveExecutable,
  resolveLibrary,
  type SdtArg,
  type SdtArgLocation,
  type SdtNote,
  type UserProbeKind,
  type UserProbeListing,
} from './elf/index.js';
export {
  describeFeatures,
  FEATURE_NAMES,
  type FeatureName,
  type FeatureResult,
  haveAtomicFetch,
  haveBpf,
  haveBpfLoop,
  haveBtf,
  haveBtfRawTracepoint,
  haveFeature,
  haveFentry,
  haveKallsyms,
  haveKprobes,
  haveLookupPercpuElem,
  havePerfHardwareEvents,
  havePerfLink,
  havePerfSoftwareEvents,
  haveProbeReadKernel,
  haveRawTracepoint,
  haveRingbuf,
  haveTracefs,
  haveUprobes,
  probeAllFeatures,
} from './features.js';
export { Kallsyms, kallsyms, type SymbolLocation } from './kallsyms.js';
export {
  attachKprobe,
  attachPerfEvent,
  attachRawTracepoint,
  attachTracepoint,
  attachUprobe,
  hardwareEventAttr,
  Link,
  type LinkKind,
  softwareEventAttr,
  type UprobeOptions,
} from './link/index.js';
export { BpfMap, type MapDump, type MapSpec, type MapType } from './map.js';
export { type BpfObjectSummary, listBpfObjects } from './objects.js';
export {
  BpfProgram,
  linuxVersionCode,
  type MapRelocation,
  type ProgramBtf,
  type ProgramLoadError,
  type ProgramLoadResult,
  type ProgramSpec,
  type ProgramType,
  verifierLogTail,
} from './program.js';
export {
  type RecordCallback,
  RingBuffer,
  RingBufferPoller,
  type RingBufferPollMode,
  type RingBufferPollOptions,
  type RingBufferStats,
} from './ringbuf/index.js';
export { KernelSession } from './session.js';
export { C, type PerfEventAttr, type SysError, type SysResult } from './sys/index.js';
export { kernelTarget } from './trace-target.js';
export {
  globToRegExp,
  listTracepoints,
  matchTracepoints,
  TRACEFS_MOUNT_POINT,
  type TracepointName,
  tracefsRoot,
  tracepointFormat,
  tracepointId,
} from './tracefs.js';
export {
  type DynamicLocation,
  decodeDynamicLocation,
  parseTracepointFormat,
  type TracepointField,
  type TracepointFormat,
} from './tracepoint-format.js';

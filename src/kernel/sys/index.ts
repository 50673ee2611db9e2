/**
 * The system-call surface of the kernel layer (cilium/ebpf's internal/sys): bpf(2) with typed
 * attrs, perf_event_open(2), ioctl, mmap, close, mount and fd polling. Only this directory loads
 * the FFI package; swap `ffi.ts` for an N-API addon and nothing else changes.
 */
export { cString, objectName, readCString } from './attr.js';
export { bpf, bpfCommandName } from './bpf.js';
export { type BtfLoadAttr, btfLoad } from './btf-attr.js';
export * as C from './constants.js';
export { close, closeAsync } from './fd.js';
export { type FdPoller, pageSize, pollReadable } from './ffi.js';
export {
  type LinkInfo,
  linkInfo,
  type MapInfo,
  mapInfo,
  type ObjectKind,
  objGetFdById,
  objGetInfoByFd,
  objGetNextId,
  type ProgInfo,
  progInfo,
} from './info.js';
export { type LinkCreateAttr, linkCreate, rawTracepointOpen } from './link-attr.js';
export {
  type MapCreateAttr,
  type MapLookupBatchAttr,
  mapCreate,
  mapDeleteElem,
  mapGetNextKey,
  mapLookupBatch,
  mapLookupElem,
  mapUpdateElem,
} from './map-attr.js';
export { type Mapping, mmapShared, munmap } from './memory.js';
export { mount } from './mount.js';
export {
  encodePerfEventAttr,
  type PerfEventAttr,
  type PerfEventFlags,
  perfEventDisable,
  perfEventEnable,
  perfEventOpen,
  perfEventSetBpf,
} from './perf-event.js';
export { type ProgLoadAttr, type ProgLoadResult, progLoad } from './prog-attr.js';
export { errnoName, ok, type SysError, type SysOk, type SysResult, sysError } from './result.js';

/**
 * BPF_PROG_LOAD: the anonymous struct that starts with `prog_type` in `union bpf_attr`.
 */
import { Attr, cString } from './attr.js';
import { bpf } from './bpf.js';
import * as C from './constants.js';
import type { SysResult } from './result.js';

export interface ProgLoadAttr {
  readonly progType: number;
  /** Encoded `struct bpf_insn`s, 8 bytes each (a 16-byte ld_imm64 counts as two). */
  readonly insns: Uint8Array;
  readonly license: string;
  readonly logLevel?: number;
  /** Receives the verifier log when logLevel > 0; must be non-empty then. */
  readonly logBuf?: Uint8Array;
  /** LINUX_VERSION_CODE; only kprobe programs before 5.0 check it. */
  readonly kernVersion?: number;
  readonly progFlags?: number;
  readonly progName?: string;
  readonly expectedAttachType?: number;
  /** BTF object carrying func_info/line_info types. */
  readonly progBtfFd?: number;
  /** `struct bpf_func_info` records (insn_off, type_id), 8 bytes each. */
  readonly funcInfo?: Uint8Array;
  /** `struct bpf_line_info` records, 16 bytes each. */
  readonly lineInfo?: Uint8Array;
  /** BTF type id of the attach target (tracing programs: a func or a btf_trace_* typedef). */
  readonly attachBtfId?: number;
}

export interface ProgLoadResult {
  /** The verifier's own count of log bytes it wanted (6.4+), 0 when unknown. */
  readonly logTrueSize: number;
}

const PROG_LOAD_SIZE = 144; // through log_true_size (6.4); older kernels accept the zero tail.
const FUNC_INFO_REC_SIZE = 8;
const LINE_INFO_REC_SIZE = 16;

export function progLoad(a: ProgLoadAttr): SysResult<number> & ProgLoadResult {
  const license = cString(a.license);
  const attr = new Attr(PROG_LOAD_SIZE)
    .u32(0, a.progType)
    .u32(4, a.insns.byteLength / 8)
    .ptr(8, a.insns)
    .ptr(16, license)
    .u32(24, a.logLevel ?? 0)
    .u32(28, a.logBuf?.byteLength ?? 0)
    .ptr(32, a.logBuf)
    .u32(40, a.kernVersion ?? 0)
    .u32(44, a.progFlags ?? 0)
    .u32(68, a.expectedAttachType ?? 0)
    .u32(72, a.progBtfFd ?? 0)
    .u32(108, a.attachBtfId ?? 0);
  if (a.progName !== undefined) attr.objName(48, a.progName, C.BPF_OBJ_NAME_LEN);
  const keep: Uint8Array[] = [a.insns, license];
  if (a.logBuf !== undefined) keep.push(a.logBuf);
  if (a.funcInfo !== undefined) {
    attr
      .u32(76, FUNC_INFO_REC_SIZE)
      .ptr(80, a.funcInfo)
      .u32(88, a.funcInfo.byteLength / FUNC_INFO_REC_SIZE);
    keep.push(a.funcInfo);
  }
  if (a.lineInfo !== undefined) {
    attr
      .u32(92, LINE_INFO_REC_SIZE)
      .ptr(96, a.lineInfo)
      .u32(104, a.lineInfo.byteLength / LINE_INFO_REC_SIZE);
    keep.push(a.lineInfo);
  }
  const r = bpf(C.BPF_PROG_LOAD, attr.bytes, ...keep);
  return { ...r, logTrueSize: attr.readU32(140) };
}
